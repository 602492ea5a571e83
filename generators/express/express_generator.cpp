#include "generators/express/express_generator.h"
#include "generators/common/make_generator.h"
#include "generators/common/names.h"
#include "generators/express/action_code.h"
#include "generators/express/auth_view.h"

#include "generators/common/api_model.h"
#include "generators/common/ir_get.h"
#include "generators/common/page_guards.h"
#include "generators/common/server_actions.h"
#include "generators/common/ts_view.h"
#include "generators/templates/template_set.h"
#include "generators/templates/view_object.h"

namespace locus {

namespace {

std::string stringOption(const nlohmann::json& options, const char* key,
                         const std::string& fallback) {
  if (options.is_object() && options.contains(key) && options[key].is_string())
    return options[key].get<std::string>();
  return fallback;
}

OrderedJson webhooksView(const api::ApiModel& model) {
  OrderedJson hooks = OrderedJson::array();
  for (const api::ApiWebhook& w : model.webhooks) {
    OrderedJson input = OrderedJson::array();
    for (const api::ApiField& f : w.input) input.push_back(api::fieldSpecView(f));
    hooks.push_back(jsonObject("workflow", w.workflow, "workflowLiteral", api::tsString(w.workflow),
                               "secretLiteral", api::tsString(w.secretEnv), "input",
                               std::move(input)));
  }
  return hooks;
}

// requireRole in front of the routes of the entities only guarded pages use (page_guards.h).
void addRouteGuards(const OrderedJson& ir, OrderedJson& view) {
  std::map<std::string, std::vector<std::string>> guarded = guards::guardedEntities(ir);
  view["hasGuards"] = !guarded.empty();
  for (OrderedJson& entity : view["entities"]) {
    auto it = guarded.find(entity["name"].get<std::string>());
    if (it == guarded.end()) continue;
    std::string roles;
    for (const std::string& r : it->second) roles += (roles.empty() ? "" : ", ") + api::tsString(r);
    entity["guarded"] = true;
    entity["guardLiteral"] = "[" + roles + "]";
  }
}

// The data every top-level template may use.
OrderedJson appView(const api::ApiModel& model, const nlohmann::json& options) {
  std::string appName = stringOption(options, "appName", "locus-app");
  // Only what routes.ts needs: the per-entity files get their full view separately, and copying
  // every field into each template's data would make rendering quadratic in the program size.
  OrderedJson entities = OrderedJson::array();
  for (const api::ApiEntity& e : model.entities) entities.push_back(api::entitySummaryView(e));
  OrderedJson joinTables = OrderedJson::array();
  for (const std::string& t : api::joinTables(model))
    joinTables.push_back(jsonObject("literal", api::tsString(t)));
  long long runTimeoutMs = options.is_object() && options.contains("runTimeoutMs") &&
                                   options["runTimeoutMs"].is_number_integer()
                               ? options["runTimeoutMs"].get<long long>()
                               : 30000;
  return jsonObject(
      "appName", appName, "packageName", npmPackageName(appName) + "-server", "jsonBodyLimit",
      stringOption(options, "jsonBodyLimit", "1mb"), "runTimeoutMs", std::to_string(runTimeoutMs),
      "defaultLimit", std::to_string(model.limits.defaultLimit), "maxLimit",
      std::to_string(model.limits.maxLimit), "secretHeader", api::kWebhookSecretHeader,
      "hasUploads", !model.uploads.empty(), "entities", std::move(entities), "joinTables",
      std::move(joinTables), "webhooks", webhooksView(model));
}

// server/src/actions.ts and data.ts: the server actions pages call (POST /api/actions/<name>)
// and the functions they call in turn.
void renderServerActions(const api::ApiModel& model, const GeneratorInput& input, bool hasAuth,
                         OrderedJson& view, GeneratorOutput& out) {
  std::set<std::string> roots;
  OrderedJson served = OrderedJson::array();
  for (const api::ApiServerAction& a : model.serverActions) {
    roots.insert(a.name);
    OrderedJson params = OrderedJson::array();
    for (const api::ApiField& f : a.params) params.push_back(api::fieldSpecView(f));
    served.push_back(jsonObject("name", a.name, "nameLiteral", api::tsString(a.name), "params",
                                std::move(params)));
  }
  std::vector<const OrderedJson*> callable = actions::actionClosure(input.ir, roots);
  OrderedJson functions = OrderedJson::array();
  for (const OrderedJson* action : callable)
    functions.push_back(jsonObject(
        "code", express::serverActionFunction(*action, callable, hasAuth, out.messages)));
  OrderedJson actionsView = jsonObject("hasAuth", hasAuth, "actions", std::move(served),
                                       "functions", std::move(functions));
  out.files["server/src/actions.ts"] = input.templates.render("actions.ts", actionsView);
  out.files["server/src/data.ts"] = input.templates.render("data.ts", actionsView);
  view["hasActions"] = true;
}

// server/<path> ← template <name>.
const std::pair<const char*, const char*> kAppFiles[] = {
    {"package.json", "package.json"},
    {"tsconfig.json", "tsconfig.json"},
    {"src/index.ts", "index.ts"},
    {"src/app.ts", "app.ts"},
    {"src/db.ts", "db.ts"},
    {"src/outbox.ts", "outbox.ts"},
    {"src/errors.ts", "errors.ts"},
    {"src/validation.ts", "validation.ts"},
    {"src/crud.ts", "crud.ts"},
    {"src/spec.ts", "spec.ts"},
    {"src/list_query.ts", "list_query.ts"},
    {"src/relations.ts", "relations.ts"},
    {"src/cors.ts", "cors.ts"},
    {"src/health.ts", "health.ts"},
    {"src/routes.ts", "routes.ts"},
    {"src/webhooks.ts", "webhooks.ts"},
    {"src/workflow_runner.ts", "workflow_runner.ts"},
};

GeneratorOutput runExpress(const GeneratorInput& input) {
  GeneratorOutput out;
  api::ApiModel model = api::buildApiModel(input.ir, input.options);
  out.messages = model.messages;
  OrderedJson view = appView(model, input.options);
  bool hasAuth = get(input.ir, "auth").is_object();
  // The templates open and close `hasAuth` sections at line ends (`…;{{#hasAuth}}`): the
  // renderer keeps the line break of a standalone section tag, and programs without auth must
  // render byte for byte as before.
  view["hasAuth"] = hasAuth;
  if (hasAuth) {
    view["argon2Version"] = express::kArgon2Version;
    OrderedJson auth = express::authView(input.ir);
    out.files["server/src/auth.ts"] = input.templates.render("auth.ts", auth);
    out.files["server/src/policy.ts"] = input.templates.render("policy.ts", auth);
    addRouteGuards(input.ir, view);
  }
  if (!model.serverActions.empty()) renderServerActions(model, input, hasAuth, view, out);
  for (const auto& [path, name] : kAppFiles)
    out.files["server/" + std::string(path)] = input.templates.render(name, view);
  for (const api::ApiEntity& e : model.entities) {
    out.files["server/src/entities/" + e.table + ".ts"] =
        input.templates.render("entity.ts", api::entityView(e));
  }
  return out;
}

} // namespace

Generator expressGenerator() {
  return makeGenerator(
      "express",
      "TypeScript Express API with CRUD routes per entity and workflow webhooks (server/)",
      runExpress);
}

} // namespace locus
