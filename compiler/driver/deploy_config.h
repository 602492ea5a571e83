// Reads the `[deploy.ENV]` tables of Locus.toml into DeployTargets, with located errors (E0806)
// for unknown keys, wrong types and a missing `path`.
#pragma once

#include "compiler/driver/config_reader.h"
#include "compiler/driver/deploy_target.h"

#include <map>
#include <string>

namespace locus {

// `deploy` is the `[deploy]` table; relative paths are resolved against `root`.
std::map<std::string, DeployTarget>
readDeployTargets(const ConfigReader& r, const toml::table& deploy, const std::string& root);

} // namespace locus
