// The pieces of `locusc test`'s runner (runtime/testing/) that need no store: stub selection,
// static step IDs, branch coverage from executed runtime step IDs, the JUnit XML escaping.
#include "runtime/testing/test_coverage.h"
#include "runtime/testing/test_doubles.h"
#include "runtime/testing/test_reports.h"

#include <gtest/gtest.h>

namespace locus::rt::testing {
namespace {

TEST(TestRunner, AStubNamingTheStepWinsOverOneForTheKind) {
  std::vector<Stub> stubs = {{"http_request", "", false, 1},
                             {"http_request", "charge", false, 2},
                             {"wait_for", "", true, "late"}};
  EXPECT_EQ(findStub(stubs, "http_request", "charge")->value, 2);
  EXPECT_EQ(findStub(stubs, "http_request", "http_request#1")->value, 1);
  EXPECT_EQ(findStub(stubs, "send_email", "send_email#0"), nullptr);
  EXPECT_EQ(labelOf("W/forEach#0[2]/http_request#0"), "http_request#0");
  try {
    answer(stubs[2], "W/wait_for#0");
    FAIL() << "a `throws` stub must throw";
  } catch (const StepError& e) {
    EXPECT_EQ(e.code, "stub");
    EXPECT_FALSE(e.retryable);
    EXPECT_NE(std::string(e.what()).find("late"), std::string::npos);
  }
}

TEST(TestRunner, StaticStepIdsReplaceIterationsButNotParallelBranches) {
  std::set<std::string> loops = {"W/forEach#0", "W/forEach#0[*]/while#0"};
  EXPECT_EQ(staticStepId("W/forEach#0[12]/try#0/try/run#0", loops),
            "W/forEach#0[*]/try#0/try/run#0");
  EXPECT_EQ(staticStepId("W/forEach#0[1]/while#0[3]/run#0", loops),
            "W/forEach#0[*]/while#0[*]/run#0");
  EXPECT_EQ(staticStepId("W/forEach#0[2]/parallel#0[1]/run#0", loops),
            "W/forEach#0[*]/parallel#0[1]/run#0");
  EXPECT_EQ(staticStepId("W/run#0", loops), "W/run#0");
}

// W: if (then: run, no else); forEach (body: try { run } catch { queue_publish }).
const Json kIr = Json::parse(R"({"workflows": [{"name": "W", "span": {"file": "w.locus", "line": 1},
  "steps": [
    {"kind": "if", "id": "W/if#0", "span": {"line": 2},
     "then": [{"kind": "run", "id": "W/if#0/then/run#0", "span": {"line": 3}}], "else": []},
    {"kind": "forEach", "id": "W/forEach#0", "span": {"line": 5}, "body": [
      {"kind": "try", "id": "W/forEach#0[*]/try#0", "span": {"file": "w.locus", "line": 6},
       "try": [{"kind": "run", "id": "W/forEach#0[*]/try#0/try/run#0", "span": {"line": 7}}],
       "catch": [{"kind": "queue_publish", "id": "W/forEach#0[*]/try#0/catch/queue_publish#0",
                  "span": {"line": 9}}],
       "finally": []}]}],
  "onError": [], "onFailure": []}]})");

TEST(TestRunner, CoverageCountsStepsAndBranchesPerTest) {
  Coverage c = coverageOf(kIr);
  ASSERT_EQ(c.workflows.size(), 1u);
  EXPECT_EQ(c.workflows[0].steps.size(), 6u);
  ASSERT_EQ(c.workflows[0].branches.size(), 4u); // then, else, loop body, catch
  // Test 1: the condition was true, two iterations, no failure.
  addExecuted(c, kIr,
              {"W/if#0", "W/if#0/then/run#0", "W/forEach#0", "W/forEach#0[0]/try#0",
               "W/forEach#0[0]/try#0/try/run#0", "W/forEach#0[1]/try#0",
               "W/forEach#0[1]/try#0/try/run#0"});
  // Test 2: false (the implicit else), an empty list.
  addExecuted(c, kIr, {"W/if#0", "W/forEach#0"});
  Json j = coverageJson(c);
  const Json& w = j["workflows"][0];
  EXPECT_EQ(w["stepsHit"], 5);
  EXPECT_EQ(w["branchesHit"], 3);
  std::map<std::string, int> hits;
  for (const Json& b : w["branches"]) hits[b["id"]] = b["hits"];
  EXPECT_EQ(hits["W/if#0/then"], 1);
  EXPECT_EQ(hits["W/if#0/else"], 1);
  EXPECT_EQ(hits["W/forEach#0[*]"], 1);
  EXPECT_EQ(hits["W/forEach#0[*]/try#0/catch"], 0);
  EXPECT_EQ(j["totals"]["branchesFound"], 4);
  std::string text = coverageText(c);
  EXPECT_NE(text.find("W: 5/6 steps, 3/4 branches"), std::string::npos) << text;
  EXPECT_NE(text.find("never taken: W/forEach#0[*]/try#0/catch (w.locus:6)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("never ran: W/forEach#0[*]/try#0/catch/queue_publish#0"), std::string::npos)
      << text;
}

TEST(TestRunner, TakenBranchesAnswerRan) {
  std::set<std::string> taken = takenBranches(kIr, {"W/if#0", "W/forEach#0"});
  EXPECT_EQ(taken, (std::set<std::string>{"W/if#0/else"}));
}

TEST(TestRunner, JunitEscapesNamesAndMessages) {
  TestReport report;
  TestResult ok;
  ok.name = "a <b> & \"c\"";
  ok.passed = true;
  TestResult bad;
  bad.name = "fails";
  bad.failures.push_back({"expected 1, actual 2", {{"file", "t.locus"}, {"line", 4}, {"col", 10}}});
  report.tests = {ok, bad};
  std::string xml = junitXml(report, "shop");
  EXPECT_NE(xml.find("name=\"a &lt;b&gt; &amp; &quot;c&quot;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"t.locus:4:10: expected 1, actual 2\""), std::string::npos)
      << xml;
}

} // namespace
} // namespace locus::rt::testing
