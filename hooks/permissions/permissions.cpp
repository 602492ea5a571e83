#include "hooks/permissions/permissions.h"

#include <algorithm>

namespace locus::hooks {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

struct Decider {
  const PluginManifest& m;
  const PermissionPolicy& policy;
  PermissionDecision out;

  void record(std::string permission, bool granted, std::string reason) {
    out.events.push_back({m.name, std::move(permission), granted, std::move(reason)});
  }

  bool denied(const std::string& group, std::string& reason) {
    if (!contains(policy.deny, group)) return false;
    reason = "denied by Locus.toml [plugins." + m.name + "] deny = [\"" + group + "\"]";
    return true;
  }

  void network() {
    if (!m.permissions.network) return;
    std::string reason;
    if (denied("network", reason)) return record("network", false, reason);
    if (!policy.allowNetwork)
      return record("network", false,
                    "not granted; add `allow = { network = true }` under [plugins." + m.name +
                        "] in Locus.toml to grant it");
    out.granted.network = true;
    record("network", true, "allowed by Locus.toml");
  }

  // Names the manifest asks for and the project lists under `allow.<key>` (env, secrets).
  void names(const std::vector<std::string>& requested, const std::vector<std::string>& allowed,
             const std::string& group, const std::string& key, std::vector<std::string>& granted) {
    for (const std::string& name : requested) {
      std::string reason;
      if (denied(group, reason)) {
        record(group + ":" + name, false, reason);
      } else if (!contains(allowed, name)) {
        record(group + ":" + name, false,
               "not granted; add \"" + name + "\" to `allow = { " + key +
                   " = [...] }` under [plugins." + m.name + "] in Locus.toml");
      } else {
        granted.push_back(name);
        record(group + ":" + name, true, "allowed by Locus.toml");
      }
    }
  }

  void env() { names(m.permissions.env, policy.allowEnv, "env", "env", out.granted.env); }
  void secrets() {
    names(m.permissions.secrets, policy.allowSecrets, "secret", "secrets", out.granted.secrets);
  }

  // Project files are the project's to give: each requested pattern needs its own consent.
  void fsRead() {
    names(m.permissions.fsRead, policy.allowFsRead, "fs.read", "fs.read", out.granted.fsRead);
  }

  void fs(const std::vector<std::string>& requested, const std::string& group,
          std::vector<std::string>& granted, const std::string& why) {
    for (const std::string& pattern : requested) {
      std::string reason;
      if (denied(group, reason)) {
        record(group + ":" + pattern, false, reason);
      } else {
        granted.push_back(pattern);
        record(group + ":" + pattern, true, why);
      }
    }
  }
};

} // namespace

nlohmann::json PermissionEvent::toJson() const {
  return {{"event", granted ? "permission.grant" : "permission.deny"},
          {"plugin", plugin},
          {"permission", permission},
          {"reason", reason}};
}

PermissionDecision decidePermissions(const PluginManifest& manifest,
                                     const PermissionPolicy& policy) {
  Decider d{manifest, policy, {}};
  d.network();
  d.env();
  d.secrets();
  d.fsRead();
  d.fs(manifest.permissions.fsWrite, "fs.write", d.out.granted.fsWrite,
       "inside the plugin's workspace .locus/workspaces/" + manifest.name + "/");
  return d.out;
}

} // namespace locus::hooks
