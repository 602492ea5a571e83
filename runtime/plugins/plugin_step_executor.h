// Plugin step kinds at run time (docs/design/DESIGN.md §7): a `notify { … }` step whose kind a
// plugin registers runs as `executeStep {kind, params, runId, stepId, attempt}` in that plugin's
// sandboxed worker. A failure becomes a StepError naming the plugin, the kind and the step:
// crashes, timeouts and protocol violations are retryable (a fresh worker is started for the next
// attempt); a plugin's own error reply is retryable only when its `data` says `"retryable": true`.
// The resolved parameters are checked against the kind's JSON Schema first: a value computed at
// run time that breaks it fails the step (not retryable) and never reaches the plugin.
// A kind with a fallback in Locus.toml (`[plugins.NAME.fallbacks.KIND]`, hooks::StepFallback) is
// retried here, then replaced by its alternative kind; each step of that is a trace entry.
#pragma once

#include "runtime/engine/plugin_interface.h"
#include "runtime/plugins/plugin_pool.h"

#include <functional>
#include <map>
#include <string>

namespace locus::rt::plugins {

class HostedStepExecutor : public PluginStepExecutor {
public:
  // Appends an entry to the run's trace (the runtime store's), e.g. a fallback taken.
  using TraceSink = std::function<void(const std::string& runId, const nlohmann::json& entry)>;

  // Warnings a plugin reported on a successful step go to `onWarning` (may be empty).
  explicit HostedStepExecutor(PluginPool& pool,
                              std::function<void(const std::string&)> onWarning = {});

  bool hasKind(const std::string& pluginKind) const override;
  nlohmann::json execute(const std::string& pluginKind, const nlohmann::json& params,
                         const nlohmann::json& info, StepStateIo& state) override;
  void runEnded(const std::string& runId) override;

  // Which plugin provides `pluginKind` ("" when none).
  std::string pluginOf(const std::string& pluginKind) const;
  void setTraceSink(TraceSink sink) { traceSink_ = std::move(sink); }

private:
  // One call of one kind in its plugin, without fallbacks; its state writes land in `state`
  // only when it succeeds (step_plugin_state.h).
  nlohmann::json executeOnce(const std::string& pluginKind, const nlohmann::json& params,
                             const nlohmann::json& info, StepStateIo& state);
  // Retries in place, then the alternative kind ([plugins.NAME.fallbacks.KIND]).
  nlohmann::json executeChain(const std::string& pluginKind, const nlohmann::json& params,
                              const nlohmann::json& info, const hooks::StepFallback& f,
                              StepStateIo& state);
  void traceFallback(const nlohmann::json& info, const std::string& kind, int tries,
                     const std::string& action, const std::string& error,
                     const std::string& alternative);

  PluginPool& pool_;
  std::function<void(const std::string&)> onWarning_;
  std::map<std::string, std::string> pluginOfKind_;
  std::map<std::string, nlohmann::json> schemaOfKind_; // the manifest's parameter schema
  std::map<std::string, hooks::StepFallback> fallbackOfKind_;
  TraceSink traceSink_;
};

} // namespace locus::rt::plugins
