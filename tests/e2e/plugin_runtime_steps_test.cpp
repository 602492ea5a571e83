// Plugin step kinds through the real `locus` binary: discovery from Locus.toml, the compile-time
// schema check, `executeStep` in the plugin's sandboxed worker with run and step IDs, failures
// (crash, timeout, error reply) as step failures naming plugin and step, retries on a fresh
// worker, `locus worker` / `locus resume`, and the audit log.
#include "hooks/audit/audit_log.h"
#include "tests/e2e/plugin_runtime_support.h"

#include <chrono>
#include <gtest/gtest.h>
#include <thread>

namespace locus::test {
namespace {

using nlohmann::json;

const json kStepperManifest = json::parse(R"({
  "name": "stepper", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
  "entry": ["python3", "main.py"],
  "steps": [
    { "kind": "shout", "schema": { "type": "object", "required": ["text"],
      "additionalProperties": false, "properties": { "text": { "type": "string" } } } },
    { "kind": "crash_once", "schema": { "type": "object" } },
    { "kind": "hang", "schema": { "type": "object" } },
    { "kind": "refuse", "schema": { "type": "object", "required": ["why"] } },
    { "kind": "flaky_reply", "schema": { "type": "object" } }
  ],
  "limits": { "timeoutMs": 1500 }
})");

constexpr const char* kStepperMain = R"(import os, time
from locus_plugin import Plugin, PluginError

plugin = Plugin("stepper", "1.0.0")

@plugin.step("shout")
def shout(params, context):
    return {"text": params["text"].upper(), "runId": context["runId"],
            "stepId": context["stepId"], "attempt": context["attempt"], "pid": os.getpid()}

@plugin.step("crash_once")
def crash_once(params, context):
    if context["attempt"] == 1:
        print("stepper: crashing on purpose")
        os._exit(3)
    return {"attempt": context["attempt"]}

@plugin.step("hang")
def hang(params, context):
    time.sleep(60)

@plugin.step("refuse")
def refuse(params, context):
    raise PluginError("refused: " + params["why"])

@plugin.step("flaky_reply")
def flaky_reply(params, context):
    if context["attempt"] < 3:
        raise PluginError("not yet", data={"retryable": True})
    return {"attempt": context["attempt"]}

plugin.run()
)";

constexpr const char* kWorkflows = R"(workflow Shout {
  input { text: String }
  steps {
    const loud = shout { text: text }
    const again = shout { text: "twice" }
    return { loud: loud, again: again }
  }
}

workflow CrashOnce {
  steps {
    const r = crash_once { note: "x" }
    return r
  }
  retry { max: 2, delay: 10ms }
}

workflow Hang {
  steps {
    hang { note: "x" }
  }
  retry { max: 1, delay: 10ms }
}

workflow Refuse {
  steps {
    refuse { why: "no budget" }
  }
  retry { max: 3, delay: 10ms }
}

workflow FlakyReply {
  steps {
    const r = flaky_reply { note: "x" }
    return r
  }
  retry { max: 3, delay: 10ms }
}

workflow LaterShout {
  steps {
    delay 300ms
    const loud = shout { text: "late" }
    return loud
  }
}
)";

struct StepperProject : PluginProject {
  StepperProject() {
    addPlugin("stepper", kStepperManifest, "main.py", kStepperMain);
    write("Locus.toml", "[plugins]\npaths = [\"plugins/stepper\"]\n");
    write("plugin_steps.locus", kWorkflows);
  }
};

std::vector<std::string> outcomes(const std::vector<json>& trace, const std::string& step) {
  std::vector<std::string> out;
  for (const json& e : trace)
    if (e.value("step", "") == step) out.push_back(e.value("outcome", ""));
  return out;
}

