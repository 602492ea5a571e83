// Merging the files of a project into one program; duplicate names across files are errors.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <vector>

namespace locus {

// Concatenates every declaration list in file order. Reports E0101 (with a note at the first
// definition) for duplicate entity/page/component/store/workflow/upload/action/type alias names.
// design_system blocks are merged section by section; a token defined twice is E0102.
ast::File mergeFiles(std::vector<ast::File> files, DiagnosticSink& sink);

} // namespace locus
