#include "compiler/parse/ast_builder.h"

#include "compiler/lex/token_source.h"
#include "compiler/parse/tree_children.h"

#include <cctype>
#include <typeinfo>

namespace locus {

namespace {

using P = locus_grammar::LocusParser;
using namespace ast;

// Exact-type test: ANTLR contexts are never subclassed further. Comparing type_info addresses
// (unique per class in one program, see tree_children.h) avoids dynamic_cast and the strcmp
// that type_info::operator== does on a mismatch.
template <typename T, typename C> T* as(C* ctx) {
  return ctx && &typeid(*ctx) == &typeid(T) ? static_cast<T*>(ctx) : nullptr;
}

using antlr4::tree::TerminalNode;

class AstBuilder {
public:
  AstBuilder(std::string_view text, FileId file, DiagnosticSink& sink, AstBuildLimits limits)
      : text_(text), file_(file), sink_(sink), limits_(limits) {}

  void topLevel(P::TopLevelContext* ctx, File& out);
  Entity entity(P::EntityContext* ctx);

private:
  // --- spans and text -------------------------------------------------------------------
  Span span(antlr4::Token* t) const { return tokenSpan(file_, t); }
  // Terminal nodes may be missing in trees built by error recovery: every accessor is null-safe.
  Span span(antlr4::tree::TerminalNode* n) const { return n ? span(n->getSymbol()) : Span{}; }
  Span span(antlr4::ParserRuleContext* ctx) const {
    Span s = span(ctx->getStart());
    antlr4::Token* stop = ctx->getStop();
    if (stop && stop->getStopIndex() != SIZE_MAX && stop->getStopIndex() >= s.offset)
      s.length = static_cast<uint32_t>(stop->getStopIndex() - s.offset + 1);
    return s;
  }
  std::string text(antlr4::Token* t) const {
    size_t a = t->getStartIndex(), b = t->getStopIndex();
    if (b == SIZE_MAX || b < a || a >= text_.size()) return {};
    return std::string(text_.substr(a, b - a + 1));
  }
  std::string text(antlr4::tree::TerminalNode* n) const { return n ? text(n->getSymbol()) : ""; }
  std::string text(antlr4::ParserRuleContext* ctx) const {
    size_t a = ctx->getStart()->getStartIndex();
    antlr4::Token* stop = ctx->getStop();
    if (!stop || stop->getStopIndex() == SIZE_MAX || stop->getStopIndex() < a) return {};
    return std::string(text_.substr(a, stop->getStopIndex() - a + 1));
  }
  Ident ident(P::IdentContext* ctx) const {
    if (!ctx) return {};
    return Ident{text(ctx), span(ctx)};
  }
  Ident ident(antlr4::tree::TerminalNode* n) const {
    if (!n) return {};
    return Ident{text(n), span(n)};
  }

  // Depth guard: deeply nested input is cut off with one diagnostic instead of overflowing
  // the stack in later phases.
  struct DepthGuard {
    AstBuilder& b;
    bool ok;
    DepthGuard(AstBuilder& builder, antlr4::ParserRuleContext* ctx) : b(builder) {
      ok = ++b.depth_ <= b.limits_.maxDepth;
      if (!ok && !b.depthReported_) {
        b.depthReported_ = true;
        b.sink_.emit(DiagKind::NestingTooDeep, b.span(ctx->getStart()),
                     "nesting deeper than " + std::to_string(b.limits_.maxDepth) +
                         " levels; simplify this construct");
      }
    }
    ~DepthGuard() { --b.depth_; }
  };

