// locus approve RUN STEP / locus signal RUN NAME: deliver what a wait_for step waits for. The run
// is marked due, and `locus worker` (or `locus resume RUN`) continues it.
#include "runtime/cli/cli.h"
#include "runtime/engine/run_control.h"
#include "runtime/engine/waits.h"

#include <cstdio>

namespace locus::cli {

namespace {

// A run waiting at wait_for steps takes only what they wait for; any other run takes what one of
// its wait_for steps could take later (a signal may arrive before the run gets there).
bool expected(Session& s, const rt::RunRecord& run, const std::string& key) {
  std::vector<rt::AwaitedWait> waits;
  if (run.status == "waiting") waits = rt::awaitedWaits(*s.store, run.id);
  for (const rt::AwaitedWait& w : waits)
    if (w.key == key) return true;
  if (waits.empty()) { // not at a wait_for (or waiting on a timer): anything a later one takes
    const rt::Program* program = programOf(s, run.programHash);
    const Json* workflow = program ? program->workflow(run.workflow) : nullptr;
    if (!workflow || rt::workflowCanReceive(*workflow, key)) return true;
  }
  std::fprintf(stderr, "locus: run %s (%s) is not waiting for %s", run.id.c_str(),
               run.status.c_str(), rt::describeWait(run.id, key).c_str());
  if (waits.empty()) {
    std::fprintf(stderr, "; no wait_for step of %s takes it\n", run.workflow.c_str());
    return false;
  }
  std::fprintf(stderr, "; it waits for:\n");
  for (const rt::AwaitedWait& w : waits)
    std::fprintf(stderr, "  %s\n", rt::describeWait(run.id, w.key).c_str());
  return false;
}

int deliver(const SessionOptions& so, const std::string& runId, const std::string& name,
            const Json& payload, const char* what) {
  Session s;
  if (!openSession(so, s)) return kUsage;
  std::optional<rt::RunRecord> run = s.store->getRun(runId);
  if (!run) {
    std::fprintf(stderr, "locus: no run %s in %s\n", runId.c_str(), s.dbPath.c_str());
    return kUsage;
  }
  if (rt::runHasEnded(run->status)) {
    std::fprintf(stderr, "locus: run %s is already %s\n", run->id.c_str(), run->status.c_str());
    return kUsage;
  }
  if (!expected(s, *run, name)) return kFailed;
  bool added = s.store->sendSignal(run->id, name, payload);
  std::fprintf(stderr, "%s %s for run %s%s\n", what, added ? "recorded" : "was already recorded",
               run->id.c_str(),
               run->status == "waiting" ? " (locus worker or locus resume continues it)" : "");
  return 0;
}

} // namespace

int commandApprove(const SessionOptions& so, const ApproveOptions& o) {
  Json payload = {{"approved", !o.reject}};
  if (!o.by.empty()) payload["by"] = o.by;
  return deliver(so, o.run, "approval:" + o.step, payload, o.reject ? "rejection" : "approval");
}

int commandSignal(const SessionOptions& so, const SignalOptions& o) {
  Json payload = Json::parse(o.data, nullptr, false);
  if (payload.is_discarded()) {
    std::fprintf(stderr, "locus signal: --data is not valid JSON: %s\n", o.data.c_str());
    return kUsage;
  }
  return deliver(so, o.run, o.name, payload, "signal");
}

} // namespace locus::cli
