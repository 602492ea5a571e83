// Internal to the AST builder: the builder class whose member functions are defined one file
// per construct (ast_builder_data.cpp, _ui, _code, _workflows, _uploads; the top level and the
// entry points in ast_builder.cpp). Not for use outside compiler/parse/.
#pragma once

#include "compiler/lex/token_source.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/tree_children.h"

#include <string>
#include <string_view>
#include <typeinfo>

namespace locus::ast_build {

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
  EnumDecl enumDecl(P::EnumDeclContext* ctx);

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
  Test test(P::TestBlockContext* ctx);

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

// Literal and text helpers shared by the construct files (ast_builder.cpp).
std::string unescape(std::string_view quoted);
ExprPtr makeExpr(ExprKind kind, std::string text, Span span);
std::string normalizeUiText(std::string_view raw);

} // namespace locus::ast_build
