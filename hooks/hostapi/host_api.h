// The host API: requests a plugin sends the host while one of its calls is in progress
// (docs/plugin-protocol.md "Host API"). The worker has already checked the request's capability
// token (capability.h); this answers it for the plugin it came from:
//
//   secrets.get  {name}         → {value}        only secrets the manifest asks for AND the project
//                                                grants; audited as `secret.access` (never the
//                                                value)
//   state.get    {key}          → {value|null}   the plugin's own namespace (hooks/state)
//   state.put    {key, value}   → {}             within limits.stateKeys / limits.stateKb
//   state.delete {key}          → {}
//   state.list   {prefix?}      → {keys: [...]}
//   events.publish {event, payload, traceId?} → {topic, traceId, subscribers}  (events/event_bus.h)
#pragma once

#include "hooks/events/event_bus.h"
#include "hooks/protocol/json_rpc.h"
#include "hooks/state/state_store.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace locus::hooks {

// What one plugin may reach through the host API.
struct HostApiGrant {
  std::string plugin;
  std::vector<std::string> secrets; // granted secret names
  StateQuota stateQuota;
};

inline constexpr int kHostApiDenied = -32002; // a permission the plugin lacks
inline constexpr int kHostApiFailed = -32003; // the host could not do it (quota, corruption, …)

class HostApi {
public:
  explicit HostApi(std::filesystem::path projectRoot);
  RpcResponse handle(const HostApiGrant& grant, const RpcRequest& request);
  StateStore& state() { return state_; }
  void setEvents(EventBus* events) { events_ = events; }

private:
  RpcResponse secretsGet(const HostApiGrant& grant, const RpcRequest& request);
  RpcResponse stateCall(const HostApiGrant& grant, const RpcRequest& request);

  std::filesystem::path root_;
  std::filesystem::path auditLog_;
  StateStore state_;
  EventBus* events_ = nullptr; // events between plugins; absent: events.publish is refused
};

} // namespace locus::hooks