TEST(PluginRuntimeSteps, PluginStepRunsInItsWorkerWithRunAndStepIds) {
  StepperProject p;
  ProcessResult r = p.locus("run Shout --run-id s1 --json --input '{\"text\":\"hello\"}'");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  json out = json::parse(r.out)["output"];
  EXPECT_EQ(out["loud"]["text"], "HELLO");
  EXPECT_EQ(out["loud"]["runId"], "s1");
  EXPECT_EQ(out["loud"]["stepId"], "Shout/loud");
  EXPECT_EQ(out["loud"]["attempt"], 1);
  EXPECT_EQ(out["again"]["stepId"], "Shout/again");
  EXPECT_EQ(out["loud"]["pid"], out["again"]["pid"]) << "one long-lived worker per plugin";
  EXPECT_EQ(outcomes(p.trace("s1"), "Shout/loud"), std::vector<std::string>{"completed"});

  std::vector<json> executed = p.auditEvents("step.execute");
  ASSERT_EQ(executed.size(), 2u);
  EXPECT_EQ(executed[0]["plugin"], "stepper");
  EXPECT_EQ(executed[0]["kind"], "shout");
  EXPECT_EQ(executed[0]["runId"], "s1");
  EXPECT_EQ(executed[0]["stepId"], "Shout/loud");
  EXPECT_EQ(executed[0]["outcome"], "ok");
  EXPECT_EQ(p.auditEvents("plugin.start").size(), 1u);
  EXPECT_EQ(p.auditEvents("plugin.stop").size(), 1u) << "the worker is shut down at exit";
  hooks::AuditVerifyResult verified = hooks::verifyAuditLog(p.dir + "/.locus/audit.log");
  EXPECT_EQ(verified.status, hooks::AuditVerifyResult::Status::Ok) << verified.message;

  // The step's checkpoint is its output: running the run again replays it, no plugin call.
  ASSERT_EQ(p.locus("run Shout --run-id s1 --input '{\"text\":\"hello\"}'").exitCode, 0);
  EXPECT_EQ(p.auditEvents("step.execute").size(), 2u);
}

