// Field attributes in normalised form: one key per attribute with its value already read out
// of the expression, so generators do not interpret attribute syntax (`@length(1, 5)` and
// `@length(min: 1, max: 5)` and the legacy `(default: x)` all look the same in the IR).
#include "compiler/ir/entity_parts.h"

#include <set>

namespace locus::ir {

namespace {

const ast::Expr* firstArg(const ast::Attribute& a) {
  return a.args.empty() ? nullptr : a.args.front().value.get();
}

Json literalOrNull(const ast::Expr* e) {
  if (!e) return nullptr;
  std::optional<Json> v = literalJson(*e);
  return v ? *v : Json(nullptr);
}

// {"kind": "call", "name": "now"} | {"kind": "literal", "value": V}
Json defaultValue(const ast::Expr* e, const Context& cx) {
  Json j;
  if (e && e->kind == ast::ExprKind::Call && e->lhs && e->lhs->kind == ast::ExprKind::Name) {
    j["kind"] = "call";
    j["name"] = e->lhs->text;
    return j;
  }
  std::optional<Json> v = e ? literalJson(*e) : std::nullopt;
  if (v) {
    j["kind"] = "literal";
    j["value"] = *v;
    return j;
  }
  j["kind"] = "expr"; // not produced by valid programs today; kept total for safety
  j["expr"] = e ? lowerExpr(*e, cx) : Json(nullptr);
  return j;
}

// @length(min, max) or @length(min: a, max: b): either bound may be left out when named.
Json lengthValue(const ast::Attribute& a) {
  Json j = Json::object();
  bool named = !a.args.empty() && !a.args.front().name.name.empty();
  for (size_t i = 0; i < a.args.size(); ++i) {
    std::string key = named ? a.args[i].name.name : (i == 0 ? "min" : "max");
    j[key] = literalOrNull(a.args[i].value.get());
  }
  return j;
}

// The delete policies of `@policy(x)`; "delete" is the peer's spelling of cascade.
std::string policyValue(const ast::Expr* e) {
  std::string word = e && e->kind == ast::ExprKind::Name ? e->text : "";
  return word == "delete" ? "cascade" : word;
}

const std::set<std::string>& flagAttributes() {
  static const std::set<std::string> names = {"unique", "id", "index", "email", "json", "opaque"};
  return names;
}

} // namespace

LoweredAttributes lowerAttributes(const std::vector<ast::Attribute>& attrs, const Context& cx) {
  LoweredAttributes out;
  for (const ast::Attribute& a : attrs) {
    const std::string& name = a.name.name;
    if (out.known.contains(name)) continue; // first wins, like everywhere else
    const ast::Expr* v = firstArg(a);
    if (flagAttributes().count(name))
      out.known[name] = true;
    else if (name == "default")
      out.known[name] = defaultValue(v, cx);
    else if (name == "min" || name == "max")
      out.known[name] = literalOrNull(v);
    else if (name == "length")
      out.known[name] = lengthValue(a);
    else if (name == "map" || name == "pattern")
      out.known[name] = literalOrNull(v);
    else if (name == "policy")
      out.known[name] = policyValue(v);
    else {
      Json c;
      c["kind"] = "attribute";
      c["name"] = name;
      c["args"] = lowerPairs(a.args, cx);
      c["span"] = cx.span(a.span);
      out.custom.push_back(std::move(c));
    }
  }
  return out;
}

} // namespace locus::ir
