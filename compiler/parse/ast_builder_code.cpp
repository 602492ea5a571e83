// AST building for code: blocks, statements, expressions, arguments.
#include "compiler/parse/ast_builder_internal.h"

namespace locus::ast_build {

// ------------------------------------------------------------------------------ statements

Block AstBuilder::block(P::BlockContext* ctx) {
  Block out;
  if (!ctx) return out;
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return out;
  for (P::StmtContext* s : ctx->stmt()) stmt(s, out);
  return out;
}

void AstBuilder::stmt(P::StmtContext* ctx, Block& out) {
  Stmt s;
  s.span = span(ctx);
  if (auto* d = as<P::DeclStmtContext>(ctx)) {
    s.kind = d->CONST() ? StmtKind::Const : StmtKind::Let;
    s.name = ident(d->ident());
    s.type = optType(d->typeRef());
    s.value = expr(d->expr());
  } else if (auto* i = as<P::IfStatementContext>(ctx)) {
    s = ifStmt(i->ifStmt());
  } else if (auto* f = as<P::ForStmtContext>(ctx)) {
    s.kind = StmtKind::For;
    s.name = ident(f->ident());
    s.value = expr(f->expr());
    s.body = block(f->block());
  } else if (auto* w = as<P::WhileStmtContext>(ctx)) {
    s.kind = StmtKind::While;
    s.value = expr(w->expr());
    s.body = block(w->block());
  } else if (as<P::BreakStmtContext>(ctx)) {
    s.kind = StmtKind::Break;
  } else if (as<P::ContinueStmtContext>(ctx)) {
    s.kind = StmtKind::Continue;
  } else if (auto* r = as<P::ReturnStmtContext>(ctx)) {
    s.kind = StmtKind::Return;
    if (r->expr()) s.value = expr(r->expr());
  } else if (auto* t = as<P::ThrowStmtContext>(ctx)) {
    s.kind = StmtKind::Throw;
    s.value = expr(t->expr());
  } else if (auto* e = as<P::ExprStmtContext>(ctx)) {
    ExprPtr head = postfix(e->postfixExpr());
    if (e->assignOp() && e->expr()) {
      s.kind = StmtKind::Assign;
      s.op = text(e->assignOp());
      s.target = std::move(head);
      s.value = expr(e->expr());
    } else {
      s.kind = StmtKind::Expr;
      s.value = std::move(head);
    }
  } else {
    return; // empty statement `;`
  }
  out.push_back(std::move(s));
}

Stmt AstBuilder::ifStmt(P::IfStmtContext* ctx) {
  Stmt s;
  s.kind = StmtKind::If;
  s.span = span(ctx);
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return s;
  s.value = expr(ctx->expr());
  std::vector<P::BlockContext*> blocks = ctx->block();
  if (!blocks.empty()) s.body = block(blocks[0]);
  if (ctx->ELSE()) {
    s.hasElse = true;
    if (blocks.size() > 1)
      s.elseBody = block(blocks[1]);
    else if (ctx->ifStmt())
      s.elseBody.push_back(ifStmt(ctx->ifStmt()));
  }
  return s;
}

// ----------------------------------------------------------------------------- expressions

ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  if (!ctx) return makeExpr(ExprKind::Null, "", {});
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return makeExpr(ExprKind::Null, "", span(ctx));
  Span sp = span(ctx);
  if (auto* p = as<P::PrimaryExprContext>(ctx))
    return primary(ruleChild<P::PrimaryContext>(p, P::RulePrimary));
  if (auto* m = as<P::MemberExprContext>(ctx)) {
    ExprPtr e = makeExpr(ExprKind::Member, text(m->ident()), sp);
    e->lhs = expr(m->expr());
    e->optionalChain = m->QDOT() != nullptr;
    return e;
  }
  if (auto* i = as<P::IndexExprContext>(ctx)) {
    ExprPtr e = makeExpr(ExprKind::Index, "", sp);
    e->lhs = expr(i->expr(0));
    e->rhs = expr(i->expr(1));
    return e;
  }
  if (auto* c = as<P::CallExprContext>(ctx)) {
    ExprPtr e = makeExpr(ExprKind::Call, "", sp);
    e->lhs = expr(c->expr());
    e->args = args(c->argList());
    return e;
  }
  if (auto* u = as<P::UnaryExprContext>(ctx)) {
    std::string op = u->NOT() ? "!" : u->children.empty() ? "" : u->children[0]->getText();
    ExprPtr e = makeExpr(ExprKind::Unary, op, sp);
    e->lhs = expr(u->expr());
    return e;
  }
  if (auto* a = as<P::AwaitExprContext>(ctx)) return expr(a->expr()); // data calls are awaited
  if (auto* b = as<P::BinaryExprContext>(ctx)) {
    std::string op = b->children.size() > 1 ? b->children[1]->getText() : "";
    if (op == "and") op = "&&"; // the word forms are spelled like the symbols in the AST
    if (op == "or") op = "||";
    ExprPtr e = makeExpr(ExprKind::Binary, op, sp);
    e->lhs = expr(b->expr(0));
    e->rhs = expr(b->expr(1));
    return e;
  }
  if (auto* c = as<P::ConditionalExprContext>(ctx)) {
    ExprPtr e = makeExpr(ExprKind::Conditional, "?:", sp);
    e->lhs = expr(c->expr(0));
    e->rhs = expr(c->expr(1));
    e->alt = expr(c->expr(2));
    return e;
  }
  return makeExpr(ExprKind::Null, "", sp);
}

