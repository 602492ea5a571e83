// The IR's `auth` section and each entity's `access` policies. Both appear only in programs that
// declare `auth { }`, so the IR of every other program is unchanged.
#include "compiler/ir/lower_context.h"

#include "compiler/ir/naming.h"
#include "compiler/sema/auth_config.h"

namespace locus::ir {

namespace {

// {"field", "column"} of a user field named in the auth block, or null when not set.
Json userField(const std::string& name, const Json& loweredFields) {
  if (name.empty()) return nullptr;
  for (const Json& f : loweredFields)
    if (f["name"] == name) return jsonObject("field", name, "column", f["column"]);
  return jsonObject("field", name, "column", snakeCase(name));
}

} // namespace

Json lowerAuth(const Context& cx, const Json& entities) {
  AuthConfig auth = readAuthConfig(cx.program(), cx.symbols());
  if (!auth.block || !auth.user) return nullptr;
  const Json* user = nullptr;
  for (const Json& e : entities)
    if (e["name"] == auth.user->name.name) user = &e;
  if (!user) return nullptr;
  const Json& fields = (*user)["fields"];
  Json j;
  j["userEntity"] = auth.user->name.name;
  j["table"] = (*user)["table"];
  j["primaryKey"] = (*user)["primaryKey"];
  j["identity"] = userField(auth.identity, fields);
  j["password"] = userField(auth.password, fields);
  j["role"] = userField(auth.role, fields);
  j["verify"] = auth.verifyRequired ? "required" : "optional";
  j["span"] = cx.span(auth.block->span);
  return j;
}

Json lowerAccess(const ast::Entity& entity, const Context& cx) {
  Json j;
  for (const std::string& op : accessOperationNames()) {
    const ast::Arg* rule = nullptr;
    for (const ast::Arg& a : entity.access)
      if (a.name.name == op && !rule) rule = &a;
    j[op] = rule ? lowerExpr(rule->value, cx) : Json(nullptr); // null: denied
  }
  j["span"] = cx.span(entity.accessSpan);
  return j;
}

} // namespace locus::ir
