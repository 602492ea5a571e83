// `locusc ir [FILE|DIR]`: runs the front end and prints the IR (docs/ir.md) as JSON on stdout.
// With errors it prints the diagnostics like `locusc check` and no IR.
#include "compiler/driver/commands.h"

#include "compiler/driver/compile.h"
#include "compiler/ir/ir.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

namespace {

// With errors the output is what `locusc check` prints (machine formats on stdout, there is no
// IR); otherwise stdout holds the IR, so warnings go to stderr whatever the format.
void reportDiagnostics(const FrontEndResult& r, const OutputOptions& out) {
  std::vector<Diagnostic> diags = r.diagnostics.sorted();
  if (out.quiet)
    std::erase_if(diags, [](const Diagnostic& d) { return d.severity != Severity::Error; });
  bool failed = r.ioError || r.diagnostics.hasErrors();
  bool machine = out.render.format != DiagnosticFormat::Pretty;
  if (failed && machine) return renderDiagnostics(diags, *r.sources, out.render, llvm::outs());
  if (!diags.empty()) renderDiagnostics(diags, *r.sources, out.render, llvm::errs());
}

} // namespace

int runIr(const std::string& input, const OutputOptions& out) {
  std::unique_ptr<FrontEndResult> result = runFrontEnd(input, FrontEndOptions{});
  reportDiagnostics(*result, out);
  if (result->ioError) return 2;
  if (result->diagnostics.hasErrors()) return 1;
  llvm::outs() << lowerToIr(result->program, *result->sources).dump(2) << "\n";
  return 0;
}

} // namespace locus