TEST(PluginRuntimeSteps, ParametersAreCheckedAgainstTheKindsSchemaBeforeAnythingRuns) {
  StepperProject p;
  p.write("bad.locus", "workflow Bad {\n  steps {\n    shout { txt: \"x\" }\n  }\n}\n");
  ProcessResult r = p.locus("run Shout --input '{\"text\":\"x\"}'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("bad.locus:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shout (plugin stepper)"), std::string::npos) << r.err;
  EXPECT_TRUE(p.auditEvents("step.execute").empty());
}

TEST(PluginRuntimeSteps, WithoutThePluginTheKindIsUnknown) {
  StepperProject p;
  p.write("Locus.toml", "");
  ProcessResult r = p.locus("run Shout --input '{\"text\":\"x\"}'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("unknown step kind 'shout'"), std::string::npos) << r.err;
}

TEST(PluginRuntimeSteps, ACrashIsARetryableStepFailureAndTheRetryGetsAFreshWorker) {
  StepperProject p;
  ProcessResult r = p.locus("run CrashOnce --run-id c1 --json");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["output"]["attempt"], 2);
  EXPECT_EQ(outcomes(p.trace("c1"), "CrashOnce/r"),
            (std::vector<std::string>{"retrying", "completed"}));
  std::vector<json> trace = p.trace("c1");
  std::string message = trace[0]["error"].value("message", "");
  EXPECT_NE(message.find("step CrashOnce/r"), std::string::npos) << message;
  EXPECT_NE(message.find("plugin 'stepper'"), std::string::npos) << message;
  EXPECT_NE(message.find("crashed"), std::string::npos) << message;
  EXPECT_NE(message.find("crashing on purpose"), std::string::npos) << "stderr tail: " << message;
  EXPECT_EQ(trace[0]["error"]["code"], "plugin");
  EXPECT_EQ(p.auditEvents("plugin.start").size(), 2u);
  std::vector<json> executed = p.auditEvents("step.execute");
  ASSERT_EQ(executed.size(), 2u);
  EXPECT_EQ(executed[0]["outcome"], "failed");
  EXPECT_EQ(executed[0]["attempt"], 1);
  EXPECT_EQ(executed[1]["outcome"], "ok");
  EXPECT_EQ(executed[1]["attempt"], 2);
}

TEST(PluginRuntimeSteps, AHangIsKilledAtTheTimeoutAndFailsTheRun) {
  StepperProject p;
  auto t0 = std::chrono::steady_clock::now();
  ProcessResult r = p.locus("run Hang --run-id h1");
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_LT(seconds, 20) << "two attempts of 1.5 s each, not the plugin's 60 s sleep";
  EXPECT_NE(r.err.find("step Hang/hang#0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("plugin 'stepper'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("timed out"), std::string::npos) << r.err;
  EXPECT_EQ(outcomes(p.trace("h1"), "Hang/hang#0"),
            (std::vector<std::string>{"retrying", "failed"}));
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'h1'"), "failed");
}

TEST(PluginRuntimeSteps, APluginsErrorReplyIsNotRetriedUnlessItSaysSo) {
  StepperProject p;
  ProcessResult r = p.locus("run Refuse --run-id e1");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("refused: no budget"), std::string::npos) << r.err;
  EXPECT_EQ(outcomes(p.trace("e1"), "Refuse/refuse#0"), std::vector<std::string>{"failed"});

  std::size_t startsBefore = p.auditEvents("plugin.start").size();
  ProcessResult flaky = p.locus("run FlakyReply --run-id e2 --json");
  ASSERT_EQ(flaky.exitCode, 0) << flaky.err;
  EXPECT_EQ(json::parse(flaky.out)["output"]["attempt"], 3);
  EXPECT_EQ(outcomes(p.trace("e2"), "FlakyReply/r"),
            (std::vector<std::string>{"retrying", "retrying", "completed"}));
  EXPECT_EQ(p.auditEvents("plugin.start").size(), startsBefore + 1)
      << "an error reply keeps the worker: three attempts, one start";
}

TEST(PluginRuntimeSteps, WorkerAndResumeExecutePluginSteps) {
  StepperProject p;
  ProcessResult r = p.locus("run LaterShout --run-id w1 --inline-wait-ms 0");
  ASSERT_EQ(r.exitCode, 3) << r.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_EQ(p.locus("worker --once").exitCode, 0);
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'w1'"), "completed");
  EXPECT_NE(p.sql("SELECT result FROM locus_checkpoints WHERE run_id = 'w1' AND "
                  "step_id = 'LaterShout/loud'")
                .find("LATE"),
            std::string::npos);

  ASSERT_EQ(p.locus("run LaterShout --run-id w2 --inline-wait-ms 0").exitCode, 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ProcessResult resumed = p.locus("resume w2 --json");
  ASSERT_EQ(resumed.exitCode, 0) << resumed.err;
  EXPECT_EQ(json::parse(resumed.out)["output"]["text"], "LATE");
}

TEST(PluginRuntimeSteps, ARunIsNotContinuedOnChangedPluginCodeUnlessAllowed) {
  StepperProject p;
  ASSERT_EQ(p.locus("run LaterShout --run-id pc --inline-wait-ms 0").exitCode, 3);
  p.write("plugins/stepper/main.py", std::string(kStepperMain) + "\n# a new release\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(400)); // the delay is due
  ProcessResult refused = p.locus("resume pc");
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("run pc was started with other plugin code (stepper 1.0.0 sha256:"),
            std::string::npos)
      << refused.err;
  ProcessResult worker = p.locus("worker --once");
  EXPECT_EQ(worker.exitCode, 0) << worker.err;
  EXPECT_NE(worker.err.find("it is left as it is until `locus resume pc --allow-plugin-change`"),
            std::string::npos)
      << worker.err;
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'pc'"), "waiting");
  ProcessResult allowed = p.locus("resume pc --allow-plugin-change --json");
  ASSERT_EQ(allowed.exitCode, 0) << allowed.err;
  EXPECT_EQ(json::parse(allowed.out)["output"]["text"], "LATE");
  bool traced = false;
  for (const json& e : p.trace("pc")) traced = traced || e["outcome"] == "plugins-changed";
  EXPECT_TRUE(traced);
}

TEST(PluginRuntimeSteps, APluginLoadErrorStopsBeforeAnythingRuns) {
  StepperProject p;
  p.write("plugins/stepper/locus-plugin.json", R"({"name": "stepper", "version": "1.0.0",
    "requiresCore": "^9.0.0", "protocol": 1, "entry": ["python3", "main.py"]})");
  ProcessResult r = p.locus("run Shout --input '{\"text\":\"x\"}'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("stepper"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("^9.0.0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was run"), std::string::npos) << r.err;
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs"), "0");
}

} // namespace
} // namespace locus::test