  // --- top level --------------------------------------------------------------------------
  TypeRef typeRef(P::TypeRefContext* ctx);
  std::unique_ptr<TypeRef> optType(P::TypeRefContext* ctx) {
    return ctx ? std::make_unique<TypeRef>(typeRef(ctx)) : nullptr;
  }
  Field field(P::FieldContext* ctx);
  Attribute attribute(P::AttributeContext* ctx, std::vector<Attribute>& more);
  DesignSystem designSystem(P::DesignSystemContext* ctx);
  TokenEntry tokenEntry(P::TokenEntryContext* ctx);
  UiContainer container(UiContainerKind kind, P::IdentContext* name, P::UiBodyContext* body,
                        antlr4::ParserRuleContext* whole);
  void uiMember(P::UiMemberContext* ctx, UiContainer& out);
  StateVar stateVar(P::StateVarContext* ctx);
  Param param(P::ParamContext* ctx);
  std::vector<Param> params(P::ParamListContext* ctx);
  Action action(P::ActionContext* ctx, bool server);
  Upload upload(P::UploadContext* ctx);
  Workflow workflow(P::WorkflowContext* ctx);
  void workflowMember(P::WorkflowMemberContext* ctx, Workflow& wf);
  Trigger trigger(P::TriggerContext* ctx);

  // --- UI -----------------------------------------------------------------------------------
  void uiNodes(const std::vector<P::UiNodeContext*>& nodes, std::vector<UiNode>& out);
  UiNode element(P::ElementContext* ctx);
  UiAttr uiAttr(P::UiAttrContext* ctx);
  UiAttr uiAttrValue(P::UiAttrValueContext* v, const Ident& name, Span whole);

  // --- statements and expressions -----------------------------------------------------------
  Block block(P::BlockContext* ctx);
  void stmt(P::StmtContext* ctx, Block& out);
  Stmt ifStmt(P::IfStmtContext* ctx);
  ExprPtr expr(P::ExprContext* ctx);
  ExprPtr primary(P::PrimaryContext* ctx);
  ExprPtr postfix(P::PostfixExprContext* ctx);
  ExprPtr literal(P::LiteralContext* ctx);
  std::vector<Arg> args(P::ArgListContext* ctx);
  std::vector<Arg> props(P::PropsBlockContext* ctx);

  // --- steps ----------------------------------------------------------------------------------
  StepList stepBlock(P::StepBlockContext* ctx);
  Step step(P::StepContext* ctx);
  void stepBody(P::StepBodyContext* ctx, Step& s);
  Step ifStep(P::IfStepContext* ctx);

  std::string_view text_;
  FileId file_;
  DiagnosticSink& sink_;
  AstBuildLimits limits_;
  uint32_t depth_ = 0;
  bool depthReported_ = false;
};

// ----------------------------------------------------------------------------------- literals

std::string unescape(std::string_view quoted) {
  if (quoted.size() < 2) return std::string(quoted);
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 == body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
    case 'n':
      out += '\n';
      break;
    case 't':
      out += '\t';
      break;
    case 'r':
      out += '\r';
      break;
    case '0':
      out += '\0';
      break;
    default:
      out += e;
      break; // \" \' \\ and unknown escapes keep the character
    }
  }
  return out;
}

ExprPtr makeExpr(ExprKind kind, std::string text, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->text = std::move(text);
  e->span = span;
  return e;
}

// Collapses whitespace runs to one space; runs containing a line break at either end are trimmed
// (JSX's rule). Text that is only whitespace is dropped when it holds a line break (layout) and
// kept as one space otherwise: in `{first} {last}` the space is content.
std::string normalizeUiText(std::string_view raw) {
  std::string out;
  bool pendingSpace = false;
  for (char c : raw) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && !out.empty()) out += ' ';
    pendingSpace = false;
    out += c;
  }
  if (out.empty()) return pendingSpace && raw.find('\n') == std::string_view::npos ? " " : "";
  size_t first = raw.find_first_not_of(" \t\r\n\f");
  size_t last = raw.find_last_not_of(" \t\r\n\f");
  std::string_view lead = raw.substr(0, first), trail = raw.substr(last + 1);
  if (!lead.empty() && lead.find('\n') == std::string_view::npos) out.insert(out.begin(), ' ');
  if (!trail.empty() && trail.find('\n') == std::string_view::npos) out += ' ';
  return out;
}

