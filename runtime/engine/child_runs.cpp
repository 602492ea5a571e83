#include "runtime/engine/child_runs.h"

namespace locus::rt {

namespace {

constexpr std::string_view kChildSuffix = "@child";
constexpr const char* kParentKey = "@parent";

bool endsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void putLink(Store& store, const std::string& run, const std::string& key, const Json& value) {
  if (store.checkpoint(run, key)) return;
  try {
    auto tx = store.begin();
    tx->putCheckpoint(run, key, value);
    tx->commit();
  } catch (const CheckpointConflict&) { // written by another process first: the same link
  }
}

} // namespace

std::string childRunId(const std::string& parentRun, const std::string& stepId) {
  return parentRun + "/" + stepId;
}

void linkChild(Store& store, const ParentLink& parent, const std::string& childRun) {
  putLink(store, parent.run, parent.step + std::string(kChildSuffix), {{"run", childRun}});
  putLink(store, childRun, kParentKey, {{"run", parent.run}, {"step", parent.step}});
}

std::optional<ParentLink> parentOf(Store& store, const std::string& run) {
  std::optional<Json> link = store.checkpoint(run, kParentKey);
  if (!link || !link->is_object()) return std::nullopt;
  return ParentLink{link->value("run", ""), link->value("step", "")};
}

std::vector<std::string> childRunsOf(Store& store, const std::string& run) {
  std::vector<std::string> out;
  for (const auto& [key, value] : store.checkpoints(run))
    if (endsWith(key, kChildSuffix) && value.is_object()) out.push_back(value.value("run", ""));
  return out;
}

void notifyParent(Store& store, const std::string& run, const std::string& status,
                  const Json& output, const Json& error) {
  std::optional<ParentLink> parent = parentOf(store, run);
  if (!parent) return;
  store.sendSignal(parent->run, kChildSignalPrefix + run,
                   {{"status", status}, {"output", output}, {"error", error}});
}

} // namespace locus::rt
