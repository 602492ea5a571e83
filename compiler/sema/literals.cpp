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

namespace {

// `deal-events`: names joined by '-' without spaces parse as a subtraction; as a word (a queue
// topic, a secret's variable) they mean the hyphenated name. `deal - events` stays arithmetic.
std::string hyphenatedName(const ast::Expr& e) {
  if (e.kind != ast::ExprKind::Binary || e.text != "-" || !e.lhs || !e.rhs) return {};
  std::string left = dottedName(*e.lhs);
  if (left.empty()) left = hyphenatedName(*e.lhs);
  std::string right = dottedName(*e.rhs);
  const Span &l = e.lhs->span, &r = e.rhs->span;
  bool adjacent = l.valid() && r.valid() && l.offset + l.length + 1 == r.offset;
  return left.empty() || right.empty() || !adjacent ? std::string() : left + "-" + right;
}

} // namespace

std::optional<std::string> wordLiteral(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::String) return e.text;
  std::string dotted = dottedName(e);
  if (!dotted.empty()) return dotted;
  std::string hyphenated = hyphenatedName(e);
  if (!hyphenated.empty()) return hyphenated;
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
