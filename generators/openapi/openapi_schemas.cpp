#include "generators/openapi/openapi_schemas.h"

#include <optional>
#include <string>
#include <vector>

namespace locus::openapi {

using json = locus::OrderedJson;

namespace {

// What a field's element schema is made of, before constraints.
struct ElementShape {
  std::vector<const char*> types; // empty: any JSON value
  const char* format = nullptr;
  const char* pattern = nullptr;
};

ElementShape elementShape(const api::ApiField& f, bool forInput) {
  const std::string& t = f.type;
  if (t == "Integer") return {{"integer"}, "int32"};
  if (t == "Float") return {{"number"}, "double"};
  if (t == "Boolean") return {{"boolean"}};
  if (t == "Json") return {};
  if (t == "BigInt")
    return {forInput ? std::vector<const char*>{"integer", "string"} : std::vector{"string"},
            nullptr, "^-?[0-9]+$"};
  if (t == "Decimal")
    return {forInput ? std::vector<const char*>{"number", "string"} : std::vector{"string"},
            nullptr, "^-?[0-9]+(\\.[0-9]+)?$"};
  const char* format = t == "UUID"               ? "uuid"
                       : t == "URL"              ? "uri"
                       : t == "Email" || f.email ? "email"
                       : t == "DateTime"         ? "date-time"
                                                 : nullptr;
  return {{"string"}, format};
}

// "type": one name, or a list when there are several (null added when `orNull`).
void writeType(JsonStream& out, std::vector<const char*> types, bool orNull) {
  if (orNull) types.push_back("null");
  out.key("type");
  if (types.size() == 1) {
    out.string(types.front());
    return;
  }
  out.beginArray();
  for (const char* type : types) out.string(type);
  out.end();
}

void writeConstraints(JsonStream& out, const api::ApiField& f) {
  if (api::isTextType(f.type)) {
    std::optional<double> minLength = f.minLength ? std::optional<double>(*f.minLength) : f.min;
    std::optional<double> maxLength = f.maxLength ? std::optional<double>(*f.maxLength) : f.max;
    if (minLength) out.key("minLength").number(static_cast<long long>(*minLength));
    if (maxLength) out.key("maxLength").number(static_cast<long long>(*maxLength));
    if (f.pattern) out.key("pattern").string(*f.pattern);
    return;
  }
  if (f.type == "Json" || f.type == "Boolean" || f.type == "DateTime") return;
  if (f.min) out.key("minimum").value(nlohmann::json(*f.min));
  if (f.max) out.key("maximum").value(nlohmann::json(*f.max));
}

// The members of the element schema (the caller opens and closes the object). A schema without
// a type (any JSON value) already admits null.
void writeElementMembers(JsonStream& out, const api::ApiField& f, bool forInput, bool orNull) {
  ElementShape shape = elementShape(f, forInput);
  if (!shape.types.empty()) writeType(out, shape.types, orNull);
  if (shape.format) out.key("format").string(shape.format);
  if (shape.pattern) out.key("pattern").string(shape.pattern);
  if (!f.enumValues.empty()) { // an enum: its values (and null when the field may be null)
    out.key("enum").beginArray();
    for (const std::string& v : f.enumValues) out.string(v);
    if (orNull) out.value(nlohmann::json(nullptr));
    out.end();
  }
  writeConstraints(out, f);
}

// An object schema of `fields`: each field's schema in "properties", `required` ones listed.
template <class Required>
void writeObjectSchema(JsonStream& out, const std::vector<api::ApiField>& fields, bool forInput,
                       bool skipGenerated, Required required, bool requiredAlways) {
  out.beginObject().key("type").string("object");
  out.key("properties").beginObject();
  std::vector<const std::string*> names;
  for (const api::ApiField& f : fields) {
    if (skipGenerated && f.generated) continue;
    out.key(f.name);
    writeFieldSchema(out, f, forInput);
    if (required(f)) names.push_back(&f.name);
  }
  out.end();
  if (requiredAlways || !names.empty()) {
    out.key("required").beginArray();
    for (const std::string* name : names) out.string(*name);
    out.end();
  }
  out.key("additionalProperties").boolean(false).end();
}

} // namespace

void writeFieldSchema(JsonStream& out, const api::ApiField& f, bool forInput) {
  bool orNull = f.optional || f.nullable;
  out.beginObject();
  if (f.list) {
    writeType(out, {"array"}, orNull);
    out.key("items").beginObject();
    writeElementMembers(out, f, forInput, false);
    out.end();
  } else {
    writeElementMembers(out, f, forInput, orNull);
  }
  if (f.generated) out.key("readOnly").boolean(true);
  if (!f.defaultLiteral.is_null()) out.key("default").value(f.defaultLiteral);
  out.end();
}

void writeEntitySchema(JsonStream& out, const api::ApiEntity& e) {
  writeObjectSchema(
      out, e.fields, false, false, [](const api::ApiField&) { return true; }, true);
}

void writeEntityWriteSchema(JsonStream& out, const api::ApiEntity& e, bool patch) {
  writeObjectSchema(
      out, e.fields, true, true,
      [&](const api::ApiField& f) {
        return !patch && !f.optional && !f.nullable && !f.hasDefault && !f.primaryKey;
      },
      false);
}

void writeWebhookInputSchema(JsonStream& out, const api::ApiWebhook& w) {
  writeObjectSchema(
      out, w.input, true, false, [](const api::ApiField& f) { return !f.optional && !f.nullable; },
      false);
}

void writeActionArgumentsSchema(JsonStream& out, const api::ApiServerAction& a) {
  writeObjectSchema(
      out, a.params, true, false, [](const api::ApiField& f) { return !f.optional && !f.nullable; },
      false);
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
