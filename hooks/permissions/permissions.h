// The permissions model (docs/design/DESIGN.md §5): a manifest *requests* permissions; the project
// *grants* them in Locus.toml (`[plugins.NAME] allow = {...}`, `deny = [...]`). Every decision is
// an event for the audit log and for `locusc plugin inspect`. The sandbox (hooks/sandbox/) enforces
// the granted set.
//
//   permission  default                      granted by
//   fs.read     denied                       `allow = { fs.read = ["data/**", …] }` (each pattern)
//   fs.write    granted (inside the plugin's own workspace only)
//   network     denied                       `allow = { network = true }`
//   env:NAME    denied                       `allow = { env = ["NAME", …] }`
//   secret:NAME denied                       `allow = { secrets = ["NAME", …] }` (never in env)
#pragma once

#include "hooks/manifest/manifest.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace locus::hooks {

// What the project allows one plugin (from Locus.toml).
struct PermissionPolicy {
  bool allowNetwork = false;
  std::vector<std::string> allowEnv;
  std::vector<std::string> allowFsRead;  // manifest `fs.read` patterns the project consents to
  std::vector<std::string> allowSecrets; // secret names the plugin may read (`secrets.get`)
  std::vector<std::string> deny;         // "network", "env", "fs.read", "fs.write", "secret"
};

struct PermissionEvent {
  std::string plugin;
  std::string permission; // "network", "env:SLACK_TOKEN", "fs.read:templates/**", …
  bool granted = false;
  std::string reason;
  nlohmann::json toJson() const; // {"event":"permission.grant"|"permission.deny", …}
};

struct PermissionDecision {
  Permissions granted; // what the sandbox may open up
  std::vector<PermissionEvent> events;
};

PermissionDecision decidePermissions(const PluginManifest& manifest,
                                     const PermissionPolicy& policy);

} // namespace locus::hooks
