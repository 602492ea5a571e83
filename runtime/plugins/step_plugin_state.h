// A runtime plugin step's view of its plugin's state (docs/plugins.md "Plugin state"): reads
// come from the run's store — through the db_tx's transaction when the step is inside one — and
// writes stay here until the step succeeds, when the engine commits them with the step's
// checkpoint. A failed attempt's writes are dropped with the view, so a retried step never sees
// them, and a crash leaves state and the step's effects in agreement.
#pragma once

#include "hooks/state/state_access.h"
#include "runtime/store/store.h"

#include <functional>
#include <map>
#include <set>
#include <string>

namespace locus::rt::plugins {

class StepPluginState : public hooks::StateAccess {
public:
  using Loader = std::function<PluginStateRows(const std::string& plugin)>;
  explicit StepPluginState(Loader load) : load_(std::move(load)) {}

  hooks::StateResult get(const std::string& plugin, const std::string& key) override;
  hooks::StateResult put(const std::string& plugin, const std::string& key,
                         const nlohmann::json& value, const hooks::StateQuota& quota) override;
  hooks::StateResult remove(const std::string& plugin, const std::string& key) override;
  hooks::StateResult list(const std::string& plugin, const std::string& prefix) override;

  // Every write of the call, by plugin (corrupted rows found on the way are deleted too).
  std::map<std::string, PluginStateWrites> takeWrites();

private:
  struct View {
    std::map<std::string, std::string> values; // key → JSON text, the call's writes applied
    std::set<std::string> corrupted;           // reported once by `get`, then gone
    PluginStateWrites writes;
  };
  View& view(const std::string& plugin); // loaded on first use

  Loader load_;
  std::map<std::string, View> views_;
};

} // namespace locus::rt::plugins
