// The plugin platform at run time through the real `locus` binary: a step's parameters computed at
// run time are checked against the kind's JSON Schema before the plugin is called; onError,
// onMetric and onAlert fire for runs; a failing step kind falls back (retries, then an
// alternative kind) as Locus.toml says, and the trace shows it.
// Cost: ~5 s.
#include "tests/e2e/plugin_runtime_support.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>

namespace locus::test {
namespace {

using nlohmann::json;

const json kShoutManifest = json::parse(R"({
  "name": "shouter", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
  "entry": ["python3", "main.py"],
  "steps": [{ "kind": "shout", "schema": { "type": "object", "required": ["text"],
    "properties": { "text": { "type": "string", "pattern": "^[a-z ]+$" } } } },
    { "kind": "refuse", "schema": { "type": "object" } }]
})");

// Observes the runtime: every onError, onMetric and onAlert it receives, one JSON line each.
const json kWatcherManifest = json::parse(R"({
  "name": "watcher", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
  "entry": ["python3", "main.py"],
  "hooks": { "onError": {}, "onMetric": {}, "onAlert": {} }
})");

constexpr const char* kWatcherMain = R"(import json
from locus_plugin import Plugin
plugin = Plugin("watcher", "1.0.0")

def keep(hook):
    def handler(params):
        with open("/workspace/events.jsonl", "a") as f:
            f.write(json.dumps({"hook": hook, "params": params}) + "\n")
        return {}
    return handler

for hook in ("onError", "onMetric", "onAlert"):
    plugin.hook(hook)(keep(hook))

plugin.run()
)";

constexpr const char* kShoutMain = R"(from locus_plugin import Plugin, PluginError
plugin = Plugin("shouter", "1.0.0")

@plugin.step("shout")
def shout(params, context):
    return {"text": params["text"].upper()}

@plugin.step("refuse")
def refuse(params, context):
    raise PluginError("refused, attempt %d" % context["attempt"], data={"retryable": True})

plugin.run()
)";

constexpr const char* kWorkflows = R"(workflow FromInteger {
  input { n: Integer }
  steps {
    const r = shout { text: n }
    return r
  }
}

workflow Refuse {
  steps {
    refuse { note: "x" }
  }
  retry { max: 3, delay: 10ms }
}

workflow Fallback {
  steps {
    const r = refuse { text: "calm down" }
    return r
  }
}

workflow FromText {
  input { text: String }
  steps {
    const r = shout { text: text }
    return r
  }
}
)";

struct ShoutProject : PluginProject {
  ShoutProject() {
    addPlugin("shouter", kShoutManifest, "main.py", kShoutMain);
    write("Locus.toml", "[plugins]\npaths = [\"plugins/shouter\"]\n");
    write("shout.locus", kWorkflows);
  }
};

TEST(PluginRuntimePlatform, ResolvedParametersAreCheckedBeforeThePluginIsCalled) {
  ShoutProject p;
  ProcessResult ok = p.locus("run FromText --json --input '{\"text\":\"hello\"}'");
  ASSERT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_EQ(json::parse(ok.out)["output"]["text"], "HELLO");
  ASSERT_EQ(p.auditEvents("step.execute").size(), 1u);

  ProcessResult integer = p.locus("run FromInteger --run-id i1 --input '{\"n\":5}'");
  EXPECT_EQ(integer.exitCode, 1) << integer.err;
  EXPECT_NE(integer.err.find("its parameters break the plugin's schema: 'text' must be a string, "
                             "not an integer"),
            std::string::npos)
      << integer.err;
  ProcessResult pattern = p.locus("run FromText --input '{\"text\":\"NO!\"}'");
  EXPECT_EQ(pattern.exitCode, 1) << pattern.err;
  EXPECT_NE(pattern.err.find("'text' does not match the pattern '^[a-z ]+$'"), std::string::npos)
      << pattern.err;
  EXPECT_EQ(p.auditEvents("step.execute").size(), 1u) << "the plugin never saw the bad values";
}

