#include "compiler/sema/check_program.h"

#include "compiler/sema/checks.h"

namespace locus {

void checkProgram(const ast::File& program, const CheckOptions& options, DiagnosticSink& sink) {
  Symbols symbols = buildSymbols(program);
  checkDatabase(program, symbols, sink);
  checkDesignSystem(program, sink);
  checkUploads(program, sink);
  checkTypeNames(program, symbols, sink);
  checkUi(program, symbols, sink);
  checkWorkflows(program, symbols, options, sink);
  checkCode(program, symbols, sink);
  checkAuth(program, symbols, sink);
  checkTests(program, symbols, sink);
  checkGuards(program, symbols, sink);
}

} // namespace locus
