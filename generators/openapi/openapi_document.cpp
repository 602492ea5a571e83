#include "generators/openapi/openapi_document.h"

#include "generators/openapi/openapi_schemas.h"

#include <map>

namespace locus::openapi {

namespace {

using json = nlohmann::ordered_json;

json ref(const std::string& kind, const std::string& name) {
  return {{"$ref", "#/components/" + kind + "/" + name}};
}

json jsonContent(const json& schema) {
  return {{"application/json", {{"schema", schema}}}};
}

json response(const std::string& description, const json& schema) {
  return {{"description", description}, {"content", jsonContent(schema)}};
}

// The error responses an operation can give, as references to components/responses.
void addErrors(json& responses, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    std::string status = name;
    static const std::map<std::string, std::string> byStatus = {
        {"400", "BadRequest"},    {"401", "Unauthorized"},    {"404", "NotFound"},
        {"409", "Conflict"},      {"413", "PayloadTooLarge"}, {"422", "UnprocessableEntity"},
        {"500", "InternalError"}, {"502", "BadGateway"},      {"503", "ServiceUnavailable"},
        {"504", "GatewayTimeout"}};
    responses[status] = ref("responses", byStatus.at(status));
  }
}

json idParameter(const api::ApiEntity& e) {
  const api::ApiField& key = e.fields[e.primaryKeyIndex];
  api::ApiField scalar = key;
  scalar.optional = scalar.nullable = scalar.generated = false;
  scalar.defaultLiteral = nullptr;
  return {{"name", "id"},
          {"in", "path"},
          {"required", true},
          {"description", "the " + key.name + " of the " + e.name},
          {"schema", fieldSchema(scalar, false)}};
}

json listParameters(const api::ApiEntity& e, const api::ListLimits& limits) {
  json params = json::array();
  params.push_back({{"name", "limit"},
                    {"in", "query"},
                    {"required", false},
                    {"description", "page size"},
                    {"schema",
                     {{"type", "integer"},
                      {"minimum", 0},
                      {"maximum", limits.maxLimit},
                      {"default", limits.defaultLimit}}}});
  params.push_back({{"name", "offset"},
                    {"in", "query"},
                    {"required", false},
                    {"description", "rows to skip"},
                    {"schema", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}}});
  std::string sortable;
  for (const api::ApiField& f : e.fields)
    if (api::isFilterable(f)) sortable += (sortable.empty() ? "" : "|") + f.name;
  params.push_back(
      {{"name", "sort"},
       {"in", "query"},
       {"required", false},
       {"description", "comma-separated fields; prefix - for descending"},
       {"schema",
        {{"type", "string"}, {"pattern", "^-?(" + sortable + ")(,-?(" + sortable + "))*$"}}}});
  for (const api::ApiField& f : e.fields) {
    // A field called limit, offset or sort can be sorted on but not filtered: the name is taken.
    if (!api::isFilterable(f) || f.name == "limit" || f.name == "offset" || f.name == "sort")
      continue;
    api::ApiField scalar = f;
    scalar.optional = scalar.nullable = scalar.generated = false;
    scalar.defaultLiteral = nullptr;
    params.push_back({{"name", f.name},
                      {"in", "query"},
                      {"required", false},
                      {"description", "only rows whose " + f.name + " equals this"},
                      {"schema", fieldSchema(scalar, false)}});
  }
  return params;
}

