// JSON-RPC 2.0 messages as the plugin protocol uses them: the host sends requests (and the
// `shutdown` request), the plugin answers each with exactly one response. Parsing is strict: a
// message that is not valid JSON-RPC 2.0 is a protocol violation, with a reason.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace locus::hooks {

// Standard JSON-RPC 2.0 error codes.
namespace rpc_code {
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
} // namespace rpc_code

struct RpcError {
  int code = rpc_code::kInternalError;
  std::string message;
  nlohmann::json data; // null when absent; may carry {"diagnostics": [...]}
};

struct RpcRequest {
  nlohmann::json id; // integer or string; null for a notification
  std::string method;
  nlohmann::json params; // object, array or null
};

struct RpcResponse {
  nlohmann::json id;
  nlohmann::json result;         // meaningful when error is empty
  std::optional<RpcError> error; // exactly one of result / error is on the wire
};

struct ProtocolViolation {
  std::string reason;
};

using RpcMessage = std::variant<RpcRequest, RpcResponse, ProtocolViolation>;

std::string serializeRequest(const RpcRequest& request);
// The same request with its params already written as JSON text (spliced in, not parsed).
std::string serializeRequestText(long id, const std::string& method, std::string_view paramsText);
std::string serializeResponse(const RpcResponse& response);
// Parses one frame body. Never throws.
RpcMessage parseRpcMessage(std::string_view body);

} // namespace locus::hooks
