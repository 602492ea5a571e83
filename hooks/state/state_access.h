// Where a plugin call's state requests go (docs/plugins.md "Plugin state"): by default the
// project's StateStore (state_store.h); for the duration of a runtime step's call the runtime
// installs a view whose writes commit with the step's checkpoint
// (runtime/plugins/step_plugin_state.h). The host API answers a call's requests on the thread
// that made the call, so the override is per thread.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

struct StateQuota {
  std::uint64_t maxKeys = 1000;
  std::uint64_t maxBytes = 1 << 20; // keys + values
};

struct StateResult {
  std::optional<nlohmann::json> value; // get: the value (absent key: nullopt, no error)
  std::vector<std::string> keys;       // list
  std::string error;                   // non-empty on failure
  bool ok() const { return error.empty(); }
};

class StateAccess {
public:
  virtual ~StateAccess() = default;
  virtual StateResult get(const std::string& plugin, const std::string& key) = 0;
  virtual StateResult put(const std::string& plugin, const std::string& key,
                          const nlohmann::json& value, const StateQuota& quota) = 0;
  virtual StateResult remove(const std::string& plugin, const std::string& key) = 0;
  virtual StateResult list(const std::string& plugin, const std::string& prefix) = 0;
};

// Routes the calling thread's state requests to `access` while it lives.
class ScopedStateAccess {
public:
  explicit ScopedStateAccess(StateAccess& access);
  ~ScopedStateAccess();
  ScopedStateAccess(const ScopedStateAccess&) = delete;
  ScopedStateAccess& operator=(const ScopedStateAccess&) = delete;

private:
  StateAccess* previous_;
};

// The calling thread's override, or null.
StateAccess* scopedStateAccess();

// "" when a plugin may hold `keys` keys of `bytes` bytes (keys + values), else why not.
std::string stateQuotaError(const std::string& plugin, std::uint64_t keys, std::uint64_t bytes,
                            const StateQuota& quota);
// A row whose checksum does not match its value; `where` names the store.
std::string stateCorruptedError(const std::string& plugin, const std::string& key,
                                const std::string& where);

} // namespace locus::hooks
