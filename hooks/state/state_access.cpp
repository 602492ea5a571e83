#include "hooks/state/state_access.h"

namespace locus::hooks {

namespace {
thread_local StateAccess* tlsAccess = nullptr;
} // namespace

ScopedStateAccess::ScopedStateAccess(StateAccess& access) : previous_(tlsAccess) {
  tlsAccess = &access;
}

ScopedStateAccess::~ScopedStateAccess() {
  tlsAccess = previous_;
}

StateAccess* scopedStateAccess() {
  return tlsAccess;
}

std::string stateQuotaError(const std::string& plugin, std::uint64_t keys, std::uint64_t bytes,
                            const StateQuota& quota) {
  if (keys > quota.maxKeys)
    return "state quota of plugin '" + plugin + "' exceeded: " + std::to_string(keys) +
           " keys, the limit is " + std::to_string(quota.maxKeys) +
           " (limits.stateKeys in locus-plugin.json); delete keys it no longer needs";
  if (bytes > quota.maxBytes)
    return "state quota of plugin '" + plugin + "' exceeded: " + std::to_string(bytes) +
           " bytes, the limit is " + std::to_string(quota.maxBytes) +
           " (limits.stateKb in locus-plugin.json); store less or delete keys";
  return "";
}

std::string stateCorruptedError(const std::string& plugin, const std::string& key,
                                const std::string& where) {
  return "state key '" + key + "' of plugin '" + plugin + "' was corrupted (its checksum in " +
         where + " does not match); it has been removed: put it again";
}

} // namespace locus::hooks
