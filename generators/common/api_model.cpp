#include "generators/common/api_model.h"

#include "compiler/ir/naming.h"
#include "generators/common/server_actions.h"

#include <algorithm>
#include <set>

namespace locus::api {

namespace {

bool isIntegral(const std::string& type) {
  return type == "Integer" || type == "BigInt";
}

void readAttributes(const locus::OrderedJson& attrs, ApiField& f) {
  f.unique = attrs.contains("unique") || attrs.contains("id");
  f.email = attrs.contains("email");
  if (attrs.contains("min") && attrs.at("min").is_number()) f.min = attrs.at("min").get<double>();
  if (attrs.contains("max") && attrs.at("max").is_number()) f.max = attrs.at("max").get<double>();
  if (attrs.contains("length")) {
    const auto& length = attrs.at("length");
    if (length.contains("min") && length.at("min").is_number_integer())
      f.minLength = length.at("min").get<std::int64_t>();
    if (length.contains("max") && length.at("max").is_number_integer())
      f.maxLength = length.at("max").get<std::int64_t>();
  }
  if (attrs.contains("pattern") && attrs.at("pattern").is_string())
    f.pattern = attrs.at("pattern").get<std::string>();
  if (attrs.contains("default")) {
    f.hasDefault = true;
    const auto& d = attrs.at("default");
    if (d.value("kind", "") == "literal") f.defaultLiteral = d.at("value");
  }
}

ApiField fieldFromIr(const locus::OrderedJson& field) {
  ApiField f;
  f.name = field.at("name");
  f.column = field.at("column");
  f.type = field.at("type");
  f.list = field.at("list");
  f.optional = field.at("optional");
  f.nullable = field.at("nullable");
  readAttributes(field.at("attributes"), f);
  if (field.contains("enum")) f.enumValues = field.at("enum").at("values");
  return f;
}

// The key is numbered by the database when it is an integer without a default other than
// autoincrement (the sql generator's rule), or when the IR made it up.
bool keyIsGenerated(const locus::OrderedJson& field) {
  if (!isIntegral(field.at("type")) || field.at("list").get<bool>()) return false;
  const auto& attrs = field.at("attributes");
  if (!attrs.contains("default")) return true;
  return attrs.at("default").value("kind", "") == "call" &&
         attrs.at("default").value("name", "") == "autoincrement";
}

ApiEntity entityFromIr(const locus::OrderedJson& entity) {
  ApiEntity e;
  e.name = entity.at("name");
  e.table = entity.at("table");
  e.span = entity.at("span");
  const auto& pk = entity.at("primaryKey");
  if (pk.at("implicit").get<bool>()) {
    ApiField key;
    key.name = pk.at("field");
    key.column = pk.at("column");
    key.type = pk.at("type");
    key.primaryKey = key.generated = key.hasDefault = key.unique = true;
    e.fields.push_back(key);
  }
  for (const auto& field : entity.at("fields")) {
    ApiField f = fieldFromIr(field);
    if (f.name == pk.at("field")) {
      f.primaryKey = f.unique = true;
      f.generated = keyIsGenerated(field);
      if (f.generated) f.hasDefault = true;
      e.primaryKeyIndex = e.fields.size();
    }
    e.fields.push_back(std::move(f));
  }
  return e;
}

const locus::OrderedJson* entityNamed(const locus::OrderedJson& ir, const std::string& name) {
  for (const auto& e : ir.at("entities"))
    if (e.at("name") == name) return &e;
  return nullptr;
}

// The relations of `entity` the API can follow: a belongs_to or has_many/has_one with a known
// foreign key, and a many-to-many whose partner is known (it names the join table's columns).
std::vector<ApiRelation> relationsFromIr(const locus::OrderedJson& ir,
                                         const locus::OrderedJson& entity) {
  std::vector<ApiRelation> out;
  for (const auto& r : entity.at("relations")) {
    ApiRelation rel;
    rel.name = r.at("name");
    rel.kind = r.at("kind");
    rel.target = r.at("target");
    const locus::OrderedJson* target = entityNamed(ir, rel.target);
    if (target == nullptr) continue;
    if (r.value("manyToMany", false)) {
      if (!r.at("joinTable").is_string() || !r.at("inverse").is_string()) continue;
      bool self = rel.target == entity.at("name").get<std::string>();
      rel.manyToMany = true;
      rel.joinTable = r.at("joinTable");
      rel.ownColumn =
          ir::joinColumnName(entity.at("name").get<std::string>(), rel.name,
                             entity.at("primaryKey").at("column").get<std::string>(), self);
      rel.targetColumn =
          ir::joinColumnName(rel.target, r.at("inverse").get<std::string>(),
                             target->at("primaryKey").at("column").get<std::string>(), self);
    } else {
      if (!r.at("foreignKey").is_string()) continue;
      rel.foreignKey = r.at("foreignKey");
    }
    out.push_back(std::move(rel));
  }
  return out;
}

ApiField inputFromIr(const locus::OrderedJson& param) {
  const auto& type = param.at("type");
  ApiField f;
  f.name = f.column = param.at("name");
  f.type = type.at("kind") == "primitive" ? type.at("name").get<std::string>() : "Json";
  f.list = type.at("list");
  f.optional = type.at("optional").get<bool>() || !param.at("default").is_null();
  f.nullable = type.at("nullable");
  if (type.contains("enum")) f.enumValues = type.at("enum").at("values");
  return f;
}

void addWebhooks(const locus::OrderedJson& workflow, ApiModel& model) {
  bool seen = false;
  for (const auto& trigger : workflow.at("triggers")) {
    if (trigger.at("kind") != "webhook") continue;
    if (seen) {
      model.messages.push_back(
          {DiagKind::GeneratorUnsupported,
           "workflow '" + workflow.at("name").get<std::string>() +
               "' has several webhook triggers; its endpoint checks the secret of the first",
           trigger.at("span")});
      continue;
    }
    seen = true;
    ApiWebhook hook;
    hook.workflow = workflow.at("name");
    hook.secretEnv = trigger.at("secret");
    for (const auto& param : workflow.at("input")) hook.input.push_back(inputFromIr(param));
    model.webhooks.push_back(std::move(hook));
  }
}

ApiUpload uploadFromIr(const locus::OrderedJson& upload) {
  ApiUpload u;
  u.name = upload.at("name");
  u.span = upload.at("span");
  for (const auto& field : upload.at("fields")) {
    ApiUploadField f;
    f.name = field.at("name");
    if (field.at("maxSizeBytes").is_number_integer())
      f.maxSizeBytes = field.at("maxSizeBytes").get<std::int64_t>();
    if (field.at("maxCount").is_number_integer())
      f.maxCount = field.at("maxCount").get<std::int64_t>();
    for (const auto& mime : field.at("mime")) f.mime.push_back(mime);
    f.required = field.at("required");
    u.fields.push_back(std::move(f));
  }
  const auto& store = upload.at("store");
  u.strategy = store.at("strategy").is_string() ? store.at("strategy").get<std::string>() : "local";
  u.path = store.at("path").is_string() ? store.at("path").get<std::string>() : "uploads/" + u.name;
  u.naming = store.at("naming").is_string() ? store.at("naming").get<std::string>() : "uuid";
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

std::string routePath(const ApiServerAction& action) {
  return "/api/actions/" + action.name;
}

// The password hash named by `auth { password: … }` is never read or written through the API
// (sign-up and login handle it), so the user entity's API fields leave it out.
static void dropPasswordField(const locus::OrderedJson& ir, ApiModel& model) {
  auto auth = ir.find("auth");
  if (auth == ir.end() || !auth->is_object() || !(*auth)["password"].is_object()) return;
  std::string user = (*auth)["userEntity"], password = (*auth)["password"]["field"];
  for (ApiEntity& e : model.entities) {
    if (e.name != user) continue;
    for (size_t i = 0; i < e.fields.size(); ++i) {
      if (e.fields[i].name != password || i == e.primaryKeyIndex) continue;
      e.fields.erase(e.fields.begin() + static_cast<std::ptrdiff_t>(i));
      if (e.primaryKeyIndex > i) --e.primaryKeyIndex;
      break;
    }
  }
}

static std::optional<ApiAuth> authFromIr(const locus::OrderedJson& ir) {
  auto auth = ir.find("auth");
  if (auth == ir.end() || !auth->is_object() || !(*auth)["identity"].is_object()) return {};
  return ApiAuth{(*auth)["userEntity"].get<std::string>(),
                 (*auth)["identity"]["field"].get<std::string>(),
                 auth->value("verify", "optional") == "required"};
}

// The entity events (in create, update, delete order) that some workflow is triggered by.
static std::vector<std::string> entityEvents(const locus::OrderedJson& ir,
                                             const std::string& entity) {
  std::vector<std::string> out;
  for (const char* event : {"create", "update", "delete"})
    for (const auto& workflow : ir.at("workflows"))
      for (const auto& t : workflow.at("triggers"))
        if (t.value("kind", "") == event && t.value("entity", "") == entity &&
            std::find(out.begin(), out.end(), event) == out.end())
          out.push_back(event);
  return out;
}

ApiModel buildApiModel(const locus::OrderedJson& ir, const nlohmann::json& options) {
  ApiModel model;
  for (const auto& entity : ir.at("entities")) {
    model.entities.push_back(entityFromIr(entity));
    model.entities.back().relations = relationsFromIr(ir, entity);
  }
  dropPasswordField(ir, model);
  model.auth = authFromIr(ir);
  for (const auto& workflow : ir.at("workflows")) addWebhooks(workflow, model);
  std::set<std::string> called = actions::clientCalledActions(ir);
  for (const auto& action : ir.at("actions"))
    if (called.count(action.at("name").get<std::string>())) {
      ApiServerAction a{action.at("name"), {}, &action};
      for (const auto& param : action.at("params")) a.params.push_back(inputFromIr(param));
      model.serverActions.push_back(std::move(a));
    }
  for (ApiEntity& e : model.entities) e.events = entityEvents(ir, e.name);
  for (const auto& upload : ir.at("uploads")) model.uploads.push_back(uploadFromIr(upload));
  model.limits.defaultLimit = intOption(options, "defaultPageSize", 50, model.messages);
  model.limits.maxLimit = intOption(options, "maxPageSize", 100, model.messages);
  if (model.limits.defaultLimit > model.limits.maxLimit) {
    model.messages.push_back({DiagKind::ProjectConfigError,
                              "option 'defaultPageSize' is larger than 'maxPageSize'", nullptr});
    model.limits.defaultLimit = model.limits.maxLimit;
  }
  return model;
}

std::vector<std::string> joinTables(const ApiModel& model) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const ApiEntity& e : model.entities)
    for (const ApiRelation& r : e.relations)
      if (r.manyToMany && seen.insert(r.joinTable).second) out.push_back(r.joinTable);
  return out;
}

const std::vector<ApiRoute>& authRoutes() {
  static const std::vector<ApiRoute> routes = {{"post", "/auth/signup"}, {"post", "/auth/login"},
                                               {"post", "/auth/logout"}, {"get", "/auth/me"},
                                               {"post", "/auth/verify"}, {"post", "/auth/forgot"},
                                               {"post", "/auth/reset"}};
  return routes;
}

std::vector<ApiRoute> apiRoutes(const ApiModel& model) {
  std::vector<ApiRoute> routes{{"get", "/health"}};
  if (model.auth) routes.insert(routes.end(), authRoutes().begin(), authRoutes().end());
  for (const ApiEntity& e : model.entities) {
    std::string base = routePath(e);
    routes.push_back({"get", base});
    routes.push_back({"post", base});
    routes.push_back({"get", base + "/:id"});
    routes.push_back({"put", base + "/:id"});
    routes.push_back({"patch", base + "/:id"});
    routes.push_back({"delete", base + "/:id"});
    for (const ApiRelation& r : e.relations) {
      if (!r.manyToMany) continue;
      routes.push_back({"get", base + "/:id/" + r.name});
      routes.push_back({"put", base + "/:id/" + r.name + "/:targetId"});
      routes.push_back({"delete", base + "/:id/" + r.name + "/:targetId"});
    }
  }
  for (const ApiWebhook& w : model.webhooks) routes.push_back({"post", "/webhooks/" + w.workflow});
  for (const ApiServerAction& a : model.serverActions) routes.push_back({"post", routePath(a)});
  for (const ApiUpload& u : model.uploads) {
    routes.push_back({"post", "/uploads/" + u.name});
    routes.push_back({"get", "/uploads/" + u.name + "/:file"});
  }
  return routes;
}

} // namespace locus::api
