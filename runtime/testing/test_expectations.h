// A test's `expect` conditions, evaluated after its run with the runtime's interpreter: the
// test's names (output, status, error, steps, emails, messages, requests), `ran(stepId)` and
// the data functions on the test's store. A false condition becomes a TestFailure that shows
// both sides of a comparison (expected: the right-hand side, actual: the left-hand side).
#pragma once

#include "runtime/engine/interpreter.h"
#include "runtime/testing/test_doubles.h"
#include "runtime/testing/test_runner.h"

namespace locus::rt::testing {

struct Expectations {
  const Program& program;
  Store& store;
  TestResult& result;
  Observations& seen;
  Json messages; // queue messages the run published: [{topic, payload}]
};

void checkExpectations(const Json& test, Expectations& x);

} // namespace locus::rt::testing
