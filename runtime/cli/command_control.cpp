// locus cancel RUN / locus terminate RUN: stop a run (rt::requestCancel, rt::terminateRun).
// A waiting run is cancelled right here: this process claims it, unwinds it through its
// `finally` blocks and handlers, and reports the end; a run another process executes stops there
// at its next step boundary.
#include "runtime/cli/cli.h"
#include "runtime/engine/child_runs.h"
#include "runtime/engine/run_control.h"

#include <cstdio>
#include <cstdlib>

namespace locus::cli {

std::string operatorName() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

namespace {

// Executes the cancelled run's cleanup now, its waiting children's first (they were cancelled
// with it); Busy means another process runs it and will stop.
int cleanUpNow(Session& s, const SessionOptions& so, const std::string& runId) {
  for (const std::string& child : rt::childRunsOf(*s.store, runId))
    if (std::optional<rt::RunRecord> c = s.store->getRun(child); c && c->status == "waiting")
      cleanUpNow(s, so, child);
  std::optional<rt::RunRecord> run = s.store->getRun(runId);
  const rt::Program* program = run ? programOf(s, run->programHash) : nullptr;
  if (!program) return kUsage;
  rt::EngineServices services = engineServices(s, *program);
  services.options.allowPluginChange = true; // a cancel's cleanup runs on the plugins there are
  rt::RunOutcome outcome;
  rt::ClaimResult r = rt::claimAndExecute(services, runId, rt::makeOwnerId(), outcome);
  if (r == rt::ClaimResult::Claimed) {
    printOutcome(runId, outcome, so.json);
    return outcome.status == "cancelled" ? kCompleted : exitFor(outcome.status);
  }
  return kCompleted;
}

// Opens the store, finds `o.run` and hands it to `act`; a missing run or a store failure is a
// usage error (exit 2) with its message.
template <class Act> int withRun(const SessionOptions& so, const ControlOptions& o, Act act) {
  Session s;
  if (!openSession(so, s)) return kUsage;
  try {
    std::optional<rt::RunRecord> run = s.store->getRun(o.run);
    if (!run) {
      std::fprintf(stderr, "locus: no run %s in %s\n", o.run.c_str(), s.dbPath.c_str());
      return kUsage;
    }
    return act(s, *run);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return kUsage;
  }
}

} // namespace

int commandCancel(const SessionOptions& so, const ControlOptions& o) {
  return withRun(so, o, [&](Session& s, const rt::RunRecord& run) -> int {
    rt::ControlResult r = rt::requestCancel(*s.store, run, o.reason, operatorName());
    std::fprintf(stderr, "%s%s\n", r.ok ? "" : "locus: ", r.message.c_str());
    if (!r.ok) return kFailed;
    if (run.status != "waiting") return kCompleted;
    return loadPlugins(s) ? cleanUpNow(s, so, run.id) : kUsage;
  });
}

int commandTerminate(const SessionOptions& so, const ControlOptions& o) {
  return withRun(so, o, [&](Session& s, const rt::RunRecord& run) -> int {
    rt::ControlResult r = rt::terminateRun(*s.store, run, o.reason, operatorName());
    std::fprintf(stderr, "%s%s\n", r.ok ? "" : "locus: ", r.message.c_str());
    return r.ok ? kCompleted : kFailed;
  });
}

} // namespace locus::cli
