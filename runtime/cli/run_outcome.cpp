// How `locus run` and `locus resume` report a run's outcome: exit status and printed result.
#include "runtime/cli/cli.h"
#include "runtime/engine/waits.h"

#include <cstdio>

namespace locus::cli {

int exitFor(const std::string& status) {
  if (status == "completed") return kCompleted;
  if (status == "failed" || status == "cancelled" || status == "terminated") return kFailed;
  if (status == "waiting") return kWaiting;
  if (status == "queued") return kQueued;
  if (status == "skipped") return kSkipped;
  return kBusy;
}

void printOutcome(const std::string& runId, const rt::RunOutcome& o, bool json) {
  if (json) {
    Json j = {{"run", runId}, {"status", o.status}, {"output", o.output}};
    if (!o.error.is_null()) j["error"] = o.error;
    if (o.wakeAtMs) j["wakeAtMs"] = o.wakeAtMs;
    if (!o.waitingFor.empty()) j["waitingFor"] = o.waitingFor;
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::fprintf(stderr, "run %s %s", runId.c_str(), o.status.c_str());
  if (o.status == "failed")
    std::fprintf(stderr, " at %s: %s", o.error.value("step", "").c_str(),
                 o.error.value("message", "").c_str());
  if ((o.status == "cancelled" || o.status == "terminated" || o.status == "skipped") &&
      o.error.is_object())
    std::fprintf(stderr, " (%s)", o.error.value("message", "").c_str());
  if (o.status == "waiting") {
    if (!o.waitingFor.empty() && o.waitingFor != "timer")
      std::fprintf(stderr, " for %s", rt::describeWait(runId, o.waitingFor).c_str());
    else
      std::fprintf(stderr, o.wakeAtMs ? " for a timer (locus worker continues it)"
                                      : " for a signal or approval");
  }
  std::fprintf(stderr, "\n");
  if (o.status == "completed") std::printf("%s\n", o.output.dump().c_str());
}

} // namespace locus::cli
