// `locus resume RUN --retry-failed`: the one way a step that failed for good is called again.
#include "runtime/engine/runner.h"

namespace locus::rt {

namespace {

constexpr std::string_view kFailedSuffix = "@failed";

bool endsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool startsWith(const std::string& s, const std::string& head) {
  return s.compare(0, head.size(), head) == 0;
}

} // namespace

std::string clearFailureForRetry(Store& store, const RunRecord& run) {
  if (run.status != "failed")
    return "run " + run.id + " is " + run.status + "; --retry-failed applies to failed runs";
  std::string failedStep = run.error.is_object() ? run.error.value("step", "") : "";
  std::vector<std::pair<std::string, Json>> checkpoints = store.checkpoints(run.id);
  for (const auto& [key, _] : checkpoints)
    if (startsWith(key, run.workflow + ".on_error") ||
        startsWith(key, run.workflow + ".on_failure"))
      return "run " + run.id + "'s compensation ran (" + key +
             " completed), so its failure is final; start a new run instead";
  // The failure record of the failed step and of each step enclosing it (a db_tx), with their
  // retry records: the step gets its whole retry budget again.
  std::vector<std::string> drop;
  for (const auto& [key, _] : checkpoints) {
    if (!endsWith(key, kFailedSuffix)) continue;
    std::string step = key.substr(0, key.size() - kFailedSuffix.size());
    if (failedStep != step && !startsWith(failedStep, step + "/")) continue;
    drop.push_back(key);
    for (const auto& [other, __] : checkpoints)
      if (startsWith(other, step + "@attempt#")) drop.push_back(other);
  }
  store.deleteCheckpoints(run.id, drop);
  return "";
}

} // namespace locus::rt
