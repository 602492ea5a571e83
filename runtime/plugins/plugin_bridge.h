// What the `locus` CLI needs of plugins, in one object: the project's plugins discovered from
// Locus.toml `[plugins]` and `.locus/plugins/`, their step kinds (for the compile, so `notify { …
// }` is checked against the kind's JSON Schema), and the two engine interfaces — plugin step kinds
// and the runtime hooks — backed by one pool of sandboxed workers.
#pragma once

#include "runtime/plugins/plugin_pool.h"
#include "runtime/plugins/plugin_runtime_hooks.h"
#include "runtime/plugins/plugin_step_executor.h"

#include <filesystem>
#include <memory>
#include <string>

namespace locus::rt::plugins {

struct BridgeOptions {
  bool quiet = false; // plugin log lines and warnings are not printed
};

class PluginBridge {
public:
  PluginBridge(const std::filesystem::path& projectRoot, hooks::PluginSet set,
               BridgeOptions options);

  bool empty() const { return pool_.set().plugins.empty(); }
  PluginPool& pool() { return pool_; }
  const PluginPool& pool() const { return pool_; }
  // nullptr when no plugin provides step kinds / subscribes to a runtime hook.
  PluginStepExecutor* steps();
  RuntimeHooks* hooks();
  // Where fallbacks of plugin steps are traced (the session's store).
  void setTraceSink(HostedStepExecutor::TraceSink sink) { steps_.setTraceSink(std::move(sink)); }

private:
  PluginPool pool_;
  HostedStepExecutor steps_;
  HostedRuntimeHooks hooks_;
};

struct BridgeLoad {
  std::unique_ptr<PluginBridge> bridge; // null when loading failed
  std::string problems;                 // rendered load problems (errors and warnings), if any
};

// Discovers the plugins of `projectRoot`. A load error (bad manifest, incompatible core,
// duplicate step kind, ordering cycle, …) fails the load: a run must not start without a plugin
// the project declared, since that plugin may be a gate (onWorkflowExecute / onStepExecute).
BridgeLoad loadPluginBridge(const std::filesystem::path& projectRoot, BridgeOptions options = {});

} // namespace locus::rt::plugins
