#include "runtime/plugins/plugin_bridge.h"

#include <cstdio>

namespace locus::rt::plugins {

namespace fs = std::filesystem;

namespace {

std::function<void(const std::string&)> printer(bool quiet) {
  if (quiet) return {};
  return [](const std::string& text) { std::fprintf(stderr, "locus: %s\n", text.c_str()); };
}

hooks::StderrLineSink stderrPrinter(bool quiet) {
  if (quiet) return {};
  return [](const std::string& plugin, const std::string& line) {
    std::fprintf(stderr, "[plugin %s] %s\n", plugin.c_str(), line.c_str());
  };
}

} // namespace

PluginBridge::PluginBridge(const fs::path& projectRoot, hooks::PluginSet set, BridgeOptions options)
    : pool_(projectRoot, std::move(set), stderrPrinter(options.quiet)),
      steps_(pool_, printer(options.quiet)), hooks_(pool_, printer(options.quiet)) {}

PluginStepExecutor* PluginBridge::steps() {
  for (const hooks::LoadedPlugin& p : pool_.set().plugins)
    if (!p.manifest.steps.empty()) return &steps_;
  return nullptr;
}

RuntimeHooks* PluginBridge::hooks() {
  return hooks_.subscribed() ? &hooks_ : nullptr;
}

BridgeLoad loadPluginBridge(const fs::path& projectRoot, BridgeOptions options) {
  std::error_code ec;
  fs::path root = fs::absolute(projectRoot, ec).lexically_normal();
  if (ec) root = projectRoot;
  hooks::PluginSet set = hooks::discoverPlugins(root);
  BridgeLoad out;
  for (const hooks::LoadProblem& p : set.problems) out.problems += p.str() + "\n";
  if (set.hasErrors()) return out;
  out.bridge = std::make_unique<PluginBridge>(root, std::move(set), options);
  return out;
}

} // namespace locus::rt::plugins
