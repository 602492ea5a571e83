// Helpers for the UI, workflow and code sema tests (on top of sema_test_util.h): checking with
// options (plugin step kinds, step limits) and finding diagnostics by code and line.
#pragma once

#include "tests/unit/sema_test_util.h"

namespace locus::testing {

// Like check(), with explicit options.
inline std::vector<Diagnostic> checkWith(const std::string& source, const CheckOptions& options) {
  DiagnosticSink sink;
  std::vector<ast::File> files;
  files.push_back(parseFile(0, source, sink));
  for (const Diagnostic& d : sink.all())
    ADD_FAILURE() << "unexpected parse diagnostic " << diagKindInfo(d.kind).code << " at "
                  << d.span.line << ":" << d.span.col << ": " << d.message;
  ast::File program = mergeFiles(std::move(files), sink);
  checkProgram(program, options, sink);
  return sink.sorted();
}

// Diagnostics with code `c` (in source order).
inline std::vector<Diagnostic> withCode(const std::vector<Diagnostic>& diags,
                                        const std::string& c) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : diags)
    if (code(d) == c) out.push_back(d);
  return out;
}

inline bool hasCode(const std::vector<Diagnostic>& diags, const std::string& c) {
  return !withCode(diags, c).empty();
}

// Errors only (warnings such as naming conventions are not the subject of these tests).
inline std::vector<Diagnostic> errors(const std::vector<Diagnostic>& diags) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : diags)
    if (d.severity == Severity::Error) out.push_back(d);
  return out;
}

} // namespace locus::testing
