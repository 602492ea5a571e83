#include "compiler/parse/ast_builder.h"

#include "compiler/parse/ast_builder_internal.h"

#include <cctype>

namespace locus::ast_build {

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
  } else if (auto* c = ctx->enumDecl()) {
    out.enums.push_back(enumDecl(c));
  } else if (auto* c = ctx->database()) {
    Database db;
    db.span = span(c);
    for (P::EntityContext* e : c->entity()) db.entities.push_back(entity(e));
    for (P::EnumDeclContext* e : c->enumDecl()) out.enums.push_back(enumDecl(e));
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
  } else if (auto* c = ctx->authBlock()) {
    out.auths.push_back(Auth{props(c->propsBlock()), span(c)});
  } else if (auto* c = ctx->testBlock()) {
    out.tests.push_back(test(c));
  }
}

} // namespace locus::ast_build

namespace locus {

using P = locus_grammar::LocusParser;
using ast_build::AstBuilder;

void buildTopLevel(P::TopLevelContext* tree, std::string_view text, FileId file,
                   DiagnosticSink& sink, ast::File& out, const AstBuildLimits& limits) {
  AstBuilder(text, file, sink, limits).topLevel(tree, out);
}

std::vector<ast::Entity> buildEntities(const std::function<P::EntityContext*()>& next,
                                       std::string_view text, FileId file, DiagnosticSink& sink,
                                       const AstBuildLimits& limits) {
  AstBuilder builder(text, file, sink, limits);
  std::vector<ast::Entity> entities;
  while (P::EntityContext* tree = next()) entities.push_back(builder.entity(tree));
  return entities;
}

} // namespace locus