void addEntityPaths(const api::ApiEntity& e, const api::ListLimits& limits, json& paths,
                    json& schemas) {
  schemas[e.name] = entitySchema(e);
  schemas[e.name + "Write"] = entityWriteSchema(e, false);
  schemas[e.name + "Patch"] = entityWriteSchema(e, true);
  schemas[e.name + "Page"] = {{"type", "object"},
                              {"properties",
                               {{"data", {{"type", "array"}, {"items", ref("schemas", e.name)}}},
                                {"total", {{"type", "integer"}}},
                                {"limit", {{"type", "integer"}}},
                                {"offset", {{"type", "integer"}}}}},
                              {"required", {"data", "total", "limit", "offset"}}};
  std::string tag = e.name;
  json writeBody = {{"required", true}, {"content", jsonContent(ref("schemas", e.name + "Write"))}};
  json patchBody = {{"required", true}, {"content", jsonContent(ref("schemas", e.name + "Patch"))}};

  json collection = json::object();
  json list = {
      {"tags", {tag}},
      {"operationId", "list" + e.name},
      {"summary", "List " + e.table},
      {"parameters", listParameters(e, limits)},
      {"responses", {{"200", response("a page of " + e.table, ref("schemas", e.name + "Page"))}}}};
  addErrors(list["responses"], {"400", "500"});
  json create = {
      {"tags", {tag}},
      {"operationId", "create" + e.name},
      {"summary", "Create a " + e.name},
      {"requestBody", writeBody},
      {"responses", {{"201", response("the created " + e.name, ref("schemas", e.name))}}}};
  addErrors(create["responses"], {"400", "409", "413", "422", "500"});
  collection["get"] = std::move(list);
  collection["post"] = std::move(create);
  paths[openapiPath(api::routePath(e))] = std::move(collection);

  json item = {{"parameters", {idParameter(e)}}};
  json get = {{"tags", {tag}},
              {"operationId", "get" + e.name},
              {"summary", "Get a " + e.name},
              {"responses", {{"200", response("the " + e.name, ref("schemas", e.name))}}}};
  addErrors(get["responses"], {"400", "404", "500"});
  json replace = {
      {"tags", {tag}},
      {"operationId", "replace" + e.name},
      {"summary", "Replace a " + e.name + " (omitted optional fields are reset)"},
      {"requestBody", writeBody},
      {"responses", {{"200", response("the updated " + e.name, ref("schemas", e.name))}}}};
  addErrors(replace["responses"], {"400", "404", "409", "413", "422", "500"});
  json patch = replace;
  patch["operationId"] = "update" + e.name;
  patch["summary"] = "Change some fields of a " + e.name;
  patch["requestBody"] = patchBody;
  json remove = {{"tags", {tag}},
                 {"operationId", "delete" + e.name},
                 {"summary", "Delete a " + e.name},
                 {"responses", {{"204", {{"description", "deleted"}}}}}};
  addErrors(remove["responses"], {"400", "404", "409", "500"});
  item["get"] = std::move(get);
  item["put"] = std::move(replace);
  item["patch"] = std::move(patch);
  item["delete"] = std::move(remove);
  paths[openapiPath(api::routePath(e) + "/:id")] = std::move(item);
}

void addWebhookPath(const api::ApiWebhook& w, json& paths, json& schemas) {
  schemas[w.workflow + "Input"] = webhookInputSchema(w);
  json op = {{"tags", {"webhooks"}},
             {"operationId", "webhook" + w.workflow},
             {"summary", "Start the workflow " + w.workflow},
             {"description", "The secret is the value of the environment variable " + w.secretEnv +
                                 " on the server, sent in the " + api::kWebhookSecretHeader +
                                 " header. The body is the workflow input."},
             {"security", {{{"webhookSecret", json::array()}}}},
             {"requestBody",
              {{"required", true}, {"content", jsonContent(ref("schemas", w.workflow + "Input"))}}},
             {"responses",
              {{"202", response("the runtime accepted the run; `output` is what it printed",
                                ref("schemas", "WebhookAccepted"))}}}};
  addErrors(op["responses"], {"400", "401", "413", "500", "502", "503", "504"});
  paths[openapiPath("/webhooks/" + w.workflow)] = {{"post", op}};
}

void addUploadPath(const api::ApiUpload& u, json& paths) {
  json properties = json::object();
  json required = json::array();
  json encoding = json::object();
  for (const api::ApiUploadField& f : u.fields) {
    json file = {{"type", "string"}, {"contentEncoding", "binary"}};
    if (f.maxSizeBytes)
      file["description"] = "at most " + std::to_string(*f.maxSizeBytes) + " bytes";
    properties[f.name] = {{"type", "array"}, {"items", file}, {"maxItems", f.maxCount}};
    if (f.required) {
      required.push_back(f.name);
      properties[f.name]["minItems"] = 1;
    }
    if (!f.mime.empty()) {
      std::string types;
      for (const std::string& m : f.mime) types += (types.empty() ? "" : ", ") + m;
      encoding[f.name] = {{"contentType", types}};
    }
  }
  json schema = {{"type", "object"}, {"properties", properties}};
  if (!required.empty()) schema["required"] = required;
  json media = {{"schema", schema}};
  if (!encoding.empty()) media["encoding"] = encoding;
  json op = {
      {"tags", {"uploads"}},
      {"operationId", "upload" + u.name},
      {"summary", "Upload files under the policy " + u.name},
      {"requestBody", {{"required", true}, {"content", {{"multipart/form-data", media}}}}},
      {"responses", {{"201", response("the stored files", ref("schemas", "UploadResult"))}}}};
  addErrors(op["responses"], {"400", "413", "500"});
  paths[openapiPath("/uploads/" + u.name)] = {{"post", op}};
}

