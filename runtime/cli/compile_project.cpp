#include "runtime/cli/compile_project.h"

#include "compiler/diagnostics/render.h"
#include "compiler/frontend/compile.h"
#include "compiler/ir/ir.h"
#include "hooks/schema/schema_errors.h"

namespace locus::rt {

CompileResult compileProject(const std::string& input, const CheckOptions& check) {
  CompileResult out;
  FrontEndOptions options;
  options.check = check;
  std::unique_ptr<FrontEndResult> r = runFrontEnd(input, options);
  std::vector<Diagnostic> diags = r->diagnostics.sorted();
  if (!diags.empty()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    renderDiagnostics(diags, *r->sources, RenderOptions{}, os);
    os.flush();
    out.diagnostics = text;
  }
  out.ioError = r->ioError;
  if (r->ioError || r->diagnostics.hasErrors()) return out;
  locus::OrderedJson ir = lowerToIr(r->program, *r->sources);
  out.program = programFromIrText(ir.dump());
  return out;
}

CheckOptions pluginCheckOptions(const plugins::PluginBridge& bridge) {
  CheckOptions out;
  for (const hooks::LoadedPlugin& p : bridge.pool().set().plugins)
    for (const hooks::StepKindDecl& step : p.manifest.steps)
      out.pluginSteps.push_back({step.kind, p.manifest.name, step.schema});
  out.validateLiteral = hooks::schemaErrorPairs;
  return out;
}

} // namespace locus::rt
