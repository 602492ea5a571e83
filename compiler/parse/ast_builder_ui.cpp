// AST building for the UI: design systems, pages, components, stores and their markup.
#include "compiler/parse/ast_builder_internal.h"

namespace locus::ast_build {

DesignSystem AstBuilder::designSystem(P::DesignSystemContext* ctx) {
  DesignSystem ds;
  ds.span = span(ctx);
  for (P::TokenEntryContext* e : ctx->tokenEntry()) ds.sections.push_back(tokenEntry(e));
  return ds;
}

TokenEntry AstBuilder::tokenEntry(P::TokenEntryContext* ctx) {
  TokenEntry entry;
  entry.span = span(ctx);
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return entry;
  auto keyOf = [&](P::TokenKeyContext* k) {
    if (k->STRING()) return Ident{unescape(text(k->STRING())), span(k)};
    return ident(k->ident());
  };
  if (auto* g = as<P::TokenGroupContext>(ctx)) {
    entry.key = keyOf(g->tokenKey());
    entry.isGroup = true;
    for (P::TokenEntryContext* e : g->tokenEntry()) entry.group.push_back(tokenEntry(e));
  } else if (auto* v = as<P::TokenValueContext>(ctx)) {
    entry.key = keyOf(v->tokenKey());
    entry.value = expr(v->expr());
  }
  return entry;
}

// ------------------------------------------------------------------- pages, components, stores

UiContainer AstBuilder::container(UiContainerKind kind, P::IdentContext* name,
                                  P::UiBodyContext* body, antlr4::ParserRuleContext* whole) {
  UiContainer c;
  c.kind = kind;
  c.name = ident(name);
  c.span = span(whole);
  if (!body) return c;
  for (P::UiMemberContext* m : ruleChildren<P::UiMemberContext>(body, P::RuleUiMember))
    uiMember(m, c);
  if (auto* implicit = ruleChild<P::ImplicitUiContext>(body, P::RuleImplicitUi)) {
    c.hasUi = true;
    c.uiSpan = span(implicit);
    uiNodes(ruleChildren<P::UiNodeContext>(implicit, P::RuleUiNode), c.ui);
  }
  return c;
}

void AstBuilder::uiMember(P::UiMemberContext* ctx, UiContainer& out) {
  if (auto* s = as<P::StateBlockContext>(ctx)) {
    for (P::StateVarContext* v : ruleChildren<P::StateVarContext>(s, P::RuleStateVar))
      out.state.push_back(stateVar(v));
  } else if (auto* p = as<P::ParamMemberContext>(ctx)) {
    out.params.push_back(param(p->param()));
  } else if (auto* l = as<P::OnLoadMemberContext>(ctx)) {
    out.onLoad.push_back(block(l->block()));
  } else if (auto* l = as<P::LegacyOnLoadMemberContext>(ctx)) {
    Diagnostic& d = sink_.emit(DiagKind::OnLoadSpelling, span(l->legacyOnLoad()->ON_LOAD_LEGACY()),
                               "`on_load` is written `on load`");
    d.suggestion = "on load";
    out.onLoad.push_back(block(l->legacyOnLoad()->block()));
  } else if (auto* a = as<P::ActionMemberContext>(ctx)) {
    out.actions.push_back(action(a->action(), /*server=*/false));
  } else if (auto* u = as<P::UiBlockContext>(ctx)) {
    out.hasUi = true;
    out.uiSpan = span(u);
    uiNodes(ruleChildren<P::UiNodeContext>(u, P::RuleUiNode), out.ui);
  } else if (auto* so = as<P::StyleOverrideContext>(ctx)) {
    auto style = std::make_unique<StyleOverride>();
    style->span = span(so);
    if (so->LBRACE() && so->CSS_RBRACE()) {
      size_t a = so->LBRACE()->getSymbol()->getStopIndex() + 1;
      size_t b = so->CSS_RBRACE()->getSymbol()->getStartIndex();
      if (b != SIZE_MAX && b >= a && b <= text_.size())
        style->css = std::string(text_.substr(a, b - a));
    }
    out.styleOverride = std::move(style);
  } else if (auto* b = as<P::BareStateVarContext>(ctx)) {
    out.state.push_back(stateVar(b->stateVar()));
  }
}

StateVar AstBuilder::stateVar(P::StateVarContext* ctx) {
  StateVar v;
  v.span = span(ctx);
  v.name = ident(ruleChild<P::IdentContext>(ctx, P::RuleIdent));
  v.type = optType(ruleChild<P::TypeRefContext>(ctx, P::RuleTypeRef));
  if (auto* init = ruleChild<P::ExprContext>(ctx, P::RuleExpr))
    v.init = expr(init);
  else if (auto* lit = ruleChild<P::LiteralContext>(ctx, P::RuleLiteral))
    v.init = literal(lit);
  return v;
}

Param AstBuilder::param(P::ParamContext* ctx) {
  Param p;
  if (!ctx) return p;
  p.name = ident(ctx->ident());
  p.span = span(ctx);
  p.type = optType(ctx->typeRef());
  if (p.type && ctx->QUESTION()) p.type->optional = true;
  if (ctx->expr()) p.defaultValue = expr(ctx->expr());
  return p;
}

std::vector<Param> AstBuilder::params(P::ParamListContext* ctx) {
  std::vector<Param> out;
  if (!ctx) return out;
  for (P::ParamContext* p : ctx->param()) out.push_back(param(p));
  return out;
}

Action AstBuilder::action(P::ActionContext* ctx, bool server) {
  Action a;
  a.name = ident(ctx->ident());
  a.span = span(ctx);
  a.server = server;
  a.params = params(ctx->paramList());
  a.returnType = optType(ctx->typeRef());
  a.body = block(ctx->block());
  return a;
}

// ---------------------------------------------------------------------------------------- UI

void AstBuilder::uiNodes(const std::vector<P::UiNodeContext*>& nodes, std::vector<UiNode>& out) {
  for (P::UiNodeContext* n : nodes) {
    if (auto* e = as<P::ElementNodeContext>(n)) {
      out.push_back(element(ruleChild<P::ElementContext>(e, P::RuleElement)));
    } else if (auto* t = as<P::TextNodeContext>(n)) {
      std::string normalized = normalizeUiText(text(tokenChild(t, P::UI_TEXT)));
      if (normalized.empty()) continue;
      UiNode node;
      node.kind = UiNodeKind::Text;
      node.text = std::move(normalized);
      node.span = span(t);
      out.push_back(std::move(node));
    } else if (auto* x = as<P::ExprNodeContext>(n)) {
      UiNode node;
      node.kind = UiNodeKind::Expr;
      node.expr = expr(ruleChild<P::ExprContext>(x, P::RuleExpr));
      node.span = span(x);
      out.push_back(std::move(node));
    }
  }
}

UiNode AstBuilder::element(P::ElementContext* ctx) {
  UiNode node;
  node.kind = UiNodeKind::Element;
  node.span = span(ctx);
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return node;
  // One pass over the children (elements are the widest nodes of a file).
  std::vector<TerminalNode*> names;
  P::UiAttrValueContext* loop = nullptr;
  std::vector<P::UiAttrContext*> attrs;
  std::vector<P::UiNodeContext*> children;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (isTerminalNode(child)) {
      auto* terminal = static_cast<TerminalNode*>(child);
      size_t type = terminal->getSymbol()->getType();
      if (type == P::TAG_NAME) names.push_back(terminal);
      if (type == P::TAG_SLASH_CLOSE) node.selfClosing = true;
      continue;
    }
    auto* rule = static_cast<antlr4::ParserRuleContext*>(child);
    size_t index = rule->getRuleIndex();
    if (index == P::RuleUiAttrValue && !loop) loop = static_cast<P::UiAttrValueContext*>(rule);
    if (index == P::RuleUiAttr) attrs.push_back(static_cast<P::UiAttrContext*>(rule));
    if (index == P::RuleUiNode) children.push_back(static_cast<P::UiNodeContext*>(rule));
  }
  if (!names.empty()) node.tag = ident(names[0]);
  if (loop) {
    // `<for:each={item in list}> … </for:each>`: a loop around the children (peer form).
    UiAttr attr = uiAttrValue(loop, node.tag, node.tag.span);
    node.attrs.push_back(std::move(attr));
  }
  for (P::UiAttrContext* a : attrs) node.attrs.push_back(uiAttr(a));
  uiNodes(children, node.children);
  if (!node.selfClosing && names.size() >= 2 && text(names[1]) != node.tag.name) {
    Diagnostic& d =
        sink_.emit(DiagKind::MismatchedTag, span(names[1]),
                   "closing tag </" + text(names[1]) + "> does not match <" + node.tag.name + ">");
    d.notes.push_back({node.tag.span, "element opened here"});
    d.suggestion = node.tag.name;
  }
  return node;
}

