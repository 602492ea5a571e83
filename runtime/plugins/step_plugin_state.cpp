#include "runtime/plugins/step_plugin_state.h"

#include "hooks/state/state_store.h"

namespace locus::rt::plugins {

using hooks::StateResult;

StepPluginState::View& StepPluginState::view(const std::string& plugin) {
  auto found = views_.find(plugin);
  if (found != views_.end()) return found->second;
  View& v = views_[plugin];
  for (auto& [key, row] : load_ ? load_(plugin) : PluginStateRows{}) {
    if (hooks::stateChecksum(row.value) == row.checksum &&
        !nlohmann::json::parse(row.value, nullptr, false).is_discarded()) {
      v.values.emplace(key, std::move(row.value));
      continue;
    }
    v.corrupted.insert(key);
    v.writes[key] = std::nullopt; // dropped with the step's checkpoint: the plugin recomputes it
  }
  return v;
}

StateResult StepPluginState::get(const std::string& plugin, const std::string& key) {
  View& v = view(plugin);
  StateResult r;
  if (v.corrupted.erase(key)) {
    r.error = hooks::stateCorruptedError(plugin, key, "the run's state store");
    return r;
  }
  auto found = v.values.find(key);
  if (found != v.values.end()) r.value = nlohmann::json::parse(found->second);
  return r;
}

StateResult StepPluginState::put(const std::string& plugin, const std::string& key,
                                 const nlohmann::json& value, const hooks::StateQuota& quota) {
  View& v = view(plugin);
  std::string text = value.dump();
  // What the plugin holds without this key, plus this key: the quota applies to the result.
  std::uint64_t keys = 1, bytes = key.size() + text.size();
  for (const auto& [k, t] : v.values)
    if (k != key) ++keys, bytes += k.size() + t.size();
  StateResult r;
  if ((r.error = hooks::stateQuotaError(plugin, keys, bytes, quota)) != "") return r;
  v.corrupted.erase(key);
  v.writes[key] = value;
  v.values[key] = std::move(text);
  return r;
}

StateResult StepPluginState::remove(const std::string& plugin, const std::string& key) {
  View& v = view(plugin);
  v.corrupted.erase(key);
  v.values.erase(key);
  v.writes[key] = std::nullopt;
  return {};
}

StateResult StepPluginState::list(const std::string& plugin, const std::string& prefix) {
  StateResult r;
  for (const auto& [key, text] : view(plugin).values)
    if (key.compare(0, prefix.size(), prefix) == 0) r.keys.push_back(key);
  return r;
}

std::map<std::string, PluginStateWrites> StepPluginState::takeWrites() {
  std::map<std::string, PluginStateWrites> out;
  for (auto& [plugin, v] : views_)
    if (!v.writes.empty()) out[plugin] = std::move(v.writes);
  views_.clear();
  return out;
}

} // namespace locus::rt::plugins