// ---------------------------------------------------------------------------------- top level

void AstBuilder::topLevel(P::TopLevelContext* ctx, File& out) {
  if (auto* c = ctx->importDecl()) {
    if (c->STRING()) out.imports.push_back({unescape(text(c->STRING())), span(c)});
  } else if (auto* c = ctx->typeAlias()) {
    out.typeAliases.push_back({ident(c->ident()), typeRef(c->typeRef()), span(c)});
  } else if (auto* c = ctx->database()) {
    Database db;
    db.span = span(c);
    for (P::EntityContext* e : c->entity()) db.entities.push_back(entity(e));
    out.databases.push_back(std::move(db));
  } else if (auto* c = ctx->entity()) {
    Database db; // a bare top-level entity is its own database block
    db.span = span(c);
    db.entities.push_back(entity(c));
    out.databases.push_back(std::move(db));
  } else if (auto* c = ctx->designSystem()) {
    out.designSystems.push_back(designSystem(c));
  } else if (auto* c = ctx->page()) {
    UiContainer page = container(UiContainerKind::Page, c->ident(), c->uiBody(), c);
    page.headerArgs = args(c->argList());
    out.pages.push_back(std::move(page));
  } else if (auto* c = ctx->component()) {
    UiContainer comp = container(UiContainerKind::Component, c->ident(), c->uiBody(), c);
    std::vector<Param> header = params(c->paramList());
    comp.params.insert(comp.params.begin(), std::make_move_iterator(header.begin()),
                       std::make_move_iterator(header.end()));
    out.components.push_back(std::move(comp));
  } else if (auto* c = ctx->store()) {
    out.stores.push_back(container(UiContainerKind::Store, c->ident(), c->uiBody(), c));
  } else if (auto* c = ctx->workflow()) {
    out.workflows.push_back(workflow(c));
  } else if (auto* c = ctx->upload()) {
    out.uploads.push_back(upload(c));
  } else if (auto* c = ctx->action()) {
    out.actions.push_back(action(c, /*server=*/true));
  }
}

TypeRef AstBuilder::typeRef(P::TypeRefContext* ctx) {
  TypeRef t;
  if (!ctx) return t;
  t.span = span(ctx);
  t.name = ident(ruleChild<P::IdentContext>(ctx, P::RuleIdent));
  if (tokenChild(ctx, P::LIST)) t.list = t.listOf = true;
  for (P::TypeSuffixContext* s : ruleChildren<P::TypeSuffixContext>(ctx, P::RuleTypeSuffix)) {
    if (as<P::OptionalSuffixContext>(s))
      t.optional = true;
    else if (as<P::ListSuffixContext>(s))
      t.list = true;
    else if (as<P::NullableSuffixContext>(s))
      t.nullable = true;
    else if (auto* u = as<P::UnionSuffixContext>(s)) {
      std::string other = text(ruleChild<P::IdentContext>(u, P::RuleIdent));
      if (other == "Null" || other == "null")
        t.nullable = true;
      else
        sink_.emit(DiagKind::UnknownType, span(u->ident()),
                   "union types other than `T | Null` are not supported");
    }
  }
  return t;
}

Entity AstBuilder::entity(P::EntityContext* ctx) {
  Entity e;
  e.name = ident(ruleChild<P::IdentContext>(ctx, P::RuleIdent));
  e.span = span(ctx);
  for (P::FieldContext* f : ruleChildren<P::FieldContext>(ctx, P::RuleField))
    e.fields.push_back(field(f));
  return e;
}

