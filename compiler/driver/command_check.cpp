#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"

#include "compiler/ast/ast_json.h"
#include "compiler/driver/plugin_build.h"
#include "compiler/driver/plugin_diagnostics.h"
#include "compiler/frontend/compile.h"
#include "compiler/frontend/load_project.h"
#include "hooks/dispatch/optional_failures.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

int runCheck(const std::string& input, const OutputOptions& out) {
  // The front-end hooks apply to `check` too (onPreParse, onPostParse, onPostValidate, step kinds,
  // onError).
  PluginHost host(projectRootOf(input), out.verbose ? pluginLinesToStderr() : nullptr);
  PendingPluginDiagnostics pending;
  std::unique_ptr<FrontEndResult> result = runFrontEndWithPlugins(host, input, {}, pending);
  reportLoadProblems(host.set(), result->diagnostics);
  if (!frontEndStatus(*result)) runPostValidate(host, result->program, *result->sources, pending);
  hooks::degradeOptionalFailures(pending.items, host.set());
  reportPluginDiagnostics(pending.items, *result->sources, host.root().string(),
                          result->diagnostics);
  // onError observers see every error, as in `build`; their own reports are warnings.
  pending.items.clear();
  notifyErrors(host, result->diagnostics, *result->sources, pending);
  reportPluginDiagnostics(pending.items, *result->sources, host.root().string(),
                          result->diagnostics);
  host.shutdownAll();
  reportDiagnostics(result->diagnostics, *result->sources, out);
  return frontEndStatus(*result);
}

int runAst(const std::string& file, const OutputOptions& out) {
  SourceSet sources;
  DiagnosticSink sink;
  std::string text;
  if (!readSourceFile(file, text, sink)) {
    reportDiagnostics(sink, sources, out);
    return 2;
  }
  FileId id = sources.add(file, std::move(text));
  ast::File ast = parseFile(id, sources.file(id).text, sink);
  llvm::outs() << astToJson(ast, sources).dump(2) << "\n";
  OutputOptions errOut = out;
  errOut.render.format = DiagnosticFormat::Pretty; // stdout holds the JSON
  if (!sink.all().empty()) renderDiagnostics(sink.sorted(), sources, errOut.render, llvm::errs());
  return sink.hasErrors() ? 1 : 0;
}

int runExplain(const std::string& code) {
  std::optional<DiagKind> kind = diagKindByCode(code);
  if (!kind) {
    llvm::errs() << "locusc: unknown diagnostic code '" << code
                 << "' (codes look like E0101 or W0205)\n";
    return 2;
  }
  const DiagKindInfo& info = diagKindInfo(*kind);
  llvm::outs() << info.code << " (" << severityName(info.severity) << "): " << info.summary
               << "\n\n"
               << info.explanation << "\n";
  return 0;
}

} // namespace locus
