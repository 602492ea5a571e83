// locus worker: delivers queue messages to the workflows they trigger (`on:queue(topic)`), starts
// the runs of `on:schedule("cron")` workflows whose minute has come, then
// executes every run that is due: queued runs, waiting runs whose timer is due or whose signal
// arrived, and runs whose owner died (expired lease, or a dead process on this machine).
// Several workers may share one store: every run is claimed with a lease first.
#include "runtime/cli/cli.h"
#include "runtime/engine/cron_schedule.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace locus::cli {

namespace {

std::atomic<bool> stopRequested{false};
void requestStop(int) {
  stopRequested = true;
}

std::vector<std::string> subscribers(const rt::Program& p, const std::string& topic) {
  std::vector<std::string> out;
  for (const auto& [name, wf] : p.workflows)
    for (const Json& t : (*wf)["triggers"])
      if (t.value("kind", "") == "queue" && t.value("topic", "") == topic) out.push_back(name);
  return out;
}

size_t deliverMessages(Session& s, const rt::Program& program) {
  size_t work = 0;
  for (const rt::QueueMessage& m : s.store->pendingMessages(200)) {
    std::vector<rt::RunRecord> runs;
    for (const std::string& wf : subscribers(program, m.topic)) {
      Json input = m.payload.is_object() ? m.payload : Json{{"payload", m.payload}};
      std::vector<std::string> problems = rt::validateInput(*program.workflow(wf), input, program);
      if (!problems.empty()) {
        std::fprintf(
            stderr,
            "locus worker: message %lld on %s does not fit the input of %s: %s (no run started)\n",
            static_cast<long long>(m.seq), m.topic.c_str(), wf.c_str(), problems[0].c_str());
        continue;
      }
      runs.push_back(rt::newRun(program, wf, input, "m" + std::to_string(m.seq) + "-" + wf));
    }
    if (runs.empty()) continue; // nobody subscribes: the message waits for a subscriber
    if (s.store->deliverMessage(m.seq, runs)) ++work;
  }
  return work;
}

// `on:schedule("cron")`: one run per matching minute. The run ID names the workflow and the
// minute, so several workers (or restarts) create it once.
size_t startScheduledRuns(Session& s, const rt::Program& program) {
  size_t work = 0;
  int64_t minute = rt::nowMs() / 60000 * 60000;
  for (const auto& [name, wf] : program.workflows)
    for (const Json& t : (*wf)["triggers"]) {
      if (t.value("kind", "") != "schedule" || !rt::cronMatches(t.value("cron", ""), minute)) continue;
      Json input = Json::object();
      if (!rt::validateInput(*wf, input, program).empty()) continue; // needs inputs: cannot be scheduled
      if (s.store->createRun(rt::newRun(program, name, input, "cron-" + name + "-" + std::to_string(minute / 60000))))
        ++work;
    }
  return work;
}

size_t executeDueRuns(Session& s, const std::string& owner) {
  size_t work = 0;
  for (const rt::RunRecord& r : s.store->runnableRuns(rt::nowMs(), 200)) {
    if (stopRequested) break;
    const rt::Program* program = programOf(s, r.programHash);
    if (!program || !program->workflow(r.workflow)) continue;
    rt::EngineServices services = engineServices(s, *program);
    rt::RunOutcome outcome;
    if (rt::claimAndExecute(services, r.id, owner, outcome) != rt::ClaimResult::Claimed) continue;
    ++work;
    if (!s.quiet)
      std::fprintf(stderr, "locus worker: run %s (%s) %s\n", r.id.c_str(), r.workflow.c_str(),
                   outcome.status.c_str());
  }
  return work;
}

} // namespace

int commandWorker(const Args& args) {
  Session s;
  if (!openSession(args, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* current = nullptr;
  if (args.options.count("project") || args.options.count("bundle")) {
    current = loadCurrentProgram(args, s);
    if (!current) return kUsage;
  }
  std::signal(SIGINT, requestStop);
  std::signal(SIGTERM, requestStop);
  int64_t pollMs = 200;
  try {
    pollMs = std::stoll(args.get("poll-ms", "200"));
  } catch (...) {
  }
  std::string owner = rt::makeOwnerId();
  try {
    while (!stopRequested) {
      size_t work = 0;
      if (!current)
        if (auto hash = s.store->latestProgramHash()) current = programOf(s, *hash);
      if (current) work += deliverMessages(s, *current) + startScheduledRuns(s, *current);
      work += executeDueRuns(s, owner);
      if (work == 0) {
        if (args.has("once")) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(pollMs));
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus worker: %s\n", e.what());
    return kUsage;
  }
  return 0;
}

} // namespace locus::cli
