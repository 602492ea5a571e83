// The `[plugins]` section of Locus.toml (read with toml++):
//
//   [plugins]
//   paths = ["plugins/audit-fields", "plugins/naming"]   # plugin folders, relative to the project
//   budgets = { onPreGenerate = 50 }                     # slow-hook budgets (ms) for every plugin
//   naming-lint = "vendor/naming-lint"                    # name = folder
//
//   [plugins.slack-notify]                               # name = table
//   path = "plugins/slack"
//   enabled = true
//   budgets = { onStepExecute = 20 }
//   allow = { network = true, env = ["SLACK_TOKEN"] }
//   deny = ["fs.read"]
//
// Installed plugins in `.locus/plugins/*/` need no entry; a table for them (without `path`)
// still sets their budgets and permissions.
#pragma once

#include "hooks/discovery/load_problem.h"
#include "hooks/permissions/permissions.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

struct PluginSettings {
  bool enabled = true;
  std::map<std::string, double> budgetsMs; // hook → budget
  PermissionPolicy policy;
};

struct PluginRef {
  std::optional<std::string> name; // given for `name = ...` entries; checked against the manifest
  std::filesystem::path dir;       // absolute or relative to the project root
  std::string origin;              // "Locus.toml [plugins] paths[0]", ".locus/plugins/x", …
};

struct PluginConfig {
  std::vector<PluginRef> refs;                    // in declaration order: paths, then names
  std::map<std::string, PluginSettings> settings; // by plugin name
  std::map<std::string, double> defaultBudgetsMs; // hook → budget, for every plugin
  std::vector<LoadProblem> problems;
};

// Reads `[plugins]` from the text of a Locus.toml; `file` names it in problems.
PluginConfig parsePluginConfig(std::string_view tomlText, const std::string& file);

} // namespace locus::hooks
