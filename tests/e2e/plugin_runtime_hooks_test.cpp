// onWorkflowExecute / onStepExecute through the real `locus` binary: the plugin sees run and step
// IDs, host-side filters keep it from calls it did not ask for, a veto stops the run (or the step)
// with the plugin's reason, and a gate that cannot answer stops it too (fail closed).
#include "tests/e2e/plugin_runtime_support.h"

#include <gtest/gtest.h>

namespace locus::test {
namespace {

using nlohmann::json;

const json kGateManifest = json::parse(R"({
  "name": "gate", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
  "entry": ["python3", "main.py"],
  "hooks": {
    "onWorkflowExecute": { "workflows": ["Guarded*"] },
    "onStepExecute": { "steps": ["run"] }
  }
})");

// Every call is appended to /workspace/calls.jsonl so the test sees what the plugin was sent.
constexpr const char* kGateMain = R"(import json, os
from locus_plugin import Plugin

plugin = Plugin("gate", "1.0.0")

def remember(hook, params):
    with open("/workspace/calls.jsonl", "a") as out:
        out.write(json.dumps({"hook": hook, "params": params}) + "\n")

@plugin.hook("onWorkflowExecute")
def workflow_execute(params):
    remember("onWorkflowExecute", params)
    if params["input"].get("amountCents", 0) > 100000:
        return {"veto": "transfers above 1000.00 need a manager"}
    if params["input"].get("amountCents", 0) == 13:
        os._exit(1)
    return {}

@plugin.hook("onStepExecute")
def step_execute(params):
    remember("onStepExecute", params)
    if params["stepId"].endswith("/blocked"):
        return {"veto": "credits are frozen"}
    return {}

plugin.run()
)";

constexpr const char* kGuarded = R"(workflow GuardedTransfer {
  input { from: Integer, to: Integer, amountCents: Integer }
  steps {
    const sum = run total()
    return sum
  }
}

workflow GuardedCredit {
  input { to: Integer }
  steps {
    const before = run total()
    const blocked = run total()
    return blocked
  }
}
)";

struct GateProject : PluginProject {
  GateProject() {
    addPlugin("gate", kGateManifest, "main.py", kGateMain);
    write("Locus.toml", "[plugins]\ngate = \"plugins/gate\"\n");
    write("guarded.locus", kGuarded);
  }
  std::vector<json> calls() const { return jsonLines(workspace("gate") / "calls.jsonl"); }
};

TEST(PluginRuntimeHooks, ObserversSeeRunAndStepIds) {
  GateProject p;
  ProcessResult r = p.locus("run GuardedTransfer --run-id g1 --input "
                            "'{\"from\":1,\"to\":2,\"amountCents\":5}'");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::vector<json> calls = p.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["hook"], "onWorkflowExecute");
  EXPECT_EQ(calls[0]["params"]["workflow"], "GuardedTransfer");
  EXPECT_EQ(calls[0]["params"]["runId"], "g1");
  EXPECT_EQ(calls[0]["params"]["input"]["amountCents"], 5);
  EXPECT_EQ(calls[1]["hook"], "onStepExecute");
  EXPECT_EQ(calls[1]["params"], json({{"workflow", "GuardedTransfer"},
                                      {"runId", "g1"},
                                      {"stepId", "GuardedTransfer/sum"},
                                      {"kind", "run"},
                                      {"attempt", 1}}));
  std::vector<json> audited = p.auditEvents("hook.call");
  ASSERT_EQ(audited.size(), 2u);
  EXPECT_EQ(audited[0]["hook"], "onWorkflowExecute");
  EXPECT_EQ(audited[0]["outcome"], "ok");
}

TEST(PluginRuntimeHooks, FiltersKeepThePluginOutOfOtherWorkflows) {
  GateProject p;
  ProcessResult r = p.locus("run Loops --input '{\"items\":[1]}'");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const json& call : p.calls())
    EXPECT_NE(call["hook"], "onWorkflowExecute") << "Loops is not Guarded*: " << call.dump();
}

TEST(PluginRuntimeHooks, AWorkflowVetoStopsTheRunWithThePluginsReason) {
  GateProject p;
  ProcessResult r = p.locus("run GuardedTransfer --run-id g2 --input "
                            "'{\"from\":1,\"to\":2,\"amountCents\":500000}'");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("vetoed by an onWorkflowExecute hook"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("plugin 'gate': transfers above 1000.00 need a manager"), std::string::npos)
      << r.err;
  // No step ran: the only record is the plugin code the run was started with.
  EXPECT_EQ(p.sql("SELECT group_concat(step_id) FROM locus_checkpoints WHERE run_id = 'g2'"),
            "@plugins");
  std::vector<json> vetoes = p.auditEvents("hook.veto");
  ASSERT_EQ(vetoes.size(), 1u);
  EXPECT_EQ(vetoes[0]["plugin"], "gate");
  EXPECT_EQ(vetoes[0]["reason"], "transfers above 1000.00 need a manager");
}

TEST(PluginRuntimeHooks, AStepVetoFailsThatStepAfterTheOnesBefore) {
  GateProject p;
  ProcessResult r = p.locus("run GuardedCredit --run-id g3 --input '{\"to\":1}'");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("credits are frozen"), std::string::npos) << r.err;
  EXPECT_NE(p.sql("SELECT count(*) FROM locus_checkpoints WHERE run_id = 'g3'"), "0")
      << "the debit before the vetoed step completed";
}

TEST(PluginRuntimeHooks, AGateThatCannotAnswerStopsTheRun) {
  GateProject p;
  ProcessResult r = p.locus("run GuardedTransfer --run-id g4 --input "
                            "'{\"from\":1,\"to\":2,\"amountCents\":13}'");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("plugin 'gate' could not answer onWorkflowExecute"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("crashed in onWorkflowExecute"), std::string::npos)
      << "the crash is reported too: " << r.err;
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'g4'"), "failed");
}

} // namespace
} // namespace locus::test
