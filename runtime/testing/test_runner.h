// `locusc test`'s engine: runs the `test` blocks of a program (the document of lowerTests,
// compiler/ir/ir.h) against the program's IR. Each test gets a throwaway SQLite store in a
// temporary folder with the app's schema, its `given` rows, its stubs (test_doubles.h), one
// run of a workflow (through the real executor) or a server action, and its `expect`
// conditions evaluated afterwards with the runtime's interpreter. Takes IR only, like the engine.
#pragma once

#include "runtime/testing/test_coverage.h"

#include <string>
#include <vector>

namespace locus::rt::testing {

struct TestOptions {
  std::string filter;     // run only the tests whose name contains this text ("" = all)
  std::string schemaSql;  // the app's SQLite schema (the sql generator's db/sqlite/schema.sql)
  std::string projectDir; // send_email templates are read relative to it
};

struct TestFailure {
  std::string message; // what was expected and what was found
  Json span;           // IR span of the failing `expect` (or of the test)
};

struct TestResult {
  std::string name;
  Json span;
  bool passed = false;
  std::vector<TestFailure> failures;
  std::string status; // the run's: completed, failed, waiting
  Json output, error;
  std::vector<std::string> path; // runtime step IDs in the order they started
  double seconds = 0;
};

struct TestReport {
  std::vector<TestResult> tests; // the tests that ran, in source order
  size_t filteredOut = 0;
  Coverage coverage; // over the tests that ran
  size_t failed() const;
};

TestReport runTests(const Json& ir, const Json& tests, const TestOptions& options);

} // namespace locus::rt::testing