Field AstBuilder::field(P::FieldContext* ctx) {
  Field f;
  f.name = ident(ruleChild<P::IdentContext>(ctx, P::RuleIdent));
  f.span = span(ctx);
  P::FieldTypeContext* fieldType = ruleChild<P::FieldTypeContext>(ctx, P::RuleFieldType);
  if (auto* rel = as<P::RelationFieldContext>(fieldType)) {
    auto* k = ruleChild<P::RelationKindContext>(rel, P::RuleRelationKind);
    f.relation = tokenChild(k, P::HAS_MANY)     ? RelationKind::HasMany
                 : tokenChild(k, P::BELONGS_TO) ? RelationKind::BelongsTo
                                                : RelationKind::HasOne;
    f.type.name = ident(ruleChild<P::IdentContext>(rel, P::RuleIdent));
    f.type.span = f.type.name.span;
    f.type.list = f.relation == RelationKind::HasMany;
    for (antlr4::tree::ParseTree* child : rel->children) {
      if (isTerminalNode(child)) continue;
      auto* rule = static_cast<antlr4::ParserRuleContext*>(child);
      if (rule->getRuleIndex() == P::RuleAttribute) {
        std::vector<Attribute> more;
        f.attributes.push_back(attribute(static_cast<P::AttributeContext*>(rule), more));
        for (Attribute& m : more) f.attributes.push_back(std::move(m));
      } else if (auto* d = as<P::OnDeleteOptionContext>(rule)) {
        f.onDelete = ident(ruleChild<P::IdentContext>(d, P::RuleIdent));
      } else if (auto* i = as<P::InverseOptionContext>(rule)) {
        f.inverse = ident(ruleChild<P::IdentContext>(i, P::RuleIdent));
      }
    }
  } else if (auto* sc = as<P::ScalarFieldContext>(fieldType)) {
    f.type = typeRef(ruleChild<P::TypeRefContext>(sc, P::RuleTypeRef));
    if (tokenChild(ctx, P::OPTIONAL_COLON)) f.type.optional = true;
    for (P::AttributeContext* a : ruleChildren<P::AttributeContext>(sc, P::RuleAttribute)) {
      std::vector<Attribute> more;
      f.attributes.push_back(attribute(a, more));
      for (Attribute& m : more) f.attributes.push_back(std::move(m));
    }
  }
  return f;
}

// `@name(args)`, or the legacy `(unique, default: 0)` which may hold several attributes: the
// first is returned, the rest appended to `more`.
Attribute AstBuilder::attribute(P::AttributeContext* ctx, std::vector<Attribute>& more) {
  if (auto* at = as<P::AtAttributeContext>(ctx)) {
    Attribute a;
    a.name = ident(ruleChild<P::IdentContext>(at, P::RuleIdent));
    a.args = args(ruleChild<P::ArgListContext>(at, P::RuleArgList));
    a.span = span(at);
    return a;
  }
  auto* legacy = as<P::LegacyAttributeContext>(ctx);
  std::vector<Attribute> all;
  for (P::LegacyAttrContext* la : legacy->legacyAttr()) {
    Attribute a;
    a.name = ident(la->ident());
    a.legacy = true;
    a.span = span(la);
    if (la->expr()) a.args.push_back(Arg{{}, expr(la->expr())});
    all.push_back(std::move(a));
  }
  if (all.empty()) return {};
  for (size_t i = 1; i < all.size(); ++i) more.push_back(std::move(all[i]));
  return std::move(all[0]);
}

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
  case P::SIZE:
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

// -------------------------------------------------------------------------------- workflows

Workflow AstBuilder::workflow(P::WorkflowContext* ctx) {
  Workflow wf;
  wf.name = ident(ctx->ident());
  wf.span = span(ctx);
  for (P::WorkflowMemberContext* m : ctx->workflowMember()) workflowMember(m, wf);
  return wf;
}

