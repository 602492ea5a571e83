#include "runtime/engine/waits.h"
#include "runtime/engine/child_runs.h"

#include <map>

namespace locus::rt {

namespace {

constexpr std::string_view kWaitingSuffix = "@waiting";
constexpr std::string_view kApprovalPrefix = "approval:";

// A step ID of the IR (loops carry `[*]`) against a runtime ID (`[3]`).
bool stepIdMatches(const std::string& pattern, const std::string& id) {
  size_t p = 0, i = 0;
  while (p < pattern.size()) {
    if (pattern.compare(p, 3, "[*]") == 0) {
      if (i >= id.size() || id[i] != '[') return false;
      size_t close = id.find(']', i);
      if (close == std::string::npos) return false;
      i = close + 1;
      p += 3;
      continue;
    }
    if (i >= id.size() || pattern[p] != id[i]) return false;
    ++p, ++i;
  }
  return i == id.size();
}

void collectWaitFor(const Json& node, std::vector<const Json*>& out) {
  if (node.is_array()) {
    for (const Json& child : node) collectWaitFor(child, out);
    return;
  }
  if (!node.is_object()) return;
  if (node.value("kind", "") == "wait_for" && node.contains("params")) out.push_back(&node);
  for (const auto& [key, child] : node.items())
    if (key != "params" && key != "span" && (child.is_array() || child.is_object()))
      collectWaitFor(child, out);
}

} // namespace

std::vector<AwaitedWait> awaitedWaits(Store& store, const std::string& runId) {
  std::map<std::string, Json> byKey;
  for (auto& [key, value] : store.checkpoints(runId)) byKey[key] = std::move(value);
  std::vector<AwaitedWait> out;
  for (const auto& [key, value] : byKey) {
    if (key.size() <= kWaitingSuffix.size() ||
        key.compare(key.size() - kWaitingSuffix.size(), kWaitingSuffix.size(), kWaitingSuffix))
      continue;
    std::string step = key.substr(0, key.size() - kWaitingSuffix.size());
    if (byKey.count(step) || byKey.count(step + "@failed")) continue; // done waiting
    out.push_back({step, value.value("key", "")});
  }
  return out;
}

bool workflowCanReceive(const Json& workflow, const std::string& key) {
  std::vector<const Json*> waits;
  collectWaitFor(workflow, waits);
  bool approval = key.rfind(kApprovalPrefix, 0) == 0;
  for (const Json* w : waits) {
    const Json& params = (*w)["params"];
    if (approval) {
      if (params.contains("approval") &&
          stepIdMatches(w->value("id", ""), key.substr(kApprovalPrefix.size())))
        return true;
    } else if (params.contains("signal")) {
      const Json& signal = params["signal"];
      // A computed signal name could be anything: accept.
      if (!signal.is_object() || !signal.contains("value") || !signal["value"].is_string())
        return true;
      if (signal["value"] == key) return true;
    }
  }
  return false;
}

std::string describeWait(const std::string& runId, const std::string& key) {
  if (key.rfind(kChildSignalPrefix, 0) == 0) {
    std::string child = key.substr(std::string_view(kChildSignalPrefix).size());
    return "the end of child run " + child + " (locus trace " + child + ")";
  }
  if (key.rfind(kApprovalPrefix, 0) == 0) {
    std::string step = key.substr(kApprovalPrefix.size());
    return "approval of step " + step + " (locus approve " + runId + " " + step + ")";
  }
  return "signal " + key + " (locus signal " + runId + " " + key + ")";
}

} // namespace locus::rt
