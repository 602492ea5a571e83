#include "generators/express/api_model.h"

namespace locus::api {

namespace {

bool isIntegral(const std::string& type) {
  return type == "Integer" || type == "BigInt";
}

void readAttributes(const nlohmann::ordered_json& attrs, ApiField& f) {
  f.unique = attrs.contains("unique") || attrs.contains("id");
  f.email = attrs.contains("email");
  if (attrs.contains("min") && attrs["min"].is_number()) f.min = attrs["min"].get<double>();
  if (attrs.contains("max") && attrs["max"].is_number()) f.max = attrs["max"].get<double>();
  if (attrs.contains("length")) {
    const auto& length = attrs["length"];
    if (length.contains("min") && length["min"].is_number_integer())
      f.minLength = length["min"].get<std::int64_t>();
    if (length.contains("max") && length["max"].is_number_integer())
      f.maxLength = length["max"].get<std::int64_t>();
  }
  if (attrs.contains("pattern") && attrs["pattern"].is_string())
    f.pattern = attrs["pattern"].get<std::string>();
  if (attrs.contains("default")) {
    f.hasDefault = true;
    const auto& d = attrs["default"];
    if (d.value("kind", "") == "literal") f.defaultLiteral = d["value"];
  }
}

ApiField fieldFromIr(const nlohmann::ordered_json& field) {
  ApiField f;
  f.name = field["name"];
  f.column = field["column"];
  f.type = field["type"];
  f.list = field["list"];
  f.optional = field["optional"];
  f.nullable = field["nullable"];
  readAttributes(field["attributes"], f);
  return f;
}

// The key is numbered by the database when it is an integer without a default other than
// autoincrement (the sql generator's rule), or when the IR made it up.
bool keyIsGenerated(const nlohmann::ordered_json& field) {
  if (!isIntegral(field["type"]) || field["list"].get<bool>()) return false;
  const auto& attrs = field["attributes"];
  if (!attrs.contains("default")) return true;
  return attrs["default"].value("kind", "") == "call" &&
         attrs["default"].value("name", "") == "autoincrement";
}

ApiEntity entityFromIr(const nlohmann::ordered_json& entity) {
  ApiEntity e;
  e.name = entity["name"];
  e.table = entity["table"];
  e.span = entity["span"];
  const auto& pk = entity["primaryKey"];
  if (pk["implicit"].get<bool>()) {
    ApiField key;
    key.name = pk["field"];
    key.column = pk["column"];
    key.type = pk["type"];
    key.primaryKey = key.generated = key.hasDefault = key.unique = true;
    e.fields.push_back(key);
  }
  for (const auto& field : entity["fields"]) {
    ApiField f = fieldFromIr(field);
    if (f.name == pk["field"]) {
      f.primaryKey = f.unique = true;
      f.generated = keyIsGenerated(field);
      if (f.generated) f.hasDefault = true;
      e.primaryKeyIndex = e.fields.size();
    }
    e.fields.push_back(std::move(f));
  }
  return e;
}

ApiField inputFromIr(const nlohmann::ordered_json& param) {
  const auto& type = param["type"];
  ApiField f;
  f.name = f.column = param["name"];
  f.type = type["kind"] == "primitive" ? type["name"].get<std::string>() : "Json";
  f.list = type["list"];
  f.optional = type["optional"].get<bool>() || !param["default"].is_null();
  f.nullable = type["nullable"];
  return f;
}

void addWebhooks(const nlohmann::ordered_json& workflow, ApiModel& model) {
  bool seen = false;
  for (const auto& trigger : workflow["triggers"]) {
    if (trigger["kind"] != "webhook") continue;
    if (seen) {
      model.messages.push_back(
          {DiagKind::GeneratorUnsupported,
           "workflow '" + workflow["name"].get<std::string>() +
               "' has several webhook triggers; its endpoint checks the secret of the first",
           trigger["span"]});
      continue;
    }
    seen = true;
    ApiWebhook hook;
    hook.workflow = workflow["name"];
    hook.secretEnv = trigger["secret"];
    for (const auto& param : workflow["input"]) hook.input.push_back(inputFromIr(param));
    model.webhooks.push_back(std::move(hook));
  }
}

ApiUpload uploadFromIr(const nlohmann::ordered_json& upload) {
  ApiUpload u;
  u.name = upload["name"];
  u.span = upload["span"];
  for (const auto& field : upload["fields"]) {
    ApiUploadField f;
    f.name = field["name"];
    if (field["maxSizeBytes"].is_number_integer())
      f.maxSizeBytes = field["maxSizeBytes"].get<std::int64_t>();
    if (field["maxCount"].is_number_integer()) f.maxCount = field["maxCount"].get<std::int64_t>();
    for (const auto& mime : field["mime"]) f.mime.push_back(mime);
    f.required = field["required"];
    u.fields.push_back(std::move(f));
  }
  const auto& store = upload["store"];
  u.strategy = store["strategy"].is_string() ? store["strategy"].get<std::string>() : "local";
  u.path = store["path"].is_string() ? store["path"].get<std::string>() : "uploads/" + u.name;
  u.naming = store["naming"].is_string() ? store["naming"].get<std::string>() : "uuid";
  return u;
}

int intOption(const nlohmann::json& options, const char* key, int fallback,
              std::vector<GeneratorMessage>& messages) {
  if (!options.is_object() || !options.contains(key)) return fallback;
  const auto& v = options[key];
  if (v.is_number_integer() && v.get<long long>() >= 1 && v.get<long long>() <= 1000000)
    return v.get<int>();
  messages.push_back({DiagKind::ProjectConfigError,
                      std::string("option '") + key + "' must be an integer from 1 to 1000000",
                      nullptr});
  return fallback;
}

} // namespace

bool isTextType(const std::string& type) {
  return type == "String" || type == "Text" || type == "Email" || type == "URL" || type == "UUID";
}

bool isFilterable(const ApiField& field) {
  return !field.list && field.type != "Json";
}

std::string routePath(const ApiEntity& entity) {
  return "/api/" + entity.table;
}

ApiModel buildApiModel(const nlohmann::ordered_json& ir, const nlohmann::json& options) {
  ApiModel model;
  for (const auto& entity : ir["entities"]) model.entities.push_back(entityFromIr(entity));
  for (const auto& workflow : ir["workflows"]) addWebhooks(workflow, model);
  for (const auto& upload : ir["uploads"]) model.uploads.push_back(uploadFromIr(upload));
  model.limits.defaultLimit = intOption(options, "defaultPageSize", 50, model.messages);
  model.limits.maxLimit = intOption(options, "maxPageSize", 100, model.messages);
  if (model.limits.defaultLimit > model.limits.maxLimit) {
    model.messages.push_back({DiagKind::ProjectConfigError,
                              "option 'defaultPageSize' is larger than 'maxPageSize'", nullptr});
    model.limits.defaultLimit = model.limits.maxLimit;
  }
  return model;
}

std::vector<ApiRoute> apiRoutes(const ApiModel& model) {
  std::vector<ApiRoute> routes{{"get", "/health"}};
  for (const ApiEntity& e : model.entities) {
    std::string base = routePath(e);
    routes.push_back({"get", base});
    routes.push_back({"post", base});
    routes.push_back({"get", base + "/:id"});
    routes.push_back({"put", base + "/:id"});
    routes.push_back({"patch", base + "/:id"});
    routes.push_back({"delete", base + "/:id"});
  }
  for (const ApiWebhook& w : model.webhooks) routes.push_back({"post", "/webhooks/" + w.workflow});
  for (const ApiUpload& u : model.uploads) routes.push_back({"post", "/uploads/" + u.name});
  return routes;
}

} // namespace locus::api
