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

  void env() {
    for (const std::string& name : m.permissions.env) {
      std::string reason;
      if (denied("env", reason)) {
        record("env:" + name, false, reason);
      } else if (!contains(policy.allowEnv, name)) {
        record("env:" + name, false,
               "not granted; add \"" + name + "\" to `allow = { env = [...] }` under [plugins." +
                   m.name + "] in Locus.toml");
      } else {
        out.granted.env.push_back(name);
        record("env:" + name, true, "allowed by Locus.toml");
      }
    }
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
  d.fs(manifest.permissions.fsRead, "fs.read", d.out.granted.fsRead,
       "read-only, inside the project");
  d.fs(manifest.permissions.fsWrite, "fs.write", d.out.granted.fsWrite,
       "inside the plugin's workspace .locus/workspaces/" + manifest.name + "/");
  return d.out;
}

} // namespace locus::hooks
