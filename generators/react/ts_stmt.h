// Locus statements (action bodies, `on load`; docs/language/ast.md "Statements") as TypeScript.
// They run in the Action context: state is read through its getter (`count$()`) and written
// through its setter, so a body sees its own writes.
#pragma once

#include "generators/react/code_scope.h"

#include <string>

namespace locus::react {

// Appends the statements of `block`, one per line, each indented by `indent`.
void compileBlock(const Json& block, CodeScope& scope, const std::string& indent, std::string& out);

// The statement that performs `target op value` (`value` is TypeScript text): a local is
// assigned, a state variable goes through its setter (members through rt.setIn), a store's
// state through the store.
std::string assignTo(const Json& target, const std::string& op, const std::string& value,
                     CodeScope& scope);

} // namespace locus::react
