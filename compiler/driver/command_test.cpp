// `locusc test [FILE|DIR]`: compiles the project, lowers its `test` blocks (lowerTests) and runs
// them with the runtime's test runner (runtime/testing/, IR only) against throwaway SQLite
// stores that get the schema of the `sql` generator. Failed `expect`s are reported as located
// E1305 diagnostics; --junit, --coverage and --format json write the machine reports.
#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"

#include "compiler/driver/plugin_build.h"
#include "compiler/driver/plugin_host.h"
#include "compiler/frontend/load_project.h"
#include "compiler/ir/ir.h"
#include "generators/sql/sql_generator.h"
#include "generators/templates/template_set.h"
#include "runtime/testing/test_reports.h"

#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace locus {

namespace {

namespace testing = rt::testing;

// The app's SQLite schema, as the `sql` generator writes it (db/sqlite/schema.sql).
std::string sqliteSchema(const OrderedJson& ir, std::string& problem) {
  nlohmann::json options = {{"dialects", "sqlite"}};
  TemplateSet templates("sql", "");
  GeneratedFiles none;
  GeneratorOutput out = sqlGenerator().run({ir, options, templates, none, none});
  for (const GeneratorMessage& m : out.messages)
    if (problem.empty()) problem = m.message;
  auto it = out.files.find("db/sqlite/schema.sql");
  return it == out.files.end() ? "" : it->second;
}

// The source location of an IR span (paths are as loaded: lowerTests ran without pathBase).
Span sourceSpan(const nlohmann::json& span, const SourceSet& sources) {
  if (!span.is_object()) return {};
  std::string file = span.value("file", std::string());
  for (size_t id = 0; id < sources.size(); ++id) {
    const auto& f = sources.file(static_cast<FileId>(id));
    if (f.path != file) continue;
    Span s;
    s.file = static_cast<FileId>(id);
    s.line = span.value("line", 0u);
    s.col = span.value("col", 0u);
    s.length = std::max(1u, span.value("length", 1u));
    uint32_t line = 1, offset = 0;
    while (offset < f.text.size() && line < s.line)
      if (f.text[offset++] == '\n') ++line;
    s.offset = offset + (s.col > 0 ? s.col - 1 : 0);
    return s;
  }
  return {};
}

bool writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (out) return true;
  llvm::errs() << "locusc: cannot write " << path << "\n";
  return false;
}

std::string milliseconds(double s) {
  return std::to_string(static_cast<long>(s * 1000 + 0.5)) + " ms";
}

void printPretty(const testing::TestReport& report, const SourceSet& sources,
                 const OutputOptions& out, bool coverage) {
  DiagnosticSink failures;
  for (const testing::TestResult& t : report.tests) {
    llvm::errs() << (t.passed ? "PASS " : "FAIL ") << t.name << " (" << milliseconds(t.seconds)
                 << ")\n";
    for (const testing::TestFailure& f : t.failures)
      failures.emit(DiagKind::AssertionFailed, sourceSpan(f.span, sources),
                    "test \"" + t.name + "\": " + f.message);
  }
  OutputOptions errors = out;
  errors.quiet = true; // no "N errors" summary: the test summary follows
  reportDiagnostics(failures, sources, errors);
  if (coverage && !out.quiet) llvm::errs() << testing::coverageText(report.coverage);
  llvm::errs() << report.tests.size() - report.failed() << " passed, " << report.failed()
               << " failed";
  if (report.filteredOut) llvm::errs() << ", " << report.filteredOut << " filtered out";
  llvm::errs() << "\n";
}

} // namespace

int runTest(const std::string& input, const TestOptions& test, const OutputOptions& out) {
  PluginHost host(projectRootOf(input), out.verbose ? pluginLinesToStderr() : nullptr);
  PendingPluginDiagnostics pending;
  std::unique_ptr<FrontEndResult> result = runFrontEndWithPlugins(host, input, {}, pending);
  host.shutdownAll();
  bool json = out.render.format == DiagnosticFormat::Json;
  reportDiagnostics(result->diagnostics, *result->sources, out, /*stdoutHoldsData=*/json);
  if (int status = frontEndStatus(*result)) return status;

  OrderedJson ir = lowerToIr(result->program, *result->sources);
  OrderedJson tests = lowerTests(result->program, *result->sources);
  std::string problem;
  testing::TestOptions options;
  options.filter = test.filter;
  options.schemaSql = sqliteSchema(ir, problem);
  options.projectDir = projectRootOf(input).string();
  if (!problem.empty()) {
    llvm::errs() << "locusc: the app's schema cannot be generated: " << problem << "\n";
    return 2;
  }
  testing::TestReport report = testing::runTests(nlohmann::json::parse(ir.dump()),
                                                 nlohmann::json::parse(tests.dump()), options);
  if (report.tests.empty() && !json)
    llvm::errs() << (report.filteredOut ? "no test matches --filter " + test.filter
                                        : std::string("no tests: add `test \"…\" { … }` blocks"))
                 << "\n";
  if (json)
    llvm::outs() << testing::reportJson(report).dump(2) << "\n";
  else
    printPretty(report, *result->sources, out, true);
  std::string suite = std::filesystem::path(options.projectDir).filename().string();
  if (!test.junitFile.empty() &&
      !writeFile(test.junitFile, testing::junitXml(report, suite.empty() ? "locus" : suite)))
    return 2;
  if (!test.coverageFile.empty() &&
      !writeFile(test.coverageFile, testing::coverageJson(report.coverage).dump(2) + "\n"))
    return 2;
  return report.failed() ? 1 : 0;
}

} // namespace locus