UiAttr AstBuilder::uiAttr(P::UiAttrContext* ctx) {
  UiAttr a;
  a.span = span(ctx);
  Ident full = ident(tokenChild(ctx, P::TAG_NAME));
  size_t colon = full.name.find(':');
  std::string prefix = colon == std::string::npos ? "" : full.name.substr(0, colon);
  a.name = full;
  if (prefix == "on" || prefix == "bind" || prefix == "for") {
    a.kind = prefix == "on"     ? UiAttrKind::On
             : prefix == "bind" ? UiAttrKind::Bind
                                : UiAttrKind::ForEach;
    a.name.name = full.name.substr(colon + 1);
    a.name.span.offset += static_cast<uint32_t>(colon + 1);
    a.name.span.col += static_cast<uint32_t>(colon + 1);
    a.name.span.length -= static_cast<uint32_t>(colon + 1);
  }
  auto* value = ruleChild<P::UiAttrValueContext>(ctx, P::RuleUiAttrValue);
  if (!value) return a;
  UiAttr valued = uiAttrValue(value, full, a.span);
  valued.kind = a.kind;
  valued.name = a.name;
  if (valued.loopVar.name.size() && a.kind != UiAttrKind::ForEach)
    sink_.emit(DiagKind::InvalidDirective, valued.value ? valued.value->span : a.span,
               "`item in list` is only valid as the value of for:each");
  return valued;
}

UiAttr AstBuilder::uiAttrValue(P::UiAttrValueContext* v, const Ident& name, Span whole) {
  UiAttr a;
  a.span = whole;
  a.name = name;
  a.kind = name.name == "for:each" ? UiAttrKind::ForEach : UiAttrKind::Plain;
  if (a.kind == UiAttrKind::ForEach) a.name.name = "each";
  if (auto* s = as<P::StringAttrContext>(v)) {
    a.value = makeExpr(ExprKind::String, unescape(text(tokenChild(s, P::TAG_STRING))), span(s));
  } else if (auto* f = as<P::ForEachAttrContext>(v)) {
    std::vector<P::IdentContext*> ids = f->ident();
    if (!ids.empty()) a.loopVar = ident(ids[0]);
    if (ids.size() > 1) a.indexVar = ident(ids[1]);
    a.value = expr(f->expr());
  } else if (auto* e = as<P::ExprAttrContext>(v)) {
    a.value = expr(ruleChild<P::ExprContext>(e, P::RuleExpr));
  } else if (auto* b = as<P::BareAttrContext>(v)) {
    a.value = makeExpr(ExprKind::String, text(b), span(b));
  }
  return a;
}

} // namespace locus::ast_build
