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
//   optional = true                                      # problems are warnings, not failures
//   budgets = { onStepExecute = 20 }
//   allow = { network = true, env = ["SLACK_TOKEN"] }
//   deny = ["fs.read"]
//
//   [plugins.slack-notify.fallbacks.post_message]        # a failing step kind of the plugin:
//   retries = 2                                          # retried here first, then replaced by
//   alternative = "send_email"                           # another plugin step kind
//
//   [plugins.slack-notify.config]                        # the plugin's configuration, checked
//   channel = "#ops"                                     # against the manifest's `config` schema
//
//   [env.staging.plugins.slack-notify.config]            # merged over it (RFC 7396) when the
//   channel = "#staging"                                 # environment is selected (--env staging)
//
// Installed plugins in `.locus/plugins/*/` need no entry; a table for them (without `path`)
// still sets their budgets and permissions.
#pragma once

#include "hooks/discovery/load_problem.h"
#include "hooks/permissions/permissions.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

// What to do when one of the plugin's step kinds fails at run time (runtime/plugins): retry it
// `retries` more times (`retryDelayMs` apart, growing linearly), then run the step kind
// `alternative` (of any loaded plugin) with the same parameters. Each fallback is traced.
struct StepFallback {
  int retries = 0;
  int retryDelayMs = 100;
  std::string alternative; // "" : none
  std::string approval;    // then a person decides (`locus approve RUN STEP`); "" : none
};

struct PluginSettings {
  bool enabled = true;
  bool optional = false; // load errors and call failures are warnings; the build goes on
  nlohmann::json config = nlohmann::json::object(); // [plugins.NAME.config] (+ the environment's)
  std::map<std::string, double> budgetsMs;          // hook → budget
  PermissionPolicy policy;
  std::map<std::string, StepFallback> fallbacks; // step kind → [plugins.NAME.fallbacks.KIND]
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

// Reads `[plugins]` from the text of a Locus.toml; `file` names it in problems. `environment`
// (--env, LOCUS_ENV) selects the `[env.NAME.plugins.*.config]` tables merged over the plugins'
// configuration; "" selects none.
PluginConfig parsePluginConfig(std::string_view tomlText, const std::string& file,
                               const std::string& environment = "");

// The environment chosen for this process: LOCUS_ENV ("" when unset); `--env` sets it.
std::string selectedEnvironment();

} // namespace locus::hooks
