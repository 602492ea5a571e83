#include "generators/openapi/openapi_schemas.h"

namespace locus::openapi {

namespace {

using json = locus::OrderedJson;

json elementSchema(const api::ApiField& f, bool forInput) {
  const std::string& t = f.type;
  if (t == "Integer") return {{"type", "integer"}, {"format", "int32"}};
  if (t == "Float") return {{"type", "number"}, {"format", "double"}};
  if (t == "Boolean") return {{"type", "boolean"}};
  if (t == "Json") return json::object();
  if (t == "BigInt")
    return {{"type", forInput ? json{"integer", "string"} : json("string")},
            {"pattern", "^-?[0-9]+$"}};
  if (t == "Decimal")
    return {{"type", forInput ? json{"number", "string"} : json("string")},
            {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}};
  json s = {{"type", "string"}};
  if (t == "DateTime") s["format"] = "date-time";
  if (t == "Email" || f.email) s["format"] = "email";
  if (t == "URL") s["format"] = "uri";
  if (t == "UUID") s["format"] = "uuid";
  return s;
}

void addConstraints(const api::ApiField& f, json& s) {
  bool text = api::isTextType(f.type);
  if (text) {
    std::optional<double> minLength = f.minLength ? std::optional<double>(*f.minLength) : f.min;
    std::optional<double> maxLength = f.maxLength ? std::optional<double>(*f.maxLength) : f.max;
    if (minLength) s["minLength"] = static_cast<long long>(*minLength);
    if (maxLength) s["maxLength"] = static_cast<long long>(*maxLength);
    if (f.pattern) s["pattern"] = *f.pattern;
    return;
  }
  if (f.type == "Json" || f.type == "Boolean" || f.type == "DateTime") return;
  if (f.min) s["minimum"] = *f.min;
  if (f.max) s["maximum"] = *f.max;
}

void allowNull(json& s) {
  if (!s.contains("type")) return; // any JSON value already admits null
  if (s["type"].is_array())
    s["type"].push_back("null");
  else
    s["type"] = json{s["type"], "null"};
}

} // namespace

json fieldSchema(const api::ApiField& f, bool forInput) {
  json element = elementSchema(f, forInput);
  addConstraints(f, element);
  json s = f.list ? json{{"type", "array"}, {"items", element}} : element;
  if (f.optional || f.nullable) allowNull(s);
  if (f.generated) s["readOnly"] = true;
  if (!f.defaultLiteral.is_null()) s["default"] = f.defaultLiteral;
  return s;
}

json entitySchema(const api::ApiEntity& e) {
  json properties = json::object();
  json required = json::array();
  for (const api::ApiField& f : e.fields) {
    properties[f.name] = fieldSchema(f, false);
    required.push_back(f.name);
  }
  return {{"type", "object"},
          {"properties", properties},
          {"required", required},
          {"additionalProperties", false}};
}

json entityWriteSchema(const api::ApiEntity& e, bool patch) {
  json properties = json::object();
  json required = json::array();
  for (const api::ApiField& f : e.fields) {
    if (f.generated) continue;
    properties[f.name] = fieldSchema(f, true);
    if (!patch && !f.optional && !f.nullable && !f.hasDefault && !f.primaryKey)
      required.push_back(f.name);
  }
  json s = {{"type", "object"}, {"properties", properties}};
  if (!required.empty()) s["required"] = required;
  s["additionalProperties"] = false;
  return s;
}

json webhookInputSchema(const api::ApiWebhook& w) {
  json properties = json::object();
  json required = json::array();
  for (const api::ApiField& f : w.input) {
    properties[f.name] = fieldSchema(f, true);
    if (!f.optional && !f.nullable) required.push_back(f.name);
  }
  json s = {{"type", "object"}, {"properties", properties}};
  if (!required.empty()) s["required"] = required;
  s["additionalProperties"] = false;
  return s;
}

json errorSchema() {
  json detail = {
      {"type", "object"},
      {"properties",
       {{"field",
         {{"type", "string"},
          {"description", "the JSON key or query parameter; empty for the whole request"}}},
        {"message", {{"type", "string"}}}}},
      {"required", {"field", "message"}}};
  json error = {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}, {"examples", {"validation_failed"}}}},
                  {"message", {{"type", "string"}}},
                  {"details", {{"type", "array"}, {"items", detail}}}}},
                {"required", {"code", "message", "details"}}};
  return {{"type", "object"}, {"properties", {{"error", error}}}, {"required", {"error"}}};
}

} // namespace locus::openapi