// `a.b[c](d)`: a primary and its suffixes, folded left to right into Member/Index/Call nodes.
ExprPtr AstBuilder::postfix(P::PostfixExprContext* ctx) {
  if (!ctx) return makeExpr(ExprKind::Null, "", {});
  ExprPtr e = primary(ctx->primary());
  uint32_t start = e->span.offset;
  for (P::PostfixSuffixContext* suffix : ctx->postfixSuffix()) {
    Span sp = span(suffix);
    if (sp.offset >= start) { // the node spans from the primary to the end of this suffix
      sp.length += sp.offset - start;
      sp.col -= std::min(sp.col - 1, sp.offset - start);
      sp.offset = start;
      sp.line = e->span.line;
      sp.col = e->span.col;
    }
    ExprPtr next;
    if (auto* m = as<P::MemberSuffixContext>(suffix)) {
      next = makeExpr(ExprKind::Member, text(m->ident()), sp);
      next->optionalChain = m->QDOT() != nullptr;
    } else if (auto* i = as<P::IndexSuffixContext>(suffix)) {
      next = makeExpr(ExprKind::Index, "", sp);
      next->rhs = expr(i->expr());
    } else if (auto* c = as<P::CallSuffixContext>(suffix)) {
      next = makeExpr(ExprKind::Call, "", sp);
      next->args = args(c->argList());
    } else {
      continue;
    }
    next->lhs = std::move(e);
    e = std::move(next);
  }
  return e;
}

ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  Span sp = span(ctx);
  if (auto* l = as<P::LiteralPrimaryContext>(ctx))
    return literal(ruleChild<P::LiteralContext>(l, P::RuleLiteral));
  if (auto* n = as<P::NamePrimaryContext>(ctx)) return makeExpr(ExprKind::Name, text(n), sp);
  if (auto* p = as<P::ParenPrimaryContext>(ctx)) return expr(p->expr());
  if (auto* a = as<P::ArrayPrimaryContext>(ctx)) {
    ExprPtr e = makeExpr(ExprKind::Array, "", sp);
    for (P::ExprContext* x : a->expr()) e->args.push_back(Arg{{}, expr(x)});
    return e;
  }
  if (auto* o = as<P::ObjectPrimaryContext>(ctx)) {
    ExprPtr e = makeExpr(ExprKind::Object, "", sp);
    for (P::ObjectEntryContext* entry : o->objectEntry()) {
      Ident key = entry->STRING() ? Ident{unescape(text(entry->STRING())), span(entry->STRING())}
                                  : ident(entry->ident());
      e->args.push_back(Arg{std::move(key), expr(entry->expr())});
    }
    return e;
  }
  return makeExpr(ExprKind::Null, "", sp);
}

ExprPtr AstBuilder::literal(P::LiteralContext* ctx) {
  if (!ctx) return makeExpr(ExprKind::Null, "", {});
  Span sp = span(ctx);
  antlr4::Token* t = ctx->getStart();
  std::string raw = text(t);
  switch (t->getType()) {
  case P::NUMBER:
    return makeExpr(ExprKind::Number, raw, sp);
  case P::STRING:
    return makeExpr(ExprKind::String, unescape(raw), sp);
  case P::TRUE_KW:
  case P::FALSE_KW:
    return makeExpr(ExprKind::Bool, raw, sp);
  case P::SIZE: // `10mb` is `10MB`: the unit in capitals, as every later phase reads it
    for (char& c : raw)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return makeExpr(ExprKind::Size, raw, sp);
  case P::DURATION:
    return makeExpr(ExprKind::Duration, raw, sp);
  case P::COLOR:
    return makeExpr(ExprKind::Color, raw, sp);
  default:
    return makeExpr(ExprKind::Null, "null", sp);
  }
}

std::vector<Arg> AstBuilder::args(P::ArgListContext* ctx) {
  std::vector<Arg> out;
  if (!ctx) return out;
  for (P::ArgContext* a : ruleChildren<P::ArgContext>(ctx, P::RuleArg))
    out.push_back(Arg{ident(ruleChild<P::IdentContext>(a, P::RuleIdent)),
                      expr(ruleChild<P::ExprContext>(a, P::RuleExpr))});
  return out;
}

std::vector<Arg> AstBuilder::props(P::PropsBlockContext* ctx) {
  std::vector<Arg> out;
  if (!ctx) return out;
  for (P::PropContext* p : ruleChildren<P::PropContext>(ctx, P::RuleProp))
    out.push_back(Arg{ident(ruleChild<P::IdentContext>(p, P::RuleIdent)),
                      expr(ruleChild<P::ExprContext>(p, P::RuleExpr))});
  return out;
}

} // namespace locus::ast_build