void AstBuilder::workflowMember(P::WorkflowMemberContext* ctx, Workflow& wf) {
  if (auto* t = as<P::TriggerBlockContext>(ctx)) {
    wf.hasTrigger = true;
    for (P::TriggerContext* tr : t->trigger()) wf.triggers.push_back(trigger(tr));
  } else if (auto* i = as<P::InputBlockContext>(ctx)) {
    for (P::ParamContext* p : i->param()) wf.input.push_back(param(p));
  } else if (auto* s = as<P::WorkflowStateContext>(ctx)) {
    for (P::StateVarContext* v : s->stateVar()) wf.state.push_back(stateVar(v));
  } else if (auto* s = as<P::StepsBlockContext>(ctx)) {
    wf.hasSteps = true;
    StepList steps = stepBlock(s->stepBlock());
    for (Step& st : steps) wf.steps.push_back(std::move(st));
  } else if (auto* r = as<P::RetryBlockContext>(ctx)) {
    wf.hasRetry = true;
    wf.retrySpan = span(r);
    wf.retry = props(r->propsBlock());
  } else if (auto* c = as<P::ConcurrencyBlockContext>(ctx)) {
    wf.hasConcurrency = true;
    wf.concurrencySpan = span(c);
    wf.concurrency = props(c->propsBlock());
  } else if (auto* e = as<P::OnErrorBlockContext>(ctx)) {
    if (auto* names = as<P::HandlerNamesContext>(e->handlerBlock()))
      for (P::IdentContext* n : names->ident()) wf.onError.push_back(ident(n));
    else if (auto* steps = as<P::HandlerStepsContext>(e->handlerBlock()))
      wf.onErrorSteps = stepBlock(steps->stepBlock());
  } else if (auto* f = as<P::OnFailureBlockContext>(ctx)) {
    if (auto* names = as<P::HandlerNamesContext>(f->handlerBlock()))
      for (P::IdentContext* n : names->ident()) wf.onFailure.push_back(ident(n));
    else if (auto* steps = as<P::HandlerStepsContext>(f->handlerBlock()))
      wf.onFailureSteps = stepBlock(steps->stepBlock());
  }
}

TriggerKind triggerKindOf(const std::string& word) {
  if (word == "webhook") return TriggerKind::Webhook;
  if (word == "create") return TriggerKind::Create;
  if (word == "update") return TriggerKind::Update;
  if (word == "delete") return TriggerKind::Delete;
  if (word == "schedule") return TriggerKind::Schedule;
  if (word == "queue") return TriggerKind::Queue;
  if (word == "manual") return TriggerKind::Manual;
  return TriggerKind::Unrecognized;
}

Trigger AstBuilder::trigger(P::TriggerContext* ctx) {
  Trigger t;
  t.span = span(ctx);
  if (auto* on = as<P::OnTriggerContext>(ctx)) {
    t.word = ident(on->ident());
    t.kind = triggerKindOf(t.word.name);
    t.hasParens = on->LPAREN() != nullptr;
    t.args = args(on->argList());
  } else if (auto* bare = as<P::BareTriggerContext>(ctx)) {
    t.word = ident(bare->ident());
    t.kind = TriggerKind::Unrecognized;
    t.bare = true;
  }
  return t;
}

StepList AstBuilder::stepBlock(P::StepBlockContext* ctx) {
  StepList out;
  if (!ctx) return out;
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return out;
  for (P::StepContext* s : ctx->step()) out.push_back(step(s));
  return out;
}

Step AstBuilder::step(P::StepContext* ctx) {
  Step s;
  s.span = span(ctx);
  if (ctx->CONST()) s.binding = ident(ctx->ident());
  if (ctx->stepBody()) stepBody(ctx->stepBody(), s);
  return s;
}

StepKind propsStepKind(const std::string& word) {
  if (word == "http_request") return StepKind::HttpRequest;
  if (word == "send_email") return StepKind::SendEmail;
  if (word == "queue_publish") return StepKind::QueuePublish;
  if (word == "wait_for") return StepKind::WaitFor;
  if (word == "delay") return StepKind::Delay;
  if (word == "schedule") return StepKind::Schedule;
  return StepKind::Generic;
}

