#include "compiler/driver/command_report.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

void reportDiagnostics(const DiagnosticSink& sink, const SourceSet& sources,
                       const OutputOptions& out, bool stdoutHoldsData) {
  std::vector<Diagnostic> diags = sink.sorted();
  if (out.quiet)
    std::erase_if(diags, [](const Diagnostic& d) { return d.severity != Severity::Error; });
  bool machine = out.render.format != DiagnosticFormat::Pretty;
  bool toStdout = machine && (!stdoutHoldsData || sink.hasErrors());
  if (!toStdout && diags.empty()) return;
  renderDiagnostics(diags, sources, out.render, toStdout ? llvm::outs() : llvm::errs());
}

int frontEndStatus(const FrontEndResult& r) {
  if (r.ioError) return 2;
  return r.diagnostics.hasErrors() ? 1 : 0;
}

} // namespace locus
