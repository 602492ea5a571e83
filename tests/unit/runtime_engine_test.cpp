// The engine in process: nested step kinds, resume, db_tx atomicity, parallel fail-fast, loop
// bounds, plugin steps and hooks.
#include "tests/unit/runtime_test_util.h"

namespace locus::test {
namespace {

using rt::Json;

std::vector<std::string> notes(RuntimeHarness& h) {
  std::vector<std::string> out;
  for (const Json& row : h.rows("Ledger")) out.push_back(row["note"]);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RuntimeEngine, ParallelInsideDbTxInsideForEach) {
  RuntimeHarness h(R"(workflow Nested {
  input { items: Integer[] }
  steps {
    forEach item in items {
      db_tx {
        parallel {
          branch { run record("x", item) }
          branch { run record("y", item) }
        }
        run credit(1, item)
      }
    }
  }
})");
  rt::RunOutcome o = h.run("Nested", {{"items", {1, 2, 3}}}, "n");
  ASSERT_EQ(o.status, "completed") << o.error.dump();
  EXPECT_EQ(notes(h), (std::vector<std::string>{"x", "x", "x", "y", "y", "y"}));
  EXPECT_EQ(h.rows("Account")[0]["balanceCents"], 10006);
  EXPECT_TRUE(h.store->checkpoint("n", "Nested/forEach#0[2]/db_tx#0/parallel#0[1]/run#0"));
  EXPECT_TRUE(h.store->checkpoint("n", "Nested/forEach#0[1]/db_tx#0"));
}

TEST(RuntimeEngine, DbTxRollsBackEverythingWhenAStepFails) {
  RuntimeHarness h(R"(workflow Half {
  steps {
    db_tx {
      run record("before", 1)
      queue_publish { topic: "t", payload: { a: 1 } }
      run debit(1, 99999999)
    }
  }
  retry { max: 0 }
})");
  rt::RunOutcome o = h.run("Half", Json::object(), "h");
  EXPECT_EQ(o.status, "failed");
  EXPECT_EQ(o.error["message"], "insufficient funds");
  EXPECT_EQ(o.error["step"], "Half/db_tx#0/run#1");
  EXPECT_TRUE(h.rows("Ledger").empty());
  EXPECT_TRUE(h.store->messages("t").empty());
  EXPECT_FALSE(h.store->checkpoint("h", "Half/db_tx#0/run#0"));
}

TEST(RuntimeEngine, TryAroundParallelCatchesTheFirstFailureAndCancelsSiblings) {
  RuntimeHarness h(R"(workflow Guard {
  steps {
    try {
      parallel(failFast: true, max: 1) {
        branch { run debit(1, 99999999) }
        branch { run record("never", 1) }
      }
    } catch e {
      run record(e.message, 0)
    } finally {
      run record("finally", 0)
    }
  }
  retry { max: 0 }
})");
  rt::RunOutcome o = h.run("Guard", Json::object(), "g");
  ASSERT_EQ(o.status, "completed") << o.error.dump();
  EXPECT_EQ(notes(h), (std::vector<std::string>{"finally", "insufficient funds"}));
}

TEST(RuntimeEngine, BreakContinueAndTheLoopIterationBound) {
  RuntimeHarness h(R"(workflow Loop {
  steps {
    forEach i in [1, 2, 3, 4] {
      if i == 2 { continue }
      if i == 4 { break }
      run record("i", i)
    }
    while true {
      run record("spin", 0)
    }
  }
})");
  h.options.maxIterations = 5;
  rt::RunOutcome o = h.run("Loop", Json::object(), "w");
  EXPECT_EQ(o.status, "failed");
  EXPECT_EQ(o.error["code"], "loop_bound");
  EXPECT_NE(o.error["message"].get<std::string>().find("Loop/while#0"), std::string::npos);
  // continue skipped 2, break stopped before 4, the bound stopped the runaway loop after 5.
  EXPECT_EQ(notes(h), (std::vector<std::string>{"i", "i", "spin", "spin", "spin", "spin", "spin"}));
  EXPECT_TRUE(h.store->checkpoint("w", "Loop/forEach#0[2]/run#0"));
  EXPECT_FALSE(h.store->checkpoint("w", "Loop/forEach#0[1]/run#0"));
}

TEST(RuntimeEngine, ResumeSkipsCompletedStepsAndReplaysRecordedValues) {
  RuntimeHarness h(R"(workflow Stamp {
  steps {
    const first = run record("one", 1)
    const stamp = run double(2)
    if now() != "" {
      run record(uuid(), 2)
    }
    wait_for go { signal: "go" }
    run record("three", 3)
  }
})");
  rt::RunOutcome o = h.run("Stamp", Json::object(), "s");
  ASSERT_EQ(o.status, "waiting");
  auto stampedBefore = h.store->checkpoints("s");
  h.store->sendSignal("s", "go", nullptr);
  o = h.resume("s");
  ASSERT_EQ(o.status, "completed") << o.error.dump();
  // Each effect happened once, and the uuid() used on the first pass was replayed, not redrawn.
  EXPECT_EQ(h.rows("Ledger").size(), 3u);
  Json recordedUuid;
  for (auto& [step, value] : stampedBefore)
    if (step.find("@uuid") != std::string::npos) recordedUuid = value;
  ASSERT_TRUE(recordedUuid.is_string());
  EXPECT_EQ(h.rows("Ledger")[1]["note"], recordedUuid);
}

