// Loading the project's plugins (step kinds and runtime hooks) into a session.
#include "runtime/cli/session.h"
#include "runtime/plugins/plugin_digests.h"

#include <cstdio>

namespace locus::cli {

bool loadPlugins(Session& s) {
  rt::plugins::BridgeLoad load = rt::plugins::loadPluginBridge(s.projectDir, {s.quiet});
  if (!load.problems.empty() && (!load.bridge || !s.quiet))
    std::fputs(load.problems.c_str(), stderr);
  if (!load.bridge) {
    std::fprintf(stderr,
                 "locus: the project's plugins could not be loaded (see above); nothing was run\n");
    return false;
  }
  s.plugins = std::move(load.bridge);
  s.options.pluginDigests = rt::plugins::pluginDigests(s.plugins->pool().set());
  // Fallbacks of plugin steps are traced in the run's trace, beside the engine's own entries.
  s.plugins->setTraceSink([&s](const std::string& run, const nlohmann::json& entry) {
    if (s.store) s.store->appendTrace(run, entry);
  });
  return true;
}

rt::EngineServices engineServices(Session& s, const rt::Program& program) {
  rt::RuntimeHooks* hooks = s.plugins ? s.plugins->hooks() : nullptr;
  rt::PluginStepExecutor* steps = s.plugins ? s.plugins->steps() : nullptr;
  return rt::EngineServices{*s.store, program, s.steps, hooks, steps, s.options};
}

} // namespace locus::cli
