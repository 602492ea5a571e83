// Locus expressions (IR, docs/language/ast.md "Expressions") as TypeScript expressions.
#pragma once

#include "generators/react/code_scope.h"

#include <string>

namespace locus::react {

// The TypeScript text of `expr`. Data functions and action calls are awaited (Action context
// only; in Render context they are reported with W0809).
std::string compileExpr(const Json& expr, CodeScope& scope);

// The IR type of a name, member chain or loop variable when it is known, else null.
Json typeOfExpr(const Json& expr, const CodeScope& scope);

// The entity the elements of `iterable` are (`products` of type Product[] → "Product"), or "".
std::string elementEntity(const Json& iterable, const CodeScope& scope);

// The primary-key field of an entity ("id" when unknown).
std::string primaryKeyOf(const ProgramIndex& program, const std::string& entity);

// Whether `expr` mentions the name `name` anywhere.
bool mentionsName(const Json& expr, const std::string& name);

} // namespace locus::react
