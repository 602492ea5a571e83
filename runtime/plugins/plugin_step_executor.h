// Plugin step kinds at run time (docs/design/DESIGN.md §7): a `notify { … }` step whose kind a
// plugin registers runs as `executeStep {kind, params, runId, stepId, attempt}` in that plugin's
// sandboxed worker. A failure becomes a StepError naming the plugin, the kind and the step:
// crashes, timeouts and protocol violations are retryable (a fresh worker is started for the next
// attempt); a plugin's own error reply is retryable only when its `data` says `"retryable": true`.
#pragma once

#include "runtime/engine/plugin_interface.h"
#include "runtime/plugins/plugin_pool.h"

#include <functional>
#include <map>
#include <string>

namespace locus::rt::plugins {

class HostedStepExecutor : public PluginStepExecutor {
public:
  // Warnings a plugin reported on a successful step go to `onWarning` (may be empty).
  explicit HostedStepExecutor(PluginPool& pool,
                              std::function<void(const std::string&)> onWarning = {});

  bool hasKind(const std::string& pluginKind) const override;
  nlohmann::json execute(const std::string& pluginKind, const nlohmann::json& params,
                         const nlohmann::json& info) override;
  void runEnded(const std::string& runId) override;

  // Which plugin provides `pluginKind` ("" when none).
  std::string pluginOf(const std::string& pluginKind) const;

private:
  PluginPool& pool_;
  std::function<void(const std::string&)> onWarning_;
  std::map<std::string, std::string> pluginOfKind_;
};

} // namespace locus::rt::plugins
