// Statements (action bodies, `on load`) in the shapes of the AST JSON; declared types are
// resolved like every other type in the IR.
#include "compiler/ir/lower_context.h"

namespace locus::ir {

namespace {

using ast::StmtKind;

void addExpr(Json& j, const char* key, const ast::ExprPtr& e, const Context& cx) {
  if (e) j[key] = lowerExpr(*e, cx);
}

void stmtParts(Json& j, const ast::Stmt& s, const Context& cx) {
  switch (s.kind) {
  case StmtKind::Let:
  case StmtKind::Const:
    j["name"] = s.name.name;
    if (s.type) j["type"] = lowerType(s.type.get(), s.span, cx);
    addExpr(j, "value", s.value, cx);
    return;
  case StmtKind::Assign:
    j["op"] = s.op;
    addExpr(j, "target", s.target, cx);
    addExpr(j, "value", s.value, cx);
    return;
  case StmtKind::If:
    addExpr(j, "condition", s.value, cx);
    j["then"] = lowerBlock(s.body, cx);
    if (s.hasElse || !s.elseBody.empty()) j["else"] = lowerBlock(s.elseBody, cx);
    return;
  case StmtKind::For:
    j["var"] = s.name.name;
    addExpr(j, "iterable", s.value, cx);
    j["body"] = lowerBlock(s.body, cx);
    return;
  case StmtKind::While:
    addExpr(j, "condition", s.value, cx);
    j["body"] = lowerBlock(s.body, cx);
    return;
  case StmtKind::Break:
  case StmtKind::Continue:
    return;
  case StmtKind::Return:
  case StmtKind::Throw:
    addExpr(j, "value", s.value, cx);
    return;
  case StmtKind::Expr:
    addExpr(j, "expr", s.value, cx);
    return;
  }
}

} // namespace

Json lowerBlock(const ast::Block& block, const Context& cx) {
  Json out = Json::array();
  for (const ast::Stmt& s : block) {
    Json j;
    j["kind"] = ast::stmtKindName(s.kind);
    stmtParts(j, s, cx);
    j["span"] = cx.span(s.span);
    out.push_back(std::move(j));
  }
  return out;
}

} // namespace locus::ir
