// Expressions in the IR: the shapes of the AST JSON (docs/language/ast.md), written by our own
// code so the IR's shape cannot change when the AST JSON (astVersion) does.
#include "compiler/ir/lower_context.h"

#include <cstdlib>

namespace locus::ir {

namespace {

using ast::ExprKind;

void addExpr(Json& j, const char* key, const ast::ExprPtr& e, const Context& cx) {
  if (e) j[key] = lowerExpr(*e, cx);
}

Json elements(const std::vector<ast::Arg>& args, const Context& cx) {
  Json out = Json::array();
  for (const ast::Arg& a : args) out.push_back(lowerExpr(a.value, cx));
  return out;
}

// The kind-specific members, named after what they mean (as in the AST JSON).
void exprParts(Json& j, const ast::Expr& e, const Context& cx) {
  switch (e.kind) {
  case ExprKind::Number:
  case ExprKind::String:
  case ExprKind::Size:
  case ExprKind::Duration:
  case ExprKind::Color:
    j["value"] = e.text;
    return;
  case ExprKind::Bool:
    j["value"] = e.text == "true";
    return;
  case ExprKind::Null:
    return;
  case ExprKind::Name:
    j["name"] = e.text;
    return;
  case ExprKind::Member:
    addExpr(j, "object", e.lhs, cx);
    j["member"] = e.text;
    if (e.optionalChain) j["optionalChain"] = true;
    return;
  case ExprKind::Index:
    addExpr(j, "object", e.lhs, cx);
    addExpr(j, "index", e.rhs, cx);
    return;
  case ExprKind::Call:
    addExpr(j, "callee", e.lhs, cx);
    if (!e.args.empty()) j["args"] = lowerPairs(e.args, cx);
    return;
  case ExprKind::Unary:
    j["op"] = e.text;
    addExpr(j, "operand", e.lhs, cx);
    return;
  case ExprKind::Binary:
    j["op"] = e.text;
    addExpr(j, "lhs", e.lhs, cx);
    addExpr(j, "rhs", e.rhs, cx);
    return;
  case ExprKind::Conditional:
    addExpr(j, "condition", e.lhs, cx);
    addExpr(j, "then", e.rhs, cx);
    addExpr(j, "else", e.alt, cx);
    return;
  case ExprKind::Array:
    if (!e.args.empty()) j["elements"] = elements(e.args, cx);
    return;
  case ExprKind::Object:
    if (!e.args.empty()) j["entries"] = lowerPairs(e.args, cx);
    return;
  }
}

bool isWholeNumberText(const std::string& text) {
  return text.find_first_not_of("0123456789") == std::string::npos && !text.empty() &&
         text.size() <= 18; // fits int64 for sure
}

} // namespace

Json lowerExpr(const ast::Expr& e, const Context& cx) {
  Json j = jsonObject("kind", ast::exprKindName(e.kind));
  j.get_ref<Json::object_t&>().reserve(5); // kind, up to three parts, span
  exprParts(j, e, cx);
  j["span"] = cx.span(e.span);
  return j;
}

Json lowerExpr(const ast::ExprPtr& e, const Context& cx) {
  return e ? lowerExpr(*e, cx) : Json(nullptr);
}

Json lowerPairs(const std::vector<ast::Arg>& args, const Context& cx) {
  Json out = Json::array();
  for (const ast::Arg& a : args) {
    Json pair = Json::object();
    if (!a.name.name.empty()) pair["name"] = a.name.name;
    pair["value"] = lowerExpr(a.value, cx);
    out.push_back(std::move(pair));
  }
  return out;
}

Json lowerProps(const std::vector<ast::Arg>& props, const Context& cx) {
  Json out = Json::object();
  for (const ast::Arg& a : props)
    if (!out.contains(a.name.name)) out[a.name.name] = lowerExpr(a.value, cx); // first wins
  return out;
}

Json numberJson(const std::string& text) {
  if (isWholeNumberText(text)) return std::strtoll(text.c_str(), nullptr, 10);
  return std::strtod(text.c_str(), nullptr);
}

std::optional<Json> literalJson(const ast::Expr& e) {
  switch (e.kind) {
  case ExprKind::Number:
    return numberJson(e.text);
  case ExprKind::String:
  case ExprKind::Size:
  case ExprKind::Duration:
  case ExprKind::Color:
    return Json(e.text);
  case ExprKind::Bool:
    return Json(e.text == "true");
  case ExprKind::Null:
    return Json(nullptr);
  case ExprKind::Unary: {
    if ((e.text != "-" && e.text != "+") || !e.lhs || e.lhs->kind != ExprKind::Number) break;
    Json n = numberJson(e.lhs->text);
    if (e.text == "-") n = n.is_number_integer() ? Json(-n.get<int64_t>()) : Json(-n.get<double>());
    return n;
  }
  case ExprKind::Array: {
    Json out = Json::array();
    for (const ast::Arg& a : e.args) {
      std::optional<Json> v = a.value ? literalJson(*a.value) : std::nullopt;
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
    return out;
  }
  case ExprKind::Object: {
    Json out = Json::object();
    for (const ast::Arg& a : e.args) {
      std::optional<Json> v = a.value ? literalJson(*a.value) : std::nullopt;
      if (!v) return std::nullopt;
      out[a.name.name] = std::move(*v);
    }
    return out;
  }
  default:
    break;
  }
  return std::nullopt;
}

} // namespace locus::ir
