// The expression interpreter on IR expressions (parsed from real source through the front end).
#include "tests/unit/runtime_test_util.h"

namespace locus::test {
namespace {

using rt::Json;

// Evaluates `expr` as the value of a return step of a workflow with input {a, s, xs}.
Json evalSource(const std::string& expr) {
  RuntimeHarness h("workflow E { input { a: Integer, s: String, xs: Integer[] } steps { return " +
                   expr + " } }");
  rt::RunOutcome o = h.run("E", {{"a", 7}, {"s", "hi"}, {"xs", {1, 2, 3}}});
  if (o.status != "completed") return {{"error", o.error["message"]}};
  return o.output;
}

TEST(RuntimeInterpreter, ArithmeticComparisonAndLogic) {
  EXPECT_EQ(evalSource("a * 2 + 1"), 15);
  EXPECT_EQ(evalSource("a / 2"), 3.5);
  EXPECT_EQ(evalSource("a % 4"), 3);
  EXPECT_EQ(evalSource("s + \"!\""), "hi!");
  EXPECT_EQ(evalSource("a > 3 && s == \"hi\""), true);
  EXPECT_EQ(evalSource("!(a >= 8) || false"), true);
  EXPECT_EQ(evalSource("a > 100 ? \"big\" : \"small\""), "small");
  EXPECT_EQ(evalSource("xs.length"), 3);
  EXPECT_EQ(evalSource("xs[1]"), 2);
  EXPECT_EQ(evalSource("{ k: a, list: [s] }"), Json({{"k", 7}, {"list", {"hi"}}}));
}

TEST(RuntimeInterpreter, EmptyLiteralsAndConcat) {
  // The IR leaves `elements` / `entries` out of empty literals.
  EXPECT_EQ(evalSource("[]"), Json::array());
  EXPECT_EQ(evalSource("{}"), Json::object());
  EXPECT_EQ(evalSource("xs.concat([a], [])"), Json({1, 2, 3, 7}));
  EXPECT_EQ(evalSource("s.concat(\"!\")"), "hi!");
  EXPECT_NE(evalSource("xs.concat(s)")["error"].get<std::string>().find("concat joins two lists"),
            std::string::npos);
}

TEST(RuntimeInterpreter, ErrorsNameTheProblem) {
  EXPECT_NE(evalSource("a / 0")["error"].get<std::string>().find("division by zero"),
            std::string::npos);
  EXPECT_NE(
      evalSource("xs.length.foo.bar")["error"].get<std::string>().find("cannot read `foo` of 3"),
      std::string::npos);
}

TEST(RuntimeInterpreter, StepIdsOfLoopIterationsAreInstantiatedOutsideIn) {
  RuntimeHarness h(R"(workflow L {
  steps {
    forEach i in [0, 1] {
      forEach j in [0, 1, 2] {
        run double(j)
      }
    }
  }
})");
  ASSERT_EQ(h.run("L", Json::object(), "l").status, "completed");
  EXPECT_TRUE(h.store->checkpoint("l", "L/forEach#0[1]/forEach#0[2]/run#0"));
  EXPECT_EQ(h.store->checkpoints("l").size(), 6u);
}

} // namespace
} // namespace locus::test
