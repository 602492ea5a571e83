// Finding and reading the .locus files of a project: a directory (recursively) or a single file
// plus everything it imports.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"

#include <string>
#include <vector>

namespace locus {

// All `*.locus` files under `dir`, sorted, skipping hidden folders, node_modules and build
// output folders (anything containing BUILD_MANIFEST.json).
std::vector<std::string> findLocusFiles(const std::string& dir);

// Reads a file; on failure reports E0007 (located at `from` when given) and returns false.
bool readSourceFile(const std::string& path, std::string& out, DiagnosticSink& sink,
                    Span from = {});

} // namespace locus
