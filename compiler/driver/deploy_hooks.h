// The hooks of `locusc deploy` and `rollback` (docs/plugins.md, docs/deploy.md). Both are
// diagnostics hooks — an `error` fails the command — and run in the plugin sandbox like every
// other hook. onDeploy `prepare` comes after the build, before migrations and the switch; its
// answer may carry `files` ({path: content}), written into the new release folder (the way a
// plugin ships a docker-compose file or a service unit with the release: the sandbox lets it
// write only its workspace). onDeploy `live` comes once the release passed its health gate;
// onRollback once `current` points back at an older release.
#pragma once

#include "compiler/driver/plugin_build.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace locus {

// onDeploy {phase, target}; with phase "prepare", answered files are written under `releaseDir`
// (each path checked to stay inside it; a bad one rejects the plugin's whole answer).
void runOnDeploy(PluginHost& host, const std::string& phase, const nlohmann::json& target,
                 const std::filesystem::path& releaseDir, PendingPluginDiagnostics& pending);

// onRollback {phase: "automatic" | "manual", target}.
void runOnRollback(PluginHost& host, const std::string& phase, const nlohmann::json& target,
                   PendingPluginDiagnostics& pending);

} // namespace locus
