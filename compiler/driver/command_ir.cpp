// `locusc ir [FILE|DIR]`: runs the front end and prints the IR (docs/ir.md) as JSON on stdout.
// With errors it prints the diagnostics like `locusc check` and no IR.
#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"

#include "compiler/base/json_text.h"
#include "compiler/frontend/compile.h"
#include "compiler/ir/ir.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

int runIr(const std::string& input, const OutputOptions& out) {
  std::unique_ptr<FrontEndResult> result = runFrontEnd(input, FrontEndOptions{});
  reportDiagnostics(result->diagnostics, *result->sources, out, /*stdoutHoldsData=*/true);
  if (int status = frontEndStatus(*result)) return status;
  llvm::outs() << jsonText(lowerToIr(result->program, *result->sources), 2) << "\n";
  return 0;
}

} // namespace locus
