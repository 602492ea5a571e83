#include "compiler/sema/merge.h"

namespace locus {

// Placeholder until implemented.
ast::File mergeFiles(std::vector<ast::File> files, DiagnosticSink&) {
  return files.empty() ? ast::File{} : std::move(files.front());
}

} // namespace locus
