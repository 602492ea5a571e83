#include "generators/openapi/openapi_document.h"

#include "generators/openapi/openapi_auth.h"
#include "generators/openapi/openapi_schemas.h"

#include "compiler/base/json_text.h"

#include <map>
#include <optional>

namespace locus::openapi {

namespace {

using json = locus::OrderedJson;

// The components/responses entry of an error status.
const std::string& errorResponseName(const std::string& status) {
  static const std::map<std::string, std::string> byStatus = {{"400", "BadRequest"},
                                                              {"401", "Unauthorized"},
                                                              {"404", "NotFound"},
                                                              {"409", "Conflict"},
                                                              {"413", "PayloadTooLarge"},
                                                              {"415", "UnsupportedMediaType"},
                                                              {"422", "UnprocessableEntity"},
                                                              {"500", "InternalError"},
                                                              {"502", "BadGateway"},
                                                              {"503", "ServiceUnavailable"},
                                                              {"504", "GatewayTimeout"}};
  return byStatus.at(status);
}

// A field as a value to match: no null, no default, not read-only.
api::ApiField scalarOf(const api::ApiField& f) {
  api::ApiField scalar = f;
  scalar.optional = scalar.nullable = scalar.generated = false;
  scalar.defaultLiteral = nullptr;
  return scalar;
}

// A parameter's members up to the key "schema", whose value the caller writes.
void writeParameter(JsonStream& out, const std::string& name, const char* in, bool required,
                    const std::string& description) {
  out.key("name").string(name).key("in").string(in).key("required").boolean(required);
  out.key("description").string(description).key("schema");
}

void writeIdParameter(JsonStream& out, const api::ApiEntity& e) {
  const api::ApiField& key = e.fields[e.primaryKeyIndex];
  out.beginObject();
  writeParameter(out, "id", "path", true, "the " + key.name + " of the " + e.name);
  writeFieldSchema(out, scalarOf(key), false);
  out.end();
}

// `include=a,b`: the relations added to each answered row (none when the entity has none).
void writeIncludeParameter(JsonStream& out, const api::ApiEntity& e) {
  if (e.relations.empty()) return;
  std::string names;
  for (const api::ApiRelation& r : e.relations) names += (names.empty() ? "" : "|") + r.name;
  out.beginObject();
  writeParameter(out, "include", "query", false,
                 "comma-separated relations to add to each row (belongs_to/has_one as an object "
                 "or null, has_many as a list)");
  out.beginObject().key("type").string("string");
  out.key("pattern").string("^(" + names + ")(,(" + names + "))*$").end();
  out.end();
}

// The `field[op]` filters a field takes: text contains/startsWith, ordered ranges, ne, in, and
// null when the field may be null.
void writeOperatorParameters(JsonStream& out, const api::ApiField& f) {
  bool text = api::isTextType(f.type), boolean = f.type == "Boolean";
  struct Op {
    const char* name;
    bool applies;
    const char* what;
  };
  const Op ops[] = {{"contains", text, "contain this (ignoring case)"},
                    {"startsWith", text, "start with this (ignoring case)"},
                    {"gt", !boolean, "are greater than this"},
                    {"gte", !boolean, "are at least this"},
                    {"lt", !boolean, "are less than this"},
                    {"lte", !boolean, "are at most this"},
                    {"ne", true, "differ from this"},
                    {"in", !boolean, "are one of these (comma-separated)"},
                    {"null", f.optional || f.nullable, "are null (true) or not (false)"}};
  for (const Op& op : ops) {
    if (!op.applies) continue;
    std::string name = std::string(op.name);
    out.beginObject();
    writeParameter(out, f.name + "[" + name + "]", "query", false,
                   "only rows whose " + f.name + " values " + op.what);
    if (name == "contains" || name == "startsWith" || name == "in")
      out.beginObject().key("type").string("string").end();
    else if (name == "null")
      out.beginObject().key("type").string("boolean").end();
    else
      writeFieldSchema(out, scalarOf(f), false);
    out.end();
  }
}

void writeListParameters(JsonStream& out, const api::ApiEntity& e, const api::ListLimits& limits) {
  out.beginArray().beginObject();
  writeParameter(out, "limit", "query", false, "page size");
  out.beginObject().key("type").string("integer").key("minimum").number(0);
  out.key("maximum").number(limits.maxLimit).key("default").number(limits.defaultLimit).end();
  out.end().beginObject();
  writeParameter(out, "offset", "query", false, "rows to skip");
  out.beginObject().key("type").string("integer").key("minimum").number(0);
  out.key("default").number(0).end();
  out.end().beginObject();
  std::string sortable;
  for (const api::ApiField& f : e.fields)
    if (api::isFilterable(f)) sortable += (sortable.empty() ? "" : "|") + f.name;
  writeParameter(out, "sort", "query", false, "comma-separated fields; prefix - for descending");
  out.beginObject().key("type").string("string");
  out.key("pattern").string("^-?(" + sortable + ")(,-?(" + sortable + "))*$").end();
  out.end();
  writeIncludeParameter(out, e);
  for (const api::ApiField& f : e.fields) {
    // A field called limit, offset, sort or include can be sorted on but not filtered: the name
    // is taken.
    if (!api::isFilterable(f) || f.name == "limit" || f.name == "offset" || f.name == "sort" ||
        f.name == "include")
      continue;
    out.beginObject();
    writeParameter(out, f.name, "query", false, "only rows whose " + f.name + " equals this");
    writeFieldSchema(out, scalarOf(f), false);
    out.end();
    writeOperatorParameters(out, f);
  }
  out.end();
}

// Writes an operation's "tags", "operationId" and "summary".
void operationHead(JsonStream& out, const std::string& tag, const std::string& id,
                   const std::string& summary) {
  out.key("tags").beginArray().string(tag).end();
  out.key("operationId").string(id);
  out.key("summary").string(summary);
}

void refValue(JsonStream& out, const std::string& kind, const std::string& name) {
  out.beginObject().key("$ref").string("#/components/" + kind + "/" + name).end();
}

// {"description", "content": {"application/json": {"schema": {"$ref": …}}}}
void refResponse(JsonStream& out, const std::string& status, const std::string& description,
                 const std::string& schema) {
  out.key(status).beginObject().key("description").string(description);
  out.key("content").beginObject().key("application/json").beginObject().key("schema");
  refValue(out, "schemas", schema);
  out.end().end().end();
}

// The error responses an operation can give, as references to components/responses.
void errorRefs(JsonStream& out, std::initializer_list<const char*> statuses) {
  for (const char* status : statuses) {
    out.key(status);
    refValue(out, "responses", errorResponseName(status));
  }
}

void jsonBody(JsonStream& out, const std::string& schema) {
  out.key("requestBody").beginObject().key("required").boolean(true);
  out.key("content").beginObject().key("application/json").beginObject().key("schema");
  refValue(out, "schemas", schema);
  out.end().end().end();
}

void entityCollectionPath(JsonStream& out, const api::ApiEntity& e, const api::ListLimits& limits,
                          bool auth) {
  out.key(openapiPath(api::routePath(e))).beginObject();
  out.key("get").beginObject();
  operationHead(out, e.name, "list" + e.name, "List " + e.table);
  out.key("parameters");
  writeListParameters(out, e, limits);
  out.key("responses").beginObject();
  refResponse(out, "200", "a page of " + e.table, e.name + "Page");
  errorRefs(out, {"400", "500"});
  out.end().end();
  out.key("post").beginObject();
  operationHead(out, e.name, "create" + e.name, "Create a " + e.name);
  writeCsrfParameter(out, auth);
  jsonBody(out, e.name + "Write");
  out.key("responses").beginObject();
  refResponse(out, "201", "the created " + e.name, e.name);
  errorRefs(out, {"400", "409", "413", "415", "422", "500"});
  out.end().end();
  out.end();
}

void entityItemPath(JsonStream& out, const api::ApiEntity& e, bool auth) {
  out.key(openapiPath(api::routePath(e) + "/:id")).beginObject();
  out.key("parameters").beginArray();
  writeIdParameter(out, e);
  out.end();
  out.key("get").beginObject();
  operationHead(out, e.name, "get" + e.name, "Get a " + e.name);
  if (!e.relations.empty()) {
    out.key("parameters").beginArray();
    writeIncludeParameter(out, e);
    out.end();
  }
  out.key("responses").beginObject();
  refResponse(out, "200", "the " + e.name, e.name);
  errorRefs(out, {"400", "404", "500"});
  out.end().end();
  struct Write {
    const char* method;
    std::string id, summary, body;
  };
  for (const Write& w :
       {Write{"put", "replace" + e.name,
              "Replace a " + e.name + " (omitted optional fields are reset)", e.name + "Write"},
        Write{"patch", "update" + e.name, "Change some fields of a " + e.name, e.name + "Patch"}}) {
    out.key(w.method).beginObject();
    operationHead(out, e.name, w.id, w.summary);
    writeCsrfParameter(out, auth);
    jsonBody(out, w.body);
    out.key("responses").beginObject();
    refResponse(out, "200", "the updated " + e.name, e.name);
    errorRefs(out, {"400", "404", "409", "413", "415", "422", "500"});
    out.end().end();
  }
  out.key("delete").beginObject();
  operationHead(out, e.name, "delete" + e.name, "Delete a " + e.name);
  writeCsrfParameter(out, auth);
  out.key("responses").beginObject();
  out.key("204").beginObject().key("description").string("deleted").end();
  errorRefs(out, {"400", "404", "409", "500"});
  out.end().end();
  out.end();
}

std::string capitalized(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

void noContent(JsonStream& out, const char* status, const std::string& description) {
  out.key(status).beginObject().key("description").string(description).end();
}

// The link routes of a many-to-many relation: list, link, unlink.
void linkPaths(JsonStream& out, const api::ApiEntity& e, const api::ApiRelation& r,
               const api::ApiEntity& target, bool auth) {
  std::string base = api::routePath(e) + "/:id/" + r.name;
  std::string tag = e.name, suffix = e.name + capitalized(r.name);
  out.key(openapiPath(base)).beginObject();
  out.key("parameters").beginArray();
  writeIdParameter(out, e);
  out.end();
  out.key("get").beginObject();
  operationHead(out, tag, "list" + suffix, "The " + target.table + " linked to a " + e.name);
  out.key("parameters").beginArray().beginObject();
  writeParameter(out, "limit", "query", false, "page size");
  out.beginObject().key("type").string("integer").key("minimum").number(0).end();
  out.end().beginObject();
  writeParameter(out, "offset", "query", false, "rows to skip");
  out.beginObject().key("type").string("integer").key("minimum").number(0).end();
  out.end().end();
  out.key("responses").beginObject();
  refResponse(out, "200", "a page of linked " + target.table, target.name + "Page");
  errorRefs(out, {"400", "404", "500"});
  out.end().end().end();
  out.key(openapiPath(base + "/:targetId")).beginObject();
  out.key("parameters").beginArray();
  writeIdParameter(out, e);
  const api::ApiField& key = target.fields[target.primaryKeyIndex];
  out.beginObject();
  writeParameter(out, "targetId", "path", true, "the " + key.name + " of the " + target.name);
  writeFieldSchema(out, scalarOf(key), false);
  out.end().end();
  out.key("put").beginObject();
  operationHead(out, tag, "link" + suffix, "Link a " + target.name + " to a " + e.name);
  writeCsrfParameter(out, auth);
  out.key("responses").beginObject();
  noContent(out, "201", "linked");
  noContent(out, "204", "they were linked already");
  errorRefs(out, {"400", "404", "500"});
  out.end().end();
  out.key("delete").beginObject();
  operationHead(out, tag, "unlink" + suffix, "Unlink a " + target.name + " from a " + e.name);
  writeCsrfParameter(out, auth);
  out.key("responses").beginObject();
  noContent(out, "204", "unlinked");
  errorRefs(out, {"400", "404", "500"});
  out.end().end().end();
}

void entitySchemas(JsonStream& out, const api::ApiEntity& e) {
  out.key(e.name);
  writeEntitySchema(out, e);
  out.key(e.name + "Write");
  writeEntityWriteSchema(out, e, false);
  out.key(e.name + "Patch");
  writeEntityWriteSchema(out, e, true);
  out.key(e.name + "Page").beginObject().key("type").string("object");
  out.key("properties").beginObject();
  out.key("data").beginObject().key("type").string("array").key("items");
  refValue(out, "schemas", e.name);
  out.end();
  for (const char* count : {"total", "limit", "offset"})
    out.key(count).beginObject().key("type").string("integer").end();
  out.end();
  out.key("required").beginArray();
  for (const char* name : {"data", "total", "limit", "offset"}) out.string(name);
  out.end().end();
}

void writeWebhookPathItem(JsonStream& out, const api::ApiWebhook& w) {
  out.beginObject().key("post").beginObject();
  operationHead(out, "webhooks", "webhook" + w.workflow, "Start the workflow " + w.workflow);
  out.key("description")
      .string("The secret is the value of the environment variable " + w.secretEnv +
              " on the server, sent in the " + api::kWebhookSecretHeader +
              " header. The body is the workflow input.");
  out.key("security").beginArray().beginObject().key("webhookSecret").beginArray().end().end();
  out.end();
  jsonBody(out, w.workflow + "Input");
  out.key("responses").beginObject();
  refResponse(out, "202", "the runtime accepted the run; `output` is what it printed",
              "WebhookAccepted");
  errorRefs(out, {"400", "401", "413", "500", "502", "503", "504"});
  out.end().end().end();
}

std::string actionSchemaName(const api::ApiServerAction& a) {
  return capitalized(a.name) + "Arguments";
}

// POST /api/actions/<name>: a server action a page calls, run as the signed-in user.
void writeActionPathItem(JsonStream& out, const api::ApiServerAction& a, bool auth) {
  out.beginObject().key("post").beginObject();
  operationHead(out, "actions", "action" + capitalized(a.name), "Run the server action " + a.name);
  out.key("description")
      .string(std::string("The body holds the arguments by name. The action runs in one database "
                          "transaction") +
              (auth ? " as the signed-in user, under the same access policies as every route "
                      "(401, 403 or 404 when one refuses)"
                    : "") +
              "; `throw` in it answers 422 `action_failed`.");
  writeCsrfParameter(out, auth);
  jsonBody(out, actionSchemaName(a));
  out.key("responses").beginObject();
  out.key("200").beginObject().key("description").string("the action's return value");
  out.key("content").beginObject().key("application/json").beginObject().key("schema");
  out.value(json{
      {"type", "object"}, {"properties", {{"result", json::object()}}}, {"required", {"result"}}});
  out.end().end().end();
  errorRefs(out, {"400", "401", "404", "409", "422", "500"});
  out.end().end().end();
}

void writeUploadedFilePathItem(JsonStream& out, const api::ApiUpload& u) {
  out.beginObject().key("parameters").beginArray().beginObject();
  writeParameter(out, "file", "path", true, "the stored name (the `url` an upload answered)");
  out.beginObject()
      .key("type")
      .string("string")
      .key("pattern")
      .string("^[A-Za-z0-9_-][A-Za-z0-9._-]*$")
      .end();
  out.end().end();
  out.key("get").beginObject();
  operationHead(out, "uploads", "download" + u.name, "A file stored under the policy " + u.name);
  out.key("responses").beginObject();
  out.key("200")
      .beginObject()
      .key("description")
      .string("the file, with a type the policy accepts");
  out.key("content").beginObject();
  for (const api::ApiUploadField& f : u.fields)
    for (const std::string& m : f.mime) out.key(m).beginObject().end();
  if (u.fields.empty() || u.fields.front().mime.empty())
    out.key("application/octet-stream").beginObject().end();
  out.end().end();
  errorRefs(out, {"404", "500"});
  out.end().end().end();
}

// The multipart body of an upload policy: one file array per field.
json uploadMedia(const api::ApiUpload& u) {
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
  return media;
}

void writeUploadPathItem(JsonStream& out, const api::ApiUpload& u, bool auth) {
  out.beginObject().key("post").beginObject();
  operationHead(out, "uploads", "upload" + u.name, "Upload files under the policy " + u.name);
  writeCsrfParameter(out, auth);
  out.key("requestBody").beginObject().key("required").boolean(true);
  out.key("content").beginObject().key("multipart/form-data").value(uploadMedia(u)).end().end();
  out.key("responses").beginObject();
  refResponse(out, "201", "the stored files", "UploadResult");
  errorRefs(out, {"400", "413", "500"});
  out.end().end().end();
}

void writeErrorResponses(JsonStream& out) {
  static const std::pair<const char*, const char*> all[] = {
      {"BadRequest", "the request is invalid (details name the fields)"},
      {"Unauthorized", "missing or wrong webhook secret"},
      {"NotFound", "no such row"},
      {"Conflict", "a unique value is taken, or the row is still referenced"},
      {"PayloadTooLarge", "the request body or a file is too large"},
      {"UnsupportedMediaType",
       "the request body is not JSON (send Content-Type: application/json)"},
      {"UnprocessableEntity", "a foreign key refers to a row that does not exist"},
      {"InternalError", "an unexpected server error"},
      {"BadGateway", "the workflow runtime failed"},
      {"ServiceUnavailable", "the webhook or the runtime is not configured"},
      {"GatewayTimeout", "the workflow runtime did not answer in time"}};
  out.beginObject();
  for (const auto& [name, description] : all) refResponse(out, name, description, "Error");
  out.end();
}

json sharedSchemas() {
  json file = {
      {"type", "object"},
      {"properties",
       {{"field", {{"type", "string"}}},
        {"originalName", {{"type", "string"}}},
        {"storedAs", {{"type", "string"}}},
        {"url", {{"type", "string"}}},
        {"size", {{"type", "integer"}}},
        {"mime", {{"type", "string"}}},
        {"sha256", {{"type", "string"}}}}},
      {"required", {"field", "originalName", "storedAs", "url", "size", "mime", "sha256"}}};
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

namespace {} // namespace

std::optional<std::string> nameClash(const api::ApiModel& model) {
  std::map<std::string, std::string> users;
  std::optional<std::string> clash;
  auto use = [&](std::string name, std::string user) {
    auto [it, fresh] = users.emplace(name, user);
    if (!fresh && !clash) clash = "'" + name + "' names both " + it->second + " and " + user;
  };
  for (const char* shared : {"Error", "WebhookAccepted", "UploadResult"})
    use(std::string("schema ") + shared, "a schema the API itself uses");
  if (model.auth)
    for (const std::string& name : authSchemaNames())
      use("schema " + name, "a schema of the /auth routes");
  for (const api::ApiEntity& e : model.entities) {
    for (const char* suffix : {"", "Write", "Patch", "Page"})
      use("schema " + e.name + suffix, "a schema of entity " + e.name);
    use("path " + openapiPath(api::routePath(e)), "the routes of entity " + e.name);
    use("path " + openapiPath(api::routePath(e) + "/:id"), "the routes of entity " + e.name);
    for (const api::ApiRelation& r : e.relations) {
      if (!r.manyToMany) continue;
      std::string base = api::routePath(e) + "/:id/" + r.name;
      use("path " + openapiPath(base), "the links of " + e.name + "." + r.name);
      use("path " + openapiPath(base + "/:targetId"), "the links of " + e.name + "." + r.name);
    }
  }
  for (const api::ApiServerAction& a : model.serverActions) {
    use("schema " + actionSchemaName(a), "the arguments of server action " + a.name);
    use("path " + openapiPath(api::routePath(a)), "server action " + a.name);
  }
  for (const api::ApiWebhook& w : model.webhooks) {
    use("schema " + w.workflow + "Input", "the input of workflow " + w.workflow);
    use("path " + openapiPath("/webhooks/" + w.workflow), "the webhook of " + w.workflow);
  }
  for (const api::ApiUpload& u : model.uploads) {
    use("path " + openapiPath("/uploads/" + u.name), "the upload policy " + u.name);
    use("path " + openapiPath("/uploads/" + u.name + "/:file"), "the upload policy " + u.name);
  }
  return clash;
}

namespace {

void writeHealthPathItem(JsonStream& out) {
  out.beginObject().key("get").beginObject();
  out.key("operationId").string("health");
  out.key("summary").string("Readiness: the database answers and holds every table of the API");
  out.key("responses").beginObject();
  for (const char* status : {"200", "503"}) {
    bool ok = std::string(status) == "200";
    out.key(status).beginObject();
    out.key("description").string(ok ? "ready" : "the database is unreachable or lacks tables");
    out.key("content").beginObject().key("application/json").beginObject().key("schema");
    out.beginObject().key("type").string("object").key("properties").beginObject();
    out.key("status").beginObject().key("const").string(ok ? "ok" : "unavailable").end();
    out.key("database").beginObject().key("type").string("string").end();
    out.key("schema").beginObject().key("type").string("string").end();
    out.key("schemaVersion").beginObject().key("type").beginArray().string("string").string("null");
    out.end().end();
    out.end().key("required").beginArray().string("status").string("database").end();
    out.end();       // schema
    out.end().end(); // application/json, content
    out.end();       // status
  }
  out.end().end().end(); // responses, get, path item
}

// Written as a stream: the document of a large program is megabytes, and each entity's part is
// written as soon as it is known instead of being assembled into one tree first.
void writeDocument(JsonStream& out, const api::ApiModel& model, const std::string& title) {
  out.beginObject();
  out.key("openapi").string("3.1.0");
  out.key("info").beginObject().key("title").string(title).key("version").string("0.1.0").end();
  out.key("jsonSchemaDialect").string("https://spec.openapis.org/oas/3.1/dialect/base");
  bool auth = model.auth.has_value();
  if (auth) // anonymous, or signed in with the session cookie
    out.key("security").value(json::array({json::object(), {{"sessionCookie", json::array()}}}));
  out.key("paths").beginObject();
  out.key("/health");
  writeHealthPathItem(out);
  if (auth) writeAuthPaths(out, *model.auth);
  std::map<std::string, const api::ApiEntity*> byName;
  for (const api::ApiEntity& e : model.entities) byName[e.name] = &e;
  for (const api::ApiEntity& e : model.entities) {
    entityCollectionPath(out, e, model.limits, auth);
    entityItemPath(out, e, auth);
    for (const api::ApiRelation& r : e.relations)
      if (r.manyToMany && byName.count(r.target)) linkPaths(out, e, r, *byName.at(r.target), auth);
  }
  for (const api::ApiServerAction& a : model.serverActions) {
    out.key(openapiPath(api::routePath(a)));
    writeActionPathItem(out, a, auth);
  }
  for (const api::ApiWebhook& w : model.webhooks) {
    out.key(openapiPath("/webhooks/" + w.workflow));
    writeWebhookPathItem(out, w);
  }
  for (const api::ApiUpload& u : model.uploads) {
    out.key(openapiPath("/uploads/" + u.name));
    writeUploadPathItem(out, u, auth);
    out.key(openapiPath("/uploads/" + u.name + "/:file"));
    writeUploadedFilePathItem(out, u);
  }
  out.end();
  out.key("components").beginObject();
  out.key("schemas").beginObject();
  const json shared = sharedSchemas();
  for (const auto& [name, schema] : shared.items()) out.key(name).value(schema);
  for (const api::ApiEntity& e : model.entities) entitySchemas(out, e);
  for (const api::ApiWebhook& w : model.webhooks) {
    out.key(w.workflow + "Input");
    writeWebhookInputSchema(out, w);
  }
  for (const api::ApiServerAction& a : model.serverActions) {
    out.key(actionSchemaName(a));
    writeActionArgumentsSchema(out, a);
  }
  if (auth) writeAuthSchemas(out, *model.auth);
  out.end();
  out.key("responses");
  writeErrorResponses(out);
  if (auth) out.key("parameters").value(json{{"CsrfToken", csrfTokenParameter()}});
  json schemes = json::object();
  if (!model.webhooks.empty())
    schemes["webhookSecret"] = {
        {"type", "apiKey"}, {"in", "header"}, {"name", api::kWebhookSecretHeader}};
  if (auth) schemes["sessionCookie"] = sessionCookieScheme();
  if (!schemes.empty()) out.key("securitySchemes").value(schemes);
  out.end().end();
}

} // namespace

std::string openapiDocumentText(const api::ApiModel& model, const std::string& title, int indent) {
  std::string text;
  {
    JsonStream out(text, indent);
    writeDocument(out, model, title);
  }
  return text;
}

} // namespace locus::openapi
