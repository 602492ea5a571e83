// Helpers for sema tests: parse sources with the real parser, merge, check, and look at the
// diagnostics by code and position.
#pragma once

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/parse/parse_file.h"
#include "compiler/sema/check_program.h"
#include "compiler/sema/merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace locus::testing {

// Parses each source as its own file (FileId = index), merges, checks; sorted diagnostics.
// Syntax errors fail the test: these tests are about semantics.
inline std::vector<Diagnostic> checkSources(const std::vector<std::string>& sources) {
  DiagnosticSink sink;
  std::vector<ast::File> files;
  for (size_t i = 0; i < sources.size(); ++i)
    files.push_back(parseFile(static_cast<FileId>(i), sources[i], sink));
  for (const Diagnostic& d : sink.all())
    ADD_FAILURE() << "unexpected parse diagnostic " << diagKindInfo(d.kind).code << " at "
                  << d.span.line << ":" << d.span.col << ": " << d.message;
  ast::File program = mergeFiles(std::move(files), sink);
  checkProgram(program, CheckOptions{}, sink);
  return sink.sorted();
}

inline std::vector<Diagnostic> check(const std::string& source) {
  return checkSources({source});
}

inline std::string code(const Diagnostic& d) {
  return std::string(diagKindInfo(d.kind).code);
}

// "E0102@3:5" for each diagnostic: compact, and readable in a failing EXPECT.
inline std::vector<std::string> codesAt(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags)
    out.push_back(code(d) + "@" + std::to_string(d.span.line) + ":" + std::to_string(d.span.col));
  return out;
}

inline std::vector<std::string> codes(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags) out.push_back(code(d));
  return out;
}

inline std::string dump(const std::vector<Diagnostic>& diags) {
  std::ostringstream os;
  for (const Diagnostic& d : diags)
    os << code(d) << " " << d.span.file << ":" << d.span.line << ":" << d.span.col << " "
       << d.message << "\n";
  return os.str();
}

// The only diagnostic with `code`; fails the test when there is not exactly one.
inline Diagnostic only(const std::vector<Diagnostic>& diags, const std::string& c) {
  std::vector<Diagnostic> found;
  for (const Diagnostic& d : diags)
    if (code(d) == c) found.push_back(d);
  EXPECT_EQ(found.size(), 1u) << "diagnostics:\n" << dump(diags);
  return found.empty() ? Diagnostic{} : found.front();
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

} // namespace locus::testing