json errorResponses() {
  static const std::pair<const char*, const char*> all[] = {
      {"BadRequest", "the request is invalid (details name the fields)"},
      {"Unauthorized", "missing or wrong webhook secret"},
      {"NotFound", "no such row"},
      {"Conflict", "a unique value is taken, or the row is still referenced"},
      {"PayloadTooLarge", "the request body or a file is too large"},
      {"UnprocessableEntity", "a foreign key refers to a row that does not exist"},
      {"InternalError", "an unexpected server error"},
      {"BadGateway", "the workflow runtime failed"},
      {"ServiceUnavailable", "the webhook or the runtime is not configured"},
      {"GatewayTimeout", "the workflow runtime did not answer in time"}};
  json out = json::object();
  for (const auto& [name, description] : all)
    out[name] = response(description, ref("schemas", "Error"));
  return out;
}

json sharedSchemas() {
  json file = {{"type", "object"},
               {"properties",
                {{"field", {{"type", "string"}}},
                 {"originalName", {{"type", "string"}}},
                 {"storedAs", {{"type", "string"}}},
                 {"size", {{"type", "integer"}}},
                 {"mime", {{"type", "string"}}},
                 {"sha256", {{"type", "string"}}}}},
               {"required", {"field", "originalName", "storedAs", "size", "mime", "sha256"}}};
  return {{"Error", errorSchema()},
          {"WebhookAccepted",
           {{"type", "object"},
            {"properties", {{"workflow", {{"type", "string"}}}, {"output", json::object()}}},
            {"required", {"workflow", "output"}}}},
          {"UploadResult",
           {{"type", "object"},
            {"properties",
             {{"policy", {{"type", "string"}}}, {"files", {{"type", "array"}, {"items", file}}}}},
            {"required", {"policy", "files"}}}}};
}

} // namespace

// `:name` → `{name}` (a name is [A-Za-z_][A-Za-z0-9_]*; any other `:` is kept).
std::string openapiPath(const std::string& expressPath) {
  auto isStart = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  auto isPart = [&](char c) { return isStart(c) || (c >= '0' && c <= '9'); };
  std::string out;
  out.reserve(expressPath.size() + 4);
  for (size_t i = 0; i < expressPath.size();) {
    if (expressPath[i] != ':' || i + 1 == expressPath.size() || !isStart(expressPath[i + 1])) {
      out += expressPath[i++];
      continue;
    }
    size_t end = i + 2;
    while (end < expressPath.size() && isPart(expressPath[end])) ++end;
    out += '{';
    out.append(expressPath, i + 1, end - i - 1);
    out += '}';
    i = end;
  }
  return out;
}

// Reserves room in a big object: ordered_json keeps objects in a vector whose elements have a
// const key, so growing it copies every member deeply (quadratic on a large program).
static void reserveMembers(json& object, std::size_t count) {
  object.get_ref<json::object_t&>().reserve(object.size() + count);
}

json openapiDocument(const api::ApiModel& model, const std::string& title) {
  json paths = json::object();
  json schemas = sharedSchemas();
  std::size_t n = model.entities.size(), w = model.webhooks.size();
  reserveMembers(paths, 1 + 2 * n + w + model.uploads.size());
  reserveMembers(schemas, 4 * n + w);
  paths["/health"] = {{"get",
                       {{"operationId", "health"},
                        {"summary", "Liveness check"},
                        {"responses",
                         {{"200", response("the server is up",
                                           {{"type", "object"},
                                            {"properties", {{"status", {{"const", "ok"}}}}}})}}}}}};
  for (const api::ApiEntity& e : model.entities) addEntityPaths(e, model.limits, paths, schemas);
  for (const api::ApiWebhook& w : model.webhooks) addWebhookPath(w, paths, schemas);
  for (const api::ApiUpload& u : model.uploads) addUploadPath(u, paths);
  // Built member by member into reserved objects: growing an ordered_json object deep-copies
  // its members (see reserveMembers), here the multi-MB `paths` and `schemas`.
  json components = json::object();
  reserveMembers(components, 3);
  components["schemas"] = std::move(schemas);
  components["responses"] = errorResponses();
  if (!model.webhooks.empty())
    components["securitySchemes"] = {
        {"webhookSecret",
         {{"type", "apiKey"}, {"in", "header"}, {"name", api::kWebhookSecretHeader}}}};
  json document = json::object();
  reserveMembers(document, 5);
  document["openapi"] = "3.1.0";
  document["info"] = {{"title", title}, {"version", "0.1.0"}};
  document["jsonSchemaDialect"] = "https://spec.openapis.org/oas/3.1/dialect/base";
  document["paths"] = std::move(paths);
  document["components"] = std::move(components);
  return document;
}

} // namespace locus::openapi
