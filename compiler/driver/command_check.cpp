#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"

#include "compiler/ast/ast_json.h"
#include "compiler/driver/plugin_build.h"
#include "compiler/frontend/compile.h"
#include "compiler/frontend/load_project.h"

#include <cctype>
#include <llvm/Support/raw_ostream.h>

namespace locus {

int runCheck(const std::string& input, const OutputOptions& out) {
  // The front-end hooks apply to `check` too (onPreParse, onPostParse, onPostValidate, step kinds,
  // onError).
  PluginHost host(projectRootOf(input), out.verbose ? pluginLinesToStderr() : nullptr);
  std::unique_ptr<FrontEndResult> result = checkWithPlugins(host, input);
  host.shutdownAll();
  reportDiagnostics(result->diagnostics, *result->sources, out);
  int status = frontEndStatus(*result);
  return status == 0 && warningsDenied(result->diagnostics, out) ? 1 : status;
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

// Codes in any case (`e0104`); a code whose severity changed keeps its number, so the other
// letter finds it too (W0406 → E0406).
static std::optional<DiagKind> findDiagKind(std::string code) {
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (std::optional<DiagKind> kind = diagKindByCode(code)) return kind;
  if (code.empty() || (code[0] != 'E' && code[0] != 'W')) return std::nullopt;
  code[0] = code[0] == 'E' ? 'W' : 'E';
  return diagKindByCode(code);
}

int runExplain(const std::string& code) {
  std::optional<DiagKind> kind = findDiagKind(code);
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