struct TestPlugins : rt::PluginStepExecutor {
  bool hasKind(const std::string& k) const override { return k == "slack_post"; }
  Json execute(const std::string& kind, const Json& params, const Json& info,
               rt::StepStateIo&) override {
    calls.push_back(info["step"].get<std::string>());
    return {{"kind", kind}, {"text", params["text"]}};
  }
  std::vector<std::string> calls;
};

// A plugin step as the IR carries it (plugin kinds are registered by the plugin host).
Json withPluginStep(const rt::Program& p, const std::string& workflow) {
  Json ir = p.ir;
  for (Json& w : ir["workflows"])
    if (w["name"] == workflow)
      w["steps"].push_back({{"kind", "plugin"},
                            {"id", workflow + "/slack_post#0"},
                            {"binding", nullptr},
                            {"name", nullptr},
                            {"pluginKind", "slack_post"},
                            {"params", {{"text", {{"kind", "string"}, {"value", "hi"}}}}}});
  return ir;
}

TEST(RuntimeEngine, UnregisteredPluginStepIsAClearErrorAndRegisteredOneRuns) {
  RuntimeHarness h("workflow P { steps { run record(\"before\", 1) } }");
  h.setIr(withPluginStep(*h.program, "P"));
  rt::RunOutcome o = h.run("P", Json::object(), "p1");
  EXPECT_EQ(o.status, "failed");
  EXPECT_EQ(o.error["code"], "plugin");
  EXPECT_NE(o.error["message"].get<std::string>().find("step kind `slack_post` is not registered"),
            std::string::npos);
  TestPlugins plugins;
  h.plugins = &plugins;
  o = h.resume("p1");
  ASSERT_EQ(o.status, "completed") << o.error.dump();
  EXPECT_EQ(plugins.calls, std::vector<std::string>{"P/slack_post#0"});
  EXPECT_EQ(h.rows("Ledger").size(), 1u); // the step before it was not repeated
}

struct VetoHooks : rt::RuntimeHooks {
  rt::HookVerdict onWorkflowExecute(const Json& info) override {
    workflows.push_back(info["run"]);
    return {};
  }
  rt::HookVerdict onStepExecute(const Json& info) override {
    steps.push_back(info["step"]);
    if (info["step"] == "V/run#1") return {false, "not on Sundays"};
    return {};
  }
  std::vector<std::string> workflows, steps;
};

TEST(RuntimeEngine, HooksObserveEveryStepAndCanVeto) {
  RuntimeHarness h("workflow V { steps { run record(\"a\", 1) run record(\"b\", 2) } }");
  VetoHooks hooks;
  h.hooks = &hooks;
  rt::RunOutcome o = h.run("V", Json::object(), "v");
  EXPECT_EQ(o.status, "failed");
  EXPECT_EQ(o.error["code"], "vetoed");
  EXPECT_NE(o.error["message"].get<std::string>().find("not on Sundays"), std::string::npos);
  EXPECT_EQ(hooks.workflows, std::vector<std::string>{"v"});
  EXPECT_EQ(hooks.steps, (std::vector<std::string>{"V/run#0", "V/run#1"}));
}

TEST(RuntimeEngine, OnErrorAndOnFailureHandlersSeeTheError) {
  RuntimeHarness h(R"(workflow Comp {
  steps { run debit(1, 99999999) }
  retry { max: 0 }
  on_error { run record(error.message, 0) }
  on_failure { run record("failed", 0) }
})");
  rt::RunOutcome o = h.run("Comp", Json::object(), "c");
  EXPECT_EQ(o.status, "failed");
  EXPECT_EQ(notes(h), (std::vector<std::string>{"failed", "insufficient funds"}));
  EXPECT_TRUE(h.store->checkpoint("c", "Comp.on_error/run#0"));
}

TEST(RuntimeEngine, InputValidationFillsDefaultsAndNamesProblems) {
  RuntimeHarness h(
      "workflow In { input { a: Integer, b: String = \"x\", c: Email?, d: Integer[] } steps { } }");
  Json input = {{"a", 1}, {"d", {1, 2}}};
  EXPECT_TRUE(rt::validateInput(*h.program->workflow("In"), input, *h.program).empty());
  EXPECT_EQ(input["b"], "x");
  Json bad = {{"a", "1"}, {"c", "nope"}, {"d", {1, "2"}}, {"zz", 1}};
  std::vector<std::string> problems =
      rt::validateInput(*h.program->workflow("In"), bad, *h.program);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_NE(problems[0].find("`a` must be Integer"), std::string::npos);
  EXPECT_NE(problems[1].find("`c` must be Email"), std::string::npos);
  EXPECT_NE(problems[2].find("`d` must be Integer[]"), std::string::npos);
  EXPECT_NE(problems[3].find("unknown input `zz`"), std::string::npos);
}

} // namespace
} // namespace locus::test
