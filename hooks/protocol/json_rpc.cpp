#include "hooks/protocol/json_rpc.h"

namespace locus::hooks {

using nlohmann::json;

namespace {
bool isValidId(const json& id) {
  return id.is_number_integer() || id.is_string() || id.is_null();
}

RpcMessage parseRequest(const json& message) {
  if (!message["method"].is_string()) return ProtocolViolation{"'method' must be a string"};
  RpcRequest request;
  request.method = message["method"].get<std::string>();
  if (message.contains("id")) {
    if (!isValidId(message["id"]))
      return ProtocolViolation{"'id' must be an integer, a string or null"};
    request.id = message["id"];
  }
  if (message.contains("params")) {
    const json& params = message["params"];
    if (!params.is_object() && !params.is_array())
      return ProtocolViolation{"'params' must be an object or an array"};
    request.params = params;
  }
  return request;
}

RpcMessage parseError(const json& error, RpcResponse response) {
  if (!error.is_object() || !error.contains("code") || !error["code"].is_number_integer() ||
      !error.contains("message") || !error["message"].is_string())
    return ProtocolViolation{"'error' must be an object with an integer 'code' and a string "
                             "'message'"};
  RpcError parsed;
  parsed.code = error["code"].get<int>();
  parsed.message = error["message"].get<std::string>();
  if (error.contains("data")) parsed.data = error["data"];
  response.error = std::move(parsed);
  return response;
}

RpcMessage parseResponse(const json& message) {
  if (!message.contains("id") || !isValidId(message["id"]))
    return ProtocolViolation{"a response needs an 'id' (integer, string or null)"};
  bool hasResult = message.contains("result"), hasError = message.contains("error");
  if (hasResult == hasError)
    return ProtocolViolation{"a response must carry exactly one of 'result' and 'error'"};
  RpcResponse response;
  response.id = message["id"];
  if (hasError) return parseError(message["error"], std::move(response));
  response.result = message["result"];
  return response;
}
} // namespace

std::string serializeRequest(const RpcRequest& request) {
  json message = {{"jsonrpc", "2.0"}, {"method", request.method}};
  if (!request.id.is_null()) message["id"] = request.id;
  if (!request.params.is_null()) message["params"] = request.params;
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string serializeRequestText(long id, const std::string& method, std::string_view paramsText) {
  // Members in the order serializeRequest's dump gives them (nlohmann::json sorts keys).
  std::string head = "{\"id\":" + std::to_string(id) + ",\"jsonrpc\":\"2.0\",\"method\":" +
                     json(method).dump(-1, ' ', false, json::error_handler_t::replace) +
                     ",\"params\":";
  std::string out;
  out.reserve(head.size() + paramsText.size() + 1);
  out += head;
  out += paramsText;
  out += '}';
  return out;
}

std::string serializeResponse(const RpcResponse& response) {
  json message = {{"jsonrpc", "2.0"}, {"id", response.id}};
  if (response.error) {
    json error = {{"code", response.error->code}, {"message", response.error->message}};
    if (!response.error->data.is_null()) error["data"] = response.error->data;
    message["error"] = std::move(error);
  } else {
    message["result"] = response.result;
  }
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

RpcMessage parseRpcMessage(std::string_view body) {
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return ProtocolViolation{"message body is not valid JSON"};
  if (!message.is_object()) return ProtocolViolation{"message must be a JSON object"};
  if (message.value("jsonrpc", json()) != "2.0")
    return ProtocolViolation{"message lacks \"jsonrpc\": \"2.0\""};
  if (message.contains("method")) return parseRequest(message);
  return parseResponse(message);
}

} // namespace locus::hooks
