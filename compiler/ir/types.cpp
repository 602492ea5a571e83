// Types and the declarations that carry them (parameters, state variables, actions). Aliases
// are followed here, once, so no IR consumer ever sees an alias it must resolve.
#include "compiler/ir/lower_context.h"

#include <set>

namespace locus::ir {

namespace {

const char* kindName(ResolvedType::Kind k) {
  switch (k) {
  case ResolvedType::Kind::Primitive:
    return "primitive";
  case ResolvedType::Kind::Entity:
    return "entity";
  case ResolvedType::Kind::Unresolved:
    break; // client-side names the compiler does not know
  }
  return "any";
}

Json typeJson(const ResolvedType& t, Json span) {
  Json j = jsonObject("kind", kindName(t.kind), "name", t.name.empty() ? "any" : t.name, "alias",
                      t.alias.empty() ? Json(nullptr) : Json(t.alias), "list", t.list, "optional",
                      t.optional, "nullable", t.nullable, "span", std::move(span));
  if (t.enumDecl) j["enum"] = enumJson(*t.enumDecl);
  return j;
}

// An untyped store line such as `ready: false` gets the type of its literal.
ResolvedType inferFromLiteral(const ast::ExprPtr& init) {
  ResolvedType t;
  t.name = "any";
  if (!init) return t;
  std::optional<Json> v = literalJson(*init);
  if (!v || v->is_null() || v->is_array() || v->is_object()) return t;
  t.kind = ResolvedType::Kind::Primitive;
  if (init->kind == ast::ExprKind::Bool)
    t.name = "Boolean";
  else if (v->is_number_integer())
    t.name = "Integer";
  else if (v->is_number())
    t.name = "Decimal";
  else if (init->kind == ast::ExprKind::String)
    t.name = "String";
  else
    t = ResolvedType{ResolvedType::Kind::Unresolved, "any", "", false, false, false};
  return t;
}

} // namespace

Json enumJson(const ast::EnumDecl& e) {
  Json values = Json::array();
  for (const ast::Ident& v : e.values) values.push_back(v.name);
  return jsonObject("name", e.name.name, "values", std::move(values));
}

Json lowerType(const ast::TypeRef* type, const Span& where, const Context& cx) {
  if (!type) {
    ResolvedType any;
    any.name = "any";
    return typeJson(any, cx.span(where));
  }
  return typeJson(resolveType(*type, cx.symbols()),
                  cx.span(type->span.valid() ? type->span : where));
}

Json lowerParams(const std::vector<ast::Param>& params, const Context& cx) {
  Json out = Json::array();
  for (const ast::Param& p : params) {
    out.push_back(jsonObject("kind", "param", "name", p.name.name, "type",
                             lowerType(p.type.get(), p.span, cx), "default",
                             lowerExpr(p.defaultValue, cx), "span", cx.span(p.span)));
  }
  return out;
}

Json lowerStateVars(const std::vector<ast::StateVar>& vars, const Context& cx) {
  Json out = Json::array();
  for (const ast::StateVar& v : vars) {
    Json j;
    j["kind"] = "state";
    j["name"] = v.name.name;
    j["type"] = v.type ? lowerType(v.type.get(), v.span, cx)
                       : typeJson(inferFromLiteral(v.init), cx.span(v.span));
    j["init"] = lowerExpr(v.init, cx);
    j["span"] = cx.span(v.span);
    out.push_back(std::move(j));
  }
  return out;
}

Json lowerAction(const ast::Action& action, const Context& cx) {
  Json j;
  j["kind"] = "action";
  j["name"] = action.name.name;
  j["params"] = lowerParams(action.params, cx);
  j["returnType"] =
      action.returnType ? lowerType(action.returnType.get(), action.span, cx) : Json(nullptr);
  j["body"] = lowerBlock(action.body, cx);
  j["span"] = cx.span(action.span);
  return j;
}

} // namespace locus::ir