void AstBuilder::stepBody(P::StepBodyContext* ctx, Step& s) {
  s.keyword = Ident{ctx->getStart()->getText(), span(ctx->getStart())};
  if (auto* r = as<P::RunStepContext>(ctx)) {
    s.kind = StepKind::Run;
    s.target = ident(r->ident());
    s.args = args(r->argList());
  } else if (auto* b = as<P::BranchStepContext>(ctx)) {
    s.kind = StepKind::Branch;
    if (b->branchCondition()) s.condition = expr(b->branchCondition()->expr());
    std::vector<P::StepBlockContext*> blocks = b->stepBlock();
    if (!blocks.empty()) s.body = stepBlock(blocks[0]);
    if (blocks.size() > 1) {
      s.hasElse = true;
      s.elseBody = stepBlock(blocks[1]);
    }
  } else if (auto* i = as<P::IfStepBodyContext>(ctx)) {
    Step nested = ifStep(i->ifStep());
    nested.binding = std::move(s.binding);
    nested.span = s.span;
    s = std::move(nested);
  } else if (auto* f = as<P::ForEachStepContext>(ctx)) {
    s.kind = StepKind::ForEach;
    s.loopVar = ident(f->ident());
    s.iterable = expr(f->expr());
    s.body = stepBlock(f->stepBlock());
  } else if (auto* w = as<P::WhileStepContext>(ctx)) {
    s.kind = StepKind::While;
    s.condition = expr(w->expr());
    s.body = stepBlock(w->stepBlock());
  } else if (auto* p = as<P::ParallelStepContext>(ctx)) {
    s.kind = StepKind::Parallel;
    s.args = args(p->argList());
    for (P::ParallelItemContext* item : p->parallelItem()) {
      if (auto* br = as<P::ParallelBranchContext>(item))
        s.branches.push_back(stepBlock(br->stepBlock()));
      else if (auto* single = as<P::ParallelSingleContext>(item)) {
        StepList one;
        one.push_back(step(single->step()));
        s.branches.push_back(std::move(one));
      }
    }
  } else if (auto* d = as<P::DbTxStepContext>(ctx)) {
    s.kind = StepKind::DbTx;
    s.body = stepBlock(d->stepBlock());
  } else if (auto* t = as<P::TryStepContext>(ctx)) {
    s.kind = StepKind::Try;
    s.catchVar = ident(t->ident());
    enum { Try, Catch, Finally } part = Try;
    for (antlr4::tree::ParseTree* child : t->children) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (term && term->getSymbol()->getType() == P::CATCH)
        part = Catch;
      else if (term && term->getSymbol()->getType() == P::FINALLY)
        part = Finally;
      auto* blockCtx = dynamic_cast<P::StepBlockContext*>(child);
      if (!blockCtx) continue;
      StepList list = stepBlock(blockCtx);
      if (part == Try)
        s.body = std::move(list);
      else if (part == Catch)
        s.catchBody = std::move(list), s.hasCatch = true;
      else
        s.finallyBody = std::move(list), s.hasFinally = true;
    }
  } else if (auto* tp = as<P::TimerPropsStepContext>(ctx)) {
    s.kind = tp->DELAY() ? StepKind::Delay : StepKind::Schedule;
    s.name = ident(tp->ident());
    s.args = props(tp->propsBlock());
  } else if (auto* te = as<P::TimerExprStepContext>(ctx)) {
    s.kind = te->DELAY() ? StepKind::Delay : StepKind::Schedule;
    s.condition = expr(te->expr());
  } else if (as<P::BreakStepContext>(ctx)) {
    s.kind = StepKind::Break;
  } else if (as<P::ContinueStepContext>(ctx)) {
    s.kind = StepKind::Continue;
  } else if (auto* ret = as<P::ReturnStepContext>(ctx)) {
    s.kind = StepKind::Return;
    if (ret->expr()) s.condition = expr(ret->expr());
  } else if (auto* ps = as<P::PropsStepContext>(ctx)) {
    std::vector<P::IdentContext*> ids = ps->ident();
    if (ids.empty()) return;
    s.keyword = ident(ids[0]);
    s.kind = propsStepKind(s.keyword.name);
    if (ids.size() > 1) s.name = ident(ids[1]);
    s.args = props(ps->propsBlock());
  }
}

