// Locus.toml: the project's build configuration (docs/cli.md, "Locus.toml").
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/deploy_target.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace locus {

struct ProjectConfig {
  std::string root;         // the project folder: the input folder, or the input file's folder
  std::string configPath;   // path of Locus.toml, or empty when the project has none
  std::string appName;      // [app] name (default: the root folder's name)
  std::string outputDir;    // [build] output, resolved against root (default <root>/generated)
  std::string templatesDir; // [build] templates (default <root>/templates)
  std::optional<std::vector<std::string>> generators; // [build] generators (default: all built-ins)
  std::string database = "postgresql";                // [database] provider: postgresql | sqlite
  nlohmann::json generatorOptions = nlohmann::json::object(); // [generators.<name>] tables
  nlohmann::json document = nlohmann::json::object();         // the whole file (e.g. [plugins])
  std::map<std::string, DeployTarget> deployTargets;          // [deploy.ENV] tables

  // The options one generator sees: {appName, database} + its [generators.<name>] table.
  nlohmann::json optionsFor(const std::string& generator) const;
};

// Reads <project>/Locus.toml when it exists (the file is added to `sources`, so errors point
// into it). Problems are reported as E0806; returns nullopt when there were any.
std::optional<ProjectConfig> loadProjectConfig(const std::string& input, SourceSet& sources,
                                               DiagnosticSink& sink);

} // namespace locus
