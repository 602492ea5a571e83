#include "compiler/sema/expr_names.h"

namespace locus {

void forEachFreeName(const ast::Expr& e, const NameVisitor& visit) {
  using ast::ExprKind;
  switch (e.kind) {
  case ExprKind::Name:
    visit(e, NameUse::Value);
    return;
  case ExprKind::Member:
    if (e.lhs) forEachFreeName(*e.lhs, visit);
    return;
  case ExprKind::Call:
    if (e.lhs && e.lhs->kind == ExprKind::Name)
      visit(*e.lhs, NameUse::Callee);
    else if (e.lhs)
      forEachFreeName(*e.lhs, visit);
    break;
  default:
    // Literals have no children; every other kind visits lhs, rhs, alt and args below.
    if (e.lhs) forEachFreeName(*e.lhs, visit);
    break;
  }
  if (e.kind != ExprKind::Call && e.kind != ExprKind::Member && e.rhs)
    forEachFreeName(*e.rhs, visit);
  if (e.alt) forEachFreeName(*e.alt, visit);
  for (const ast::Arg& a : e.args)
    if (a.value) forEachFreeName(*a.value, visit);
}

std::string dottedName(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Name) return e.text;
  if (e.kind != ast::ExprKind::Member || !e.lhs) return "";
  std::string base = dottedName(*e.lhs);
  return base.empty() ? "" : base + "." + e.text;
}

const ast::Expr* rootName(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Name) return &e;
  if ((e.kind == ast::ExprKind::Member || e.kind == ast::ExprKind::Index) && e.lhs)
    return rootName(*e.lhs);
  return nullptr;
}

} // namespace locus
