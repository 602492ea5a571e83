// Internal to compiler/ir: what every lowering function shares (the program, its name tables,
// the source paths for spans) and one entry point per part of the IR.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"
#include "compiler/sema/symbols.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace locus::ir {

using Json = locus::OrderedJson;

class Context {
public:
  // Span paths are made relative to `pathBase` when it is not empty (see LowerOptions).
  Context(const ast::File& program, const SourceSet& sources, const std::string& pathBase = "");

  const ast::File& program() const { return program_; }
  const Symbols& symbols() const { return symbols_; }

  // {"file","line","col","length"}; an unlocated span (error recovery only) gives null.
  Json span(const Span& s) const;

private:
  const ast::File& program_;
  const SourceSet& sources_;
  Symbols symbols_;
  std::vector<std::string> paths_; // per FileId: the path spans print
};

// ------------------------------------------------------------------ expressions (exprs.cpp)

Json lowerExpr(const ast::Expr& e, const Context& cx);
Json lowerExpr(const ast::ExprPtr& e, const Context& cx); // null for an absent expression
// Arguments, elements, entries: [{"name"?, "value"}] as in the AST JSON.
Json lowerPairs(const std::vector<ast::Arg>& args, const Context& cx);
// `key: expr` properties as one object {"key": EXPR, …} in source order.
Json lowerProps(const std::vector<ast::Arg>& props, const Context& cx);

// The JSON value of a literal (numbers as numbers, `-1`, strings, bools, null, and arrays and
// objects of literals); sizes, durations and colors give their text. nullopt otherwise.
std::optional<Json> literalJson(const ast::Expr& e);
// "42" → 42, "2.5" → 2.5 (integers stay integers so the output has no "42.0").
Json numberJson(const std::string& text);

// ------------------------------------------------------------------ statements (stmts.cpp)

Json lowerBlock(const ast::Block& block, const Context& cx);

// ------------------------------------------------------- types and declarations (types.cpp)

// Alias resolution is shared with sema: locus::resolveType (compiler/sema/symbols.h).
using locus::ResolvedType;
using locus::resolveType;

// {"kind": "primitive"|"entity"|"any", "name", "alias", "list", "optional", "nullable", "span"};
// an absent type is {"kind": "any", "name": "any", …} located at `where`.
Json lowerType(const ast::TypeRef* type, const Span& where, const Context& cx);
Json lowerParams(const std::vector<ast::Param>& params, const Context& cx);
Json lowerStateVars(const std::vector<ast::StateVar>& vars, const Context& cx);
Json lowerAction(const ast::Action& action, const Context& cx);

// ------------------------------------------------------------------------ the IR's sections

Json lowerEntities(const Context& cx);     // entities.cpp (+ relations.cpp, attributes.cpp)
Json lowerDesignSystem(const Context& cx); // design_system.cpp
Json lowerContainers(const std::vector<ast::UiContainer>& containers, const Context& cx); // ui.cpp
Json lowerWorkflows(const Context& cx); // workflows.cpp (+ steps.cpp)
Json lowerUploads(const Context& cx);   // uploads.cpp
Json enumJson(const ast::EnumDecl& e);  // types.cpp: `{name, values}` of an enum
// auth.cpp: the `auth` section (null when the program has no usable auth block), and one
// entity's `access` policies ({"read"|"create"|"update"|"delete": EXPR or null (denied), "span"}).
Json lowerAuth(const Context& cx, const Json& entities);
Json lowerAccess(const ast::Entity& entity, const Context& cx);

} // namespace locus::ir
