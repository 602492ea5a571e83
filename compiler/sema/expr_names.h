// Walking the free names of an expression: the identifiers a checker must resolve.
#pragma once

#include "compiler/ast/ast.h"

#include <functional>
#include <string>

namespace locus {

enum class NameUse {
  Value,  // a variable read: `x`, the root of `x.a.b`, `x[i]`
  Callee, // the called name of `f(…)`
};

using NameVisitor = std::function<void(const ast::Expr& name, NameUse use)>;

// Calls `visit` for every free identifier of `e`, in source order: Name nodes (including the
// root of member chains and names nested in calls, operators, arrays and objects). Member names
// after '.' and object keys are not free names.
void forEachFreeName(const ast::Expr& e, const NameVisitor& visit);

// "a.b.c" for a chain of names and members, "" for anything else (used where the peer reads
// a property value such as `template: welcome.html` as literal text).
std::string dottedName(const ast::Expr& e);

// The root Name node of a member/index chain (`a` in `a.b[0].c`), or nullptr.
const ast::Expr* rootName(const ast::Expr& e);

} // namespace locus
