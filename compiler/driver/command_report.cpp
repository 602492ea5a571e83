#include "compiler/driver/command_report.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

ReportedDiagnostics renderReport(const DiagnosticSink& sink, const SourceSet& sources,
                                 const OutputOptions& out, bool stdoutHoldsData) {
  std::vector<Diagnostic> diags = sink.sorted();
  if (out.quiet)
    std::erase_if(diags, [](const Diagnostic& d) { return d.severity != Severity::Error; });
  bool machine = out.render.format != DiagnosticFormat::Pretty;
  ReportedDiagnostics report;
  report.toStdout = machine && (!stdoutHoldsData || sink.hasErrors());
  if (!report.toStdout && diags.empty()) return report;
  llvm::raw_string_ostream text(report.text);
  renderDiagnostics(diags, sources, out.render, text);
  text.flush();
  return report;
}

void printReport(const ReportedDiagnostics& report) {
  (report.toStdout ? llvm::outs() : llvm::errs()) << report.text;
}

void reportDiagnostics(const DiagnosticSink& sink, const SourceSet& sources,
                       const OutputOptions& out, bool stdoutHoldsData) {
  printReport(renderReport(sink, sources, out, stdoutHoldsData));
}

bool warningsDenied(const DiagnosticSink& sink, const OutputOptions& out) {
  if (!out.denyWarnings) return false;
  for (const Diagnostic& d : sink.all())
    if (d.severity == Severity::Warning) return true;
  return false;
}

int frontEndStatus(const FrontEndResult& r) {
  if (r.ioError) return 2;
  return r.diagnostics.hasErrors() ? 1 : 0;
}

} // namespace locus
