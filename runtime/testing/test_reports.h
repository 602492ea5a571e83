// A test report for machines: JUnit XML (what CI tools read: one <testsuite>, a <testcase> per
// test, a <failure> per failed test with its located messages) and JSON (`--format json`).
#pragma once

#include "runtime/testing/test_runner.h"

#include <string>

namespace locus::rt::testing {

// "file:line:col" of an IR span, or "" when it has none.
std::string spanText(const Json& span);

std::string junitXml(const TestReport& report, const std::string& suiteName);

// {"tests": [{name, passed, seconds, status, output, error, steps, failures: [{message, file,
//  line, col}]}], "passed", "failed", "filteredOut", "coverage": coverageJson(…)}
Json reportJson(const TestReport& report);

} // namespace locus::rt::testing