Step AstBuilder::ifStep(P::IfStepContext* ctx) {
  Step s;
  s.kind = StepKind::If;
  s.span = span(ctx);
  s.keyword = Ident{"if", span(ctx->IF())};
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return s;
  s.condition = expr(ctx->expr());
  std::vector<P::StepBlockContext*> blocks = ctx->stepBlock();
  if (!blocks.empty()) s.body = stepBlock(blocks[0]);
  if (ctx->ELSE()) {
    s.hasElse = true;
    if (blocks.size() > 1)
      s.elseBody = stepBlock(blocks[1]);
    else if (ctx->ifStep())
      s.elseBody.push_back(ifStep(ctx->ifStep()));
  }
  return s;
}

// ---------------------------------------------------------------------------------- uploads

Upload AstBuilder::upload(P::UploadContext* ctx) {
  Upload up;
  up.name = ident(ctx->ident());
  up.span = span(ctx);
  for (P::UploadMemberContext* m : ctx->uploadMember()) {
    auto addProps = [&](const std::vector<P::UploadPropContext*>& list, std::vector<Arg>& out,
                        UploadField* field) {
      for (P::UploadPropContext* p : list) {
        if (auto* mime = as<P::MimePropContext>(p)) {
          if (!field) continue;
          field->mimeSpan = span(mime->mimeList());
          for (P::MimeTypeContext* mt : mime->mimeList()->mimeType())
            field->mime.push_back(text(mt));
        } else if (auto* v = as<P::ValuePropContext>(p)) {
          Ident key = ident(v->IDENT());
          ExprPtr value = expr(v->expr());
          if (field && key.name == "mime" && value->kind == ExprKind::Array) {
            field->mimeSpan = value->span;
            for (Arg& a : value->args) field->mime.push_back(a.value->text);
          }
          out.push_back(Arg{std::move(key), std::move(value)});
        } else if (auto* f = as<P::FlagPropContext>(p)) {
          Ident key = ident(f->IDENT());
          if (field && key.name == "required") field->required = true;
          out.push_back(Arg{key, makeExpr(ExprKind::Bool, "true", key.span)});
        }
      }
    };
    if (auto* f = as<P::UploadFieldContext>(m)) {
      UploadField field;
      field.name = ident(f->ident());
      field.span = span(f);
      addProps(f->uploadProp(), field.props, &field);
      up.fields.push_back(std::move(field));
    } else if (auto* nf = as<P::NamedUploadFieldContext>(m)) {
      UploadField field; // `field name: "avatar" …` (docs form)
      field.name = Ident{unescape(text(nf->STRING())), span(nf->STRING())};
      field.span = span(nf);
      addProps(nf->uploadProp(), field.props, &field);
      up.fields.push_back(std::move(field));
    } else if (auto* s = as<P::UploadStoreContext>(m)) {
      up.hasStore = true;
      up.storeSpan = span(s);
      if (s->ident()) { // `store: local` is short for `store strategy: local`
        Ident strategy = ident(s->ident());
        up.store.push_back(Arg{Ident{"strategy", strategy.span},
                               makeExpr(ExprKind::Name, strategy.name, strategy.span)});
      }
      addProps(s->uploadProp(), up.store, nullptr);
    }
  }
  return up;
}

} // namespace

void buildTopLevel(P::TopLevelContext* tree, std::string_view text, FileId file,
                   DiagnosticSink& sink, ast::File& out, const AstBuildLimits& limits) {
  AstBuilder(text, file, sink, limits).topLevel(tree, out);
}

std::vector<Entity> buildEntities(const std::function<P::EntityContext*()>& next,
                                  std::string_view text, FileId file, DiagnosticSink& sink,
                                  const AstBuildLimits& limits) {
  AstBuilder builder(text, file, sink, limits);
  std::vector<Entity> entities;
  while (P::EntityContext* tree = next()) entities.push_back(builder.entity(tree));
  return entities;
}

} // namespace locus
