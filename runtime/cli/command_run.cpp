// locus run / locus resume.
#include "runtime/cli/cli.h"
#include "runtime/engine/progress_display.h"
#include "runtime/engine/upgrade_check.h"
#include "runtime/engine/waits.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace locus::cli {

namespace {

bool readInput(const std::string& option, Json& input) {
  std::string text = option;
  if (!text.empty() && text[0] == '@') {
    std::ifstream in(text.substr(1), std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "locus: cannot read the input file %s\n", text.substr(1).c_str());
      return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  input = Json::parse(text, nullptr, false);
  if (input.is_discarded()) {
    std::fprintf(stderr, "locus: --input is not valid JSON: %s\n", text.c_str());
    return false;
  }
  return true;
}

struct ClaimOptions {
  bool json = false;
  bool noProgress = false;
  bool noWait = false;
};

// On a terminal, a progress line replaces the per-step lines; retries and failures stay printed.
std::unique_ptr<rt::ProgressDisplay> startProgress(Session& s, const std::string& workflow,
                                                   const ClaimOptions& o) {
  if (s.quiet || o.json || o.noProgress || !rt::progressWanted()) return nullptr;
  auto display = std::make_unique<rt::ProgressDisplay>(workflow, stderr);
  rt::ProgressDisplay* d = display.get();
  s.options.onStepStart = [d](const std::string& step) { d->stepStarted(step); };
  s.options.onTrace = [d](const Json& e) {
    std::string outcome = e.value("outcome", "");
    d->stepEnded(outcome);
    if (outcome != "retrying" && outcome != "failed") return;
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1f ms", e.value("durationUs", 0) / 1000.0);
    std::string message = e.contains("error") ? e["error"].value("message", "") : "";
    d->note("  " + std::string(outcome == "retrying" ? "retry" : "failed") + " " +
            e.value("step", "") + " (" + ms + ")" + (message.empty() ? "" : ": " + message));
  };
  return display;
}

// A run that would continue on other plugin code than it started with (runner.h) is refused.
int refusePluginChange(Session& s, const std::string& runId) {
  std::optional<rt::RunRecord> run = s.store->getRun(runId);
  std::string change = run ? rt::pluginChange(*s.store, *run, s.options.pluginDigests) : "";
  std::fprintf(stderr,
               "locus: run %s was started with other plugin code (%s); `locus resume %s "
               "--allow-plugin-change` continues it on the plugins loaded now\n",
               runId.c_str(), change.c_str(), runId.c_str());
  return kUsage;
}

// Claims until the run executes, waiting while its concurrency group is full (never dropping it).
int claimLoop(Session& s, const rt::Program& program, const std::string& runId,
              const ClaimOptions& o) {
  std::optional<rt::RunRecord> record = s.store->getRun(runId);
  std::unique_ptr<rt::ProgressDisplay> progress =
      startProgress(s, record ? record->workflow : runId, o);
  rt::EngineServices services = engineServices(s, program);
  std::string owner = rt::makeOwnerId();
  std::optional<std::string> announced;
  for (;;) {
    rt::RunOutcome outcome;
    int64_t ahead = 0;
    rt::ClaimResult r = rt::claimAndExecute(services, runId, owner, outcome, &ahead);
    if (r != rt::ClaimResult::Queued) progress.reset(); // cleared before anything is printed
    if (r == rt::ClaimResult::Claimed) {
      printOutcome(runId, outcome, o.json);
      return exitFor(outcome.status);
    }
    if (r == rt::ClaimResult::Finished || r == rt::ClaimResult::Missing) {
      std::optional<rt::RunRecord> run = s.store->getRun(runId);
      if (!run) return kUsage;
      rt::RunOutcome done{run->status, run->output, run->error, run->wakeAtMs, ""};
      if (run->status == "waiting")
        for (const rt::AwaitedWait& w : rt::awaitedWaits(*s.store, runId)) done.waitingFor = w.key;
      printOutcome(runId, done, o.json);
      return exitFor(run->status);
    }
    if (r == rt::ClaimResult::PluginsChanged) return refusePluginChange(s, runId);
    if (r == rt::ClaimResult::Busy) {
      std::optional<rt::RunRecord> run = s.store->getRun(runId);
      std::fprintf(stderr, "locus: run %s is being executed by %s\n", runId.c_str(),
                   run ? run->leaseOwner.c_str() : "another process");
      return kBusy;
    }
    std::optional<rt::RunRecord> queued = s.store->getRun(runId);
    std::string why = queued ? waitText(*queued) : "";
    if (o.noWait) {
      std::fprintf(stderr, "run %s queued: %s (locus worker starts it)\n", runId.c_str(),
                   why.empty() ? "its concurrency group is full" : why.c_str());
      return kQueued;
    }
    // A new reason (throttled after a debounce window, say) is announced again.
    if (announced != why && !s.quiet) {
      if (why.empty())
        std::fprintf(stderr, "run %s queued behind %lld run(s) of its concurrency group\n",
                     runId.c_str(), static_cast<long long>(ahead));
      else
        std::fprintf(stderr, "run %s queued: %s\n", runId.c_str(), why.c_str());
    }
    announced = why;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// `--run-id` again: the same workflow and input continue (or report) that run; anything else is an
// error, so a reused ID never silently answers for a different request.
bool sameRequest(const rt::RunRecord& old, const std::string& workflow, const Json& input) {
  if (old.workflow != workflow) {
    std::fprintf(stderr, "locus: run %s already exists for workflow %s; choose another --run-id\n",
                 old.id.c_str(), old.workflow.c_str());
    return false;
  }
  if (old.input != input) {
    std::fprintf(stderr,
                 "locus: run %s already exists with a different input (%s); the same --run-id "
                 "must come with the same input, or choose another --run-id\n",
                 old.id.c_str(), old.input.dump().c_str());
    return false;
  }
  return true;
}

// `resume --upgrade`: the run moves onto the project's current program (compiled now) when its
// completed steps allow it. Null (after printing why) when it cannot; else the program to run.
const rt::Program* upgradeForResume(const SessionOptions& so, Session& s, const rt::RunRecord& run,
                                    const rt::Program& from) {
  // Compiling replaces a stored program of the same hash, so `from` is only read when it differs.
  const rt::Program* current = loadCurrentProgram(so, s);
  if (!current) return nullptr;
  if (current->hash == run.programHash) {
    if (!s.quiet) std::fprintf(stderr, "run %s already runs the current program\n", run.id.c_str());
    return current;
  }
  std::vector<std::string> problems = rt::upgradeRun(*s.store, run, from, *current);
  if (!problems.empty()) {
    std::fprintf(stderr,
                 "locus: run %s cannot move onto the current program (it is left as it "
                 "was):\n",
                 run.id.c_str());
    for (const std::string& p : problems) std::fprintf(stderr, "  - %s\n", p.c_str());
    return nullptr;
  }
  if (!s.quiet)
    std::fprintf(stderr, "run %s moved onto the current program %s\n", run.id.c_str(),
                 current->hash.substr(0, 12).c_str());
  return current;
}

} // namespace

int commandRun(const SessionOptions& so, const RunOptions& o) {
  const std::string& workflow = o.workflow;
  Json input;
  if (!readInput(o.input, input)) return kUsage;
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* program = loadCurrentProgram(so, s);
  if (!program) return kUsage;
  if (!program->workflow(workflow)) {
    std::string known;
    for (const auto& [name, _] : program->workflows) known += (known.empty() ? "" : ", ") + name;
    std::fprintf(stderr, "locus: unknown workflow `%s` (the program has: %s)\n", workflow.c_str(),
                 known.empty() ? "no workflows" : known.c_str());
    return kUsage;
  }
  std::vector<std::string> problems =
      rt::validateInput(*program->workflow(workflow), input, *program);
  if (!problems.empty()) {
    std::fprintf(stderr, "locus: the input of %s is not valid; nothing was started:\n",
                 workflow.c_str());
    for (const std::string& p : problems) std::fprintf(stderr, "  - %s\n", p.c_str());
    return kUsage;
  }
  rt::RunRecord run = rt::newRun(*program, workflow, input, o.runId);
  ClaimOptions claim{so.json, o.noProgress, o.noWait};
  try {
    if (!s.store->createRun(run)) {
      std::optional<rt::RunRecord> old = s.store->getRun(run.id);
      if (!old || !sameRequest(*old, workflow, input)) return kUsage;
      // The same request again: continue (or report) that run with the program it started with.
      if (const rt::Program* original = programOf(s, old->programHash)) program = original;
    }
    if (!s.quiet && !so.json)
      std::fprintf(stderr, "run %s: %s\n", run.id.c_str(), workflow.c_str());
    return claimLoop(s, *program, run.id, claim);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return kUsage;
  }
}

int commandResume(const SessionOptions& so, const ResumeOptions& o) {
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  try {
    std::optional<rt::RunRecord> run = s.store->getRun(o.run);
    if (!run) {
      std::fprintf(stderr, "locus: no run %s in %s (locus runs lists them)\n", o.run.c_str(),
                   s.dbPath.c_str());
      return kUsage;
    }
    const rt::Program* program = programOf(s, run->programHash);
    if (!program) {
      std::fprintf(stderr, "locus: the program of run %s is missing from the store\n",
                   run->id.c_str());
      return kUsage;
    }
    bool upgraded = false;
    if (o.upgrade) {
      // The current program replaces a stored one of the same hash: use the pointer it returns.
      const rt::Program* current = upgradeForResume(so, s, *run, *program);
      if (!current) return kUsage;
      upgraded = current->hash != run->programHash;
      program = current;
    }
    if (run->status == "failed" && !o.retryFailed && !upgraded) {
      // A failure is final: resuming would take the same path again.
      printOutcome(run->id, rt::RunOutcome{run->status, run->output, run->error, 0, ""}, so.json);
      if (!so.json)
        std::fprintf(stderr,
                     "(locus resume %s --retry-failed calls the failed step again; --upgrade "
                     "first moves the run onto the current program)\n",
                     run->id.c_str());
      return kFailed;
    }
    if (o.retryFailed && !upgraded) { // an upgrade dropped the failure record already
      std::string refused = rt::clearFailureForRetry(*s.store, *run);
      if (!refused.empty()) {
        std::fprintf(stderr, "locus: %s\n", refused.c_str());
        return kUsage;
      }
    }
    if (!o.allowPluginChange && !rt::pluginChange(*s.store, *run, s.options.pluginDigests).empty())
      return refusePluginChange(s, run->id);
    s.options.allowPluginChange = o.allowPluginChange;
    rt::traceRunEvent(
        *s.store, *run, "resumed",
        {{"from", run->status}, {"retryFailed", o.retryFailed}, {"upgraded", upgraded}});
    return claimLoop(s, *program, run->id, ClaimOptions{so.json, o.noProgress, false});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return kUsage;
  }
}

} // namespace locus::cli