TEST(PluginRuntimePlatform, OnErrorOnMetricAndOnAlertFireForRuns) {
  ShoutProject p;
  p.addPlugin("watcher", kWatcherManifest, "main.py", kWatcherMain);
  p.write("Locus.toml", "[plugins]\npaths = [\"plugins/shouter\", \"plugins/watcher\"]\n");
  ProcessResult r = p.locus("run Refuse --run-id f1");
  EXPECT_EQ(r.exitCode, 1) << r.err;
  std::vector<json> events = jsonLines(p.workspace("watcher") / "events.jsonl");
  auto find = [&](const std::string& hook, const std::string& needle) {
    for (const json& e : events)
      if (e["hook"] == hook && e["params"].dump().find(needle) != std::string::npos) return e;
    return json();
  };
  json error = find("onError", "refused, attempt 4");
  ASSERT_FALSE(error.is_null()) << "events: " << events.size();
  EXPECT_EQ(error["params"]["source"], "runtime");
  EXPECT_EQ(error["params"]["runId"], "f1");
  EXPECT_EQ(error["params"]["workflow"], "Refuse");
  json calls = find("onMetric", "plugin_failures_total");
  ASSERT_FALSE(calls.is_null());
  EXPECT_EQ(calls["params"]["labels"]["plugin"], "shouter");
  EXPECT_EQ(calls["params"]["value"], 4);
  json alert = find("onAlert", "plugin.failure-rate");
  ASSERT_FALSE(alert.is_null());
  EXPECT_EQ(alert["params"]["severity"], "critical");
  EXPECT_NE(alert["params"]["message"].get<std::string>().find("failed 4 of 4 calls"),
            std::string::npos);
}

TEST(PluginRuntimePlatform, AFailingStepKindIsRetriedThenReplacedByItsAlternative) {
  ShoutProject p;
  p.write("Locus.toml", "[plugins]\npaths = [\"plugins/shouter\"]\n"
                        "[plugins.shouter.fallbacks.refuse]\n"
                        "retries = 2\nretryDelayMs = 5\nalternative = \"shout\"\n");
  ProcessResult r = p.locus("run Fallback --json --run-id fb1");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["output"]["text"], "CALM DOWN") << "the alternative's output";
  ProcessResult trace = p.locus("trace fb1 --json");
  ASSERT_EQ(trace.exitCode, 0) << trace.err;
  std::vector<json> fallbacks;
  std::istringstream lines(trace.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && json::parse(line).value("outcome", "") == "fallback")
      fallbacks.push_back(json::parse(line));
  ASSERT_EQ(fallbacks.size(), 3u) << trace.out;
  EXPECT_EQ(fallbacks[0]["fallback"]["action"], "retry");
  EXPECT_EQ(fallbacks[1]["fallback"]["action"], "retry");
  EXPECT_EQ(fallbacks[2]["fallback"]["action"], "alternative");
  EXPECT_EQ(fallbacks[2]["fallback"]["alternative"], "shout");
  EXPECT_EQ(fallbacks[2]["kind"], "refuse");
  EXPECT_NE(fallbacks[2]["error"]["message"].get<std::string>().find("refused, attempt 1"),
            std::string::npos)
      << fallbacks[2];
  // refuse three times (1 + 2 retries), then shout once.
  EXPECT_EQ(p.auditEvents("step.execute").size(), 4u);

  p.write("Locus.toml", "[plugins]\npaths = [\"plugins/shouter\"]\n"
                        "[plugins.shouter.fallbacks.refuse]\nalternative = \"shuot\"\n");
  ProcessResult bad = p.locus("run Fallback");
  EXPECT_NE(bad.exitCode, 0);
  EXPECT_NE(bad.err.find("[plugins.shouter.fallbacks.refuse]: alternative 'shuot' is no step kind "
                         "of a loaded plugin; did you mean 'shout'?"),
            std::string::npos)
      << bad.err;
}

TEST(PluginRuntimePlatform, AFallbackChainCanEndInAPersonsDecision) {
  ShoutProject p;
  p.write("Locus.toml", "[plugins]\npaths = [\"plugins/shouter\"]\n"
                        "[plugins.shouter.fallbacks.refuse]\n"
                        "retries = 1\nretryDelayMs = 5\napproval = \"ops\"\n");
  ProcessResult waiting = p.locus("run Fallback --run-id fa1");
  ASSERT_EQ(waiting.exitCode, 3) << waiting.err;
  EXPECT_NE(waiting.err.find("approval of step Fallback/r (locus approve fa1 Fallback/r)"),
            std::string::npos)
      << waiting.err;
  ASSERT_EQ(p.locus("approve fa1 Fallback/r --by ann").exitCode, 0);
  ProcessResult approved = p.locus("resume fa1 --json");
  ASSERT_EQ(approved.exitCode, 0) << approved.err;
  EXPECT_EQ(json::parse(approved.out)["output"]["by"], "ann");
  // refuse twice (1 + 1 retry); the approval did not call the plugin again.
  EXPECT_EQ(p.auditEvents("step.execute").size(), 2u);
  bool traced = false;
  for (const json& e : p.trace("fa1"))
    traced =
        traced || (e.value("outcome", "") == "fallback" && e["fallback"]["action"] == "approval");
  EXPECT_TRUE(traced);

  ASSERT_EQ(p.locus("run Fallback --run-id fa2").exitCode, 3);
  ASSERT_EQ(p.locus("approve fa2 Fallback/r --reject --by bob").exitCode, 0);
  ProcessResult rejected = p.locus("resume fa2");
  EXPECT_EQ(rejected.exitCode, 1);
  EXPECT_NE(rejected.err.find("step Fallback/r was rejected by bob"), std::string::npos)
      << rejected.err;
}


