// Recovery per top-level declaration. After syntax errors, the declarations they touch are left
// out and the rest of the project is still checked, so one mistake does not hide every other
// file's problems. What the checker then says about a left-out declaration's name (an unknown
// type, entity or component) is a consequence of leaving it out, and is not reported.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <string>
#include <vector>

namespace locus {

// Removes from `files` each top-level declaration (each entity of a `database` block on its own)
// that an error of `diagnostics` lies in. An unclosed block (E0012, where the next declaration
// starts) belongs to the declaration before it; an error on a stray line between two
// declarations belongs to neither. Returns the names of the declarations removed.
std::vector<std::string> dropBrokenDeclarations(std::vector<ast::File>& files,
                                                const std::vector<Diagnostic>& diagnostics);

// True when the message names one of `names` as a whole word.
bool mentionsAny(const Diagnostic& d, const std::vector<std::string>& names);

} // namespace locus
