// Finding and loading a project's plugins (docs/design/DESIGN.md §5): the folders listed in
// Locus.toml
// `[plugins]` and the installed ones in `.locus/plugins/*/`. Every manifest is read and checked;
// then the set is checked as a whole: unique plugin names, step kinds and generator names,
// dependencies present in a matching version, and a call order for every hook without cycles.
// A plugin with an error is left out; the result says why, naming all plugins involved.
#pragma once

#include "hooks/discovery/load_problem.h"
#include "hooks/discovery/plugin_config.h"
#include "hooks/manifest/manifest_checks.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace locus::hooks {

struct LoadedPlugin {
  PluginManifest manifest;
  std::string origin;      // where it was found (for messages and `plugin inspect`)
  PluginSettings settings; // from Locus.toml, defaults when absent
};

struct PluginSet {
  std::vector<LoadedPlugin> plugins;                         // discovery order
  std::map<std::string, std::vector<std::string>> hookOrder; // hook → plugin call order
  std::map<std::string, double> defaultBudgetsMs;            // [plugins] budgets
  std::vector<LoadProblem> problems;

  bool hasErrors() const;
  const LoadedPlugin* find(std::string_view name) const;
  // Budget of `plugin` on `hook`: Locus.toml per plugin, manifest, Locus.toml default.
  std::optional<double> budgetMs(std::string_view plugin, std::string_view hook) const;
};

// `projectRoot` holds Locus.toml (optional) and .locus/.
PluginSet discoverPlugins(const std::filesystem::path& projectRoot,
                          const ManifestCheckContext& context = defaultCheckContext());

// The cross-plugin checks and ordering on already-read manifests (used by discoverPlugins; public
// so tests and `locusc plugin test` can load a set without a project on disk).
void checkPluginSet(PluginSet& set);

} // namespace locus::hooks