// A plugin's state at run time commits with the step's checkpoint: inside db_tx, in the same
// transaction as the entity writes. `bump` counts in state; `hold` blocks while the test holds
// a file in the plugin's workspace, so a kill -9 lands inside the db_tx.
const json kCounterManifest = json::parse(R"({
  "name": "counter", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
  "entry": ["python3", "main.py"],
  "steps": [{ "kind": "bump", "schema": { "type": "object" } },
            { "kind": "hold", "schema": { "type": "object" } }]
})");

constexpr const char* kCounterMain = R"(import os, time
from locus_plugin import Plugin
plugin = Plugin("counter", "1.0.0")

@plugin.step("bump")
def bump(params, context):
    try:
        n = plugin.state_get("n", 0) + 1
    except Exception as error:  # a corrupted row: reported once, then recomputed
        print("recomputing:", error)
        n = 1
    plugin.state_put("n", n)
    return {"n": n}

@plugin.step("hold")
def hold(params, context):
    open("/workspace/holding", "w").close()
    while os.path.exists("/workspace/hold"):
        time.sleep(0.02)
    return {}

plugin.run()
)";

constexpr const char* kCounterWorkflows = R"(workflow Count {
  steps {
    db_tx {
      const c = bump { }
      run record("counted", c.n)
      hold { }
    }
    const after = bump { }
    return after.n
  }
}
)";

TEST(PluginRuntimePlatform, StateWrittenInsideDbTxCommitsWithTheEntitiesOrNotAtAll) {
  PluginProject p;
  p.addPlugin("counter", kCounterManifest, "main.py", kCounterMain);
  p.write("Locus.toml", "[plugins]\npaths = [\"plugins/counter\"]\n");
  p.write("counter.locus", kCounterWorkflows);
  std::filesystem::create_directories(p.workspace("counter"));
  p.write(".locus/workspaces/counter/hold", "");
  pid_t pid = spawnLocus(p.dir, {"run", "Count", "--run-id", "s1"});
  ASSERT_TRUE(
      waitFor([&] { return std::filesystem::exists(p.workspace("counter") / "holding"); }, 20000));
  kill(pid, SIGKILL); // inside the db_tx: bump's state and the ledger row are not committed
  waitpid(pid, nullptr, 0);
  EXPECT_EQ(p.ledger("counted"), "0");
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_plugin_state"), "0");

  std::filesystem::remove(p.workspace("counter") / "hold");
  ProcessResult r = p.locus("resume s1 --json");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // The db_tx ran once as a whole: the state says 1 where the ledger says 1, then the step
  // after it counted 2.
  EXPECT_EQ(json::parse(r.out)["output"], 2);
  EXPECT_EQ(p.sql("SELECT amount_cents FROM ledgers WHERE note = 'counted'"), "1");
  EXPECT_EQ(p.sql("SELECT value FROM locus_plugin_state WHERE plugin = 'counter' AND key = 'n'"),
            "2");
  // A second run continues from the committed state.
  ProcessResult again = p.locus("run Count --json");
  ASSERT_EQ(again.exitCode, 0) << again.err;
  EXPECT_EQ(json::parse(again.out)["output"], 4);
}

// A row changed behind the store's back is reported by `get` (the plugin recomputes it) and
// replaced when the step commits.
TEST(PluginRuntimePlatform, CorruptedRunTimeStateIsReportedAndRecomputed) {
  PluginProject p;
  p.addPlugin("counter", kCounterManifest, "main.py", kCounterMain);
  p.write("Locus.toml", "[plugins]\npaths = [\"plugins/counter\"]\n");
  p.write("once.locus",
          "workflow Once {\n  steps {\n    const c = bump { }\n    return c.n\n  }\n}\n");
  for (int expected : {1, 2}) {
    ProcessResult r = p.locus("run Once --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["output"], expected);
  }
  p.exec("UPDATE locus_plugin_state SET value = '41' WHERE key = 'n'");
  ProcessResult recomputed = p.locus("run Once --json");
  ASSERT_EQ(recomputed.exitCode, 0) << recomputed.err;
  EXPECT_EQ(json::parse(recomputed.out)["output"], 1);
  std::string log = readText(std::filesystem::path(p.dir) / ".locus/logs/counter.log");
  EXPECT_NE(log.find("state key 'n' of plugin 'counter' was corrupted"), std::string::npos) << log;
  ProcessResult next = p.locus("run Once --json");
  ASSERT_EQ(next.exitCode, 0) << next.err;
  EXPECT_EQ(json::parse(next.out)["output"], 2) << "the recomputed value was stored whole";
}

} // namespace
} // namespace locus::test
