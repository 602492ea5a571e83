#include "compiler/sema/literals.h"

#include "compiler/sema/expr_names.h"

#include <cmath>
#include <cstdlib>

namespace locus {

std::optional<double> numberLiteral(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Number) return std::strtod(e.text.c_str(), nullptr);
  if (e.kind == ast::ExprKind::Unary && (e.text == "-" || e.text == "+") && e.lhs) {
    auto v = numberLiteral(*e.lhs);
    if (v) return e.text == "-" ? -*v : *v;
  }
  return std::nullopt;
}

bool isIntegral(double v) {
  return std::isfinite(v) && std::floor(v) == v;
}

std::optional<bool> boolLiteral(const ast::Expr& e) {
  if (e.kind != ast::ExprKind::Bool) return std::nullopt;
  return e.text == "true";
}

std::optional<std::string> wordLiteral(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::String) return e.text;
  std::string dotted = dottedName(e);
  if (!dotted.empty()) return dotted;
  return std::nullopt;
}

bool isLiteral(const ast::Expr& e) {
  using ast::ExprKind;
  switch (e.kind) {
  case ExprKind::Number:
  case ExprKind::String:
  case ExprKind::Bool:
  case ExprKind::Null:
  case ExprKind::Size:
  case ExprKind::Duration:
  case ExprKind::Color:
  case ExprKind::Array:
  case ExprKind::Object:
    return true;
  default:
    return false;
  }
}

} // namespace locus
