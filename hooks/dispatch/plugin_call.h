// The one boundary between dispatch semantics and the transport (the sandboxed workers in
// hooks/worker/): a function that sends one JSON-RPC request to a named plugin and returns its
// result or a classified failure. Tests pass in-process fakes; the build passes an adapter over
// the worker pool (one PluginWorker per plugin; its CallOutcome/FailureKind map 1:1 onto these).
#pragma once

#include "hooks/metrics/plugin_metrics.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace locus::hooks {

enum class HookFailureKind {
  StartFailed,       // the worker could not be started (bwrap, user namespaces, entry)
  HandshakeFailed,   // `initialize` failed or its answer does not match the manifest
  ErrorReply,        // JSON-RPC error object; `data.diagnostics` may hold located diagnostics
  Crash,             // the worker exited or was killed (message says how, stderr tail included)
  Timeout,           // wall-clock or CPU limit
  ProtocolViolation, // bad framing, invalid JSON, oversized message, wrong id, stdout noise
};

struct HookCallFailure {
  HookFailureKind kind = HookFailureKind::Crash;
  std::string message;
  nlohmann::json data; // the error object's `data`, if any
};

struct HookCallResult {
  std::optional<nlohmann::json> result;   // set on success
  std::optional<HookCallFailure> failure; // set on failure
  CallStats stats;

  static HookCallResult ok(nlohmann::json value, CallStats stats = {}) {
    return {std::move(value), std::nullopt, stats};
  }
  static HookCallResult fail(HookFailureKind kind, std::string message, nlohmann::json data = {},
                             CallStats stats = {}) {
    return {std::nullopt, HookCallFailure{kind, std::move(message), std::move(data)}, stats};
  }
};

using HookCall = std::function<HookCallResult(const std::string& plugin, const std::string& method,
                                              const nlohmann::json& params)>;
// The same call with params already written as JSON text (hook_params.h), sent as they are.
using HookTextCall = std::function<HookCallResult(
    const std::string& plugin, const std::string& method, const std::string& paramsText)>;

} // namespace locus::hooks
