// locus approve RUN STEP / locus signal RUN NAME: deliver what a wait_for step waits for. The run
// is marked due, and `locus worker` (or `locus resume RUN`) continues it.
#include "runtime/cli/cli.h"

#include <cstdio>

namespace locus::cli {

namespace {

int deliver(const SessionOptions& so, const std::string& runId, const std::string& name,
            const Json& payload, const char* what) {
  Session s;
  if (!openSession(so, s)) return kUsage;
  std::optional<rt::RunRecord> run = s.store->getRun(runId);
  if (!run) {
    std::fprintf(stderr, "locus: no run %s in %s\n", runId.c_str(), s.dbPath.c_str());
    return kUsage;
  }
  if (run->status == "completed" || run->status == "failed") {
    std::fprintf(stderr, "locus: run %s is already %s\n", run->id.c_str(), run->status.c_str());
    return kUsage;
  }
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
