#include "hooks/hostapi/host_api.h"

#include "compiler/base/suggest.h"
#include "hooks/audit/audit_log.h"
#include "hooks/secrets/secret_store.h"

#include <algorithm>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::vector<std::string> kMethods = {"secrets.get",  "state.get",  "state.put",
                                           "state.delete", "state.list", "events.publish"};

RpcResponse ok(const RpcRequest& request, json result) {
  return RpcResponse{request.id, std::move(result), std::nullopt};
}

RpcResponse fail(const RpcRequest& request, int code, std::string message) {
  return RpcResponse{request.id, nullptr, RpcError{code, std::move(message), nullptr}};
}

// The string parameter `name` of a request, or "" when it is missing or not a string.
std::string stringParam(const RpcRequest& request, const char* name) {
  if (!request.params.is_object()) return "";
  const json& value = request.params.value(name, json());
  return value.is_string() ? value.get<std::string>() : "";
}

} // namespace

HostApi::HostApi(fs::path projectRoot)
    : root_(std::move(projectRoot)), auditLog_(auditLogPath(root_)), state_(stateStorePath(root_)) {
}

RpcResponse HostApi::handle(const HostApiGrant& grant, const RpcRequest& request) {
  if (request.method == "secrets.get") return secretsGet(grant, request);
  if (request.method == "events.publish") {
    if (!events_) return fail(request, kHostApiFailed, "events are not available in this host");
    PublishOutcome out = events_->publish(grant.plugin, request.params);
    if (!out.ok()) return fail(request, out.code, std::move(out.error));
    return ok(request, std::move(out.result));
  }
  if (request.method.rfind("state.", 0) == 0 &&
      std::find(kMethods.begin(), kMethods.end(), request.method) != kMethods.end())
    return stateCall(grant, request);
  return fail(request, rpc_code::kMethodNotFound,
              "the host has no method '" + request.method + "'" +
                  didYouMeanSuffix(request.method, kMethods));
}

RpcResponse HostApi::secretsGet(const HostApiGrant& grant, const RpcRequest& request) {
  std::string name = stringParam(request, "name");
  if (name.empty()) return fail(request, rpc_code::kInvalidParams, "secrets.get needs {name}");
  bool granted = std::find(grant.secrets.begin(), grant.secrets.end(), name) != grant.secrets.end();
  std::string error;
  std::optional<std::string> value = granted ? lookupSecret(root_, name, error) : std::nullopt;
  appendAudit(auditLog_, {{{"event", "secret.access"},
                           {"plugin", grant.plugin},
                           {"secret", name},
                           {"granted", granted},
                           {"found", value.has_value()}}});
  if (!granted)
    return fail(request, kHostApiDenied,
                "secret '" + name + "' is not granted to plugin '" + grant.plugin +
                    "': list it in the manifest's permissions.secrets and grant it with "
                    "`allow = { secrets = [\"" +
                    name + "\"] }` under [plugins." + grant.plugin + "] in Locus.toml");
  if (!value)
    return fail(request, kHostApiFailed,
                "secret '" + name + "' is not set" + (error.empty() ? "" : " (" + error + ")") +
                    "; set it with `locus secrets set " + name + "` (or in .env for development)");
  return ok(request, {{"value", *value}});
}

RpcResponse HostApi::stateCall(const HostApiGrant& grant, const RpcRequest& request) {
  StateAccess& state = scopedStateAccess() ? *scopedStateAccess() : state_;
  std::string key = stringParam(request, "key");
  StateResult r;
  if (request.method == "state.list") {
    r = state.list(grant.plugin, stringParam(request, "prefix"));
    if (r.ok()) return ok(request, {{"keys", r.keys}});
  } else if (key.empty()) {
    return fail(request, rpc_code::kInvalidParams,
                request.method + " needs a non-empty string key");
  } else if (request.method == "state.get") {
    r = state.get(grant.plugin, key);
    if (r.ok()) return ok(request, {{"value", r.value.value_or(json())}});
  } else if (request.method == "state.put") {
    if (!request.params.contains("value"))
      return fail(request, rpc_code::kInvalidParams, "state.put needs {key, value}");
    r = state.put(grant.plugin, key, request.params["value"], grant.stateQuota);
    if (r.ok()) return ok(request, json::object());
  } else {
    r = state.remove(grant.plugin, key);
    if (r.ok()) return ok(request, json::object());
  }
  return fail(request, kHostApiFailed, r.error);
}

} // namespace locus::hooks
