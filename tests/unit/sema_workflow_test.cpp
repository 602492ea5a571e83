// checkWorkflows: triggers, retry/concurrency, input/state, bindings, run targets, loops, step
// properties (built-in and plugin kinds with their JSON Schema), durations and cron strings.
#include "tests/unit/sema_wf_test_util.h"

#include "compiler/sema/cron.h"
#include "compiler/sema/duration.h"

#include <gmock/gmock.h>

namespace locus::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A program prefix every workflow test can use: one entity, one server action, one page action.
const std::string kPrelude = R"(database { entity User { name: String  email: String } }
action notify(user: User, note: String = "") { }
page P { action audit() { } }
)";
// kPrelude has 3 lines: workflow sources below start on line 4.

std::vector<Diagnostic> checkWf(const std::string& workflow) {
  return check(kPrelude + workflow);
}

// ----------------------------------------------------------------------------- whole programs

TEST(SemaWorkflow, ValidWorkflowHasNoDiagnostics) {
  auto d = checkWf(R"(workflow Welcome {
  trigger { on:create(User) }
  input { userId: Integer }
  state { attempts: Integer = 0 }
  steps {
    const u = run notify(userId, note: "hi")
    if u != null { run audit() } else { run audit() }
    forEach x in [1, 2, 3] { if x > 2 { break } continue }
    while attempts < 3 { run audit() }
    parallel(max: 2, failFast: true) { branch { run audit() } run audit() }
    db_tx { run audit() }
    try { run audit() } catch e { run notify(u, note: e.message) } finally { run audit() }
    delay 5s
    delay { for: "2 hours" }
    schedule { at: u.createdAt }
    http_request fetch { url: "https://api.example.com", method: "POST", timeout: 10s }
    send_email { to: u.email, subject: "Welcome", template: "emails/welcome.html" }
    queue_publish { topic: "users", payload: { id: userId } }
    wait_for { signal: "confirmed", timeout: 1h }
    return u
  }
  retry { max: 3, backoff: exponential, factor: 2, delay: 5s, maxDelay: 1m, jitter: true }
  concurrency { group: welcome, limit: 5 }
  on_error { audit }
}
)");
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaWorkflow, PeerCorpusStyleWorkflowHasNoErrors) {
  // synthetic/medium/workflows.locus: undeclared names are external values in the peer.
  auto d = check(R"(database { entity E0 { name: String } }
page Pg { action doThing0() { } action doThing1() { } action doThing2() { } }
workflow Flow0 {
  trigger { on:create(E0) }
  steps {
    const r = run doThing0(userId)
    branch { condition: r steps { run doThing1(r) } else { run doThing2(userId) } }
    forEach item in items { run doThing0(item) }
    send_email { to: userEmail, subject: Hello, template: hello.html }
    delay { }
  }
  retry { max: 3, backoff: exponential, factor: 2 }
  concurrency { group: g0, limit: 5 }
  on_error { doThing0 }
}
workflow ExampleHttp { trigger { t } steps { http_request { } } }
)");
  EXPECT_THAT(errors(d), IsEmpty()) << dump(d);
  EXPECT_THAT(codesAt(d), ElementsAre("W0519@10:5", "W0503@16:34", "W0519@16:46")) << dump(d);
}

TEST(SemaWorkflow, StepsAreRequired) {
  auto d = checkWf("workflow NoSteps { trigger { on:create(User) } }\n");
  EXPECT_THAT(codesAt(d), ElementsAre("E0501@4:10")) << dump(d);
}

// ----------------------------------------------------------------------------- triggers

TEST(SemaWorkflow, WebhookNeedsASecret) {
  auto d = checkWf(R"(workflow A { trigger { on:webhook } steps { run audit() } }
workflow B { trigger { on:webhook(secret: HOOK) } steps { run audit() } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0502@4:24")) << dump(d);
}

TEST(SemaWorkflow, WebhookCannotMixWithEntityTriggers) {
  auto d = checkWf(R"(workflow A {
  trigger { on:webhook(secret: S) on:update(User) }
  steps { run audit() }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0502@5:13")) << dump(d);
}

TEST(SemaWorkflow, EntityTriggerNeedsAnEntity) {
  auto d = checkWf(
      R"(workflow A { trigger { on:create(Usr) on:delete(User) on:update() } steps { run audit() } }
)");
  auto e = withCode(d, "E0502");
  ASSERT_EQ(e.size(), 2u) << dump(d);
  EXPECT_EQ(e[0].span.col, 34u);
  EXPECT_EQ(e[0].suggestion, "User");
  EXPECT_TRUE(contains(e[1].message, "exactly one entity")) << e[1].message;
}

TEST(SemaWorkflow, ScheduleNeedsAValidCron) {
  auto d = checkWf(
      R"(workflow A { trigger { on:schedule("*/15 9-17 * * mon-fri") } steps { run audit() } }
workflow B { trigger { on:schedule("61 * * * *") } steps { run audit() } }
workflow C { trigger { on:schedule("* * *") } steps { run audit() } }
workflow D { trigger { on:schedule(hourly) } steps { run audit() } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0517@5:36", "E0517@6:36", "E0517@7:24")) << dump(d);
  EXPECT_TRUE(contains(withCode(d, "E0517")[0].message, "minute")) << dump(d);
}

TEST(SemaWorkflow, QueueTriggerTakesOneTopic) {
  auto d = checkWf(R"(workflow A { trigger { on:queue(orders) } steps { run audit() } }
workflow B { trigger { on:queue() } steps { run audit() } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0502@5:24")) << dump(d);
}

TEST(SemaWorkflow, BareWordWarnsUnknownKindErrs) {
  auto d = checkWf(R"(workflow A { trigger { t } steps { run audit() } }
workflow B { trigger { on:webhok(secret: S) } steps { run audit() } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("W0503@4:24", "E0502@5:27")) << dump(d);
  EXPECT_EQ(withCode(d, "E0502")[0].suggestion, "webhook");
}

// ----------------------------------------------------------------------------- policies

TEST(SemaWorkflow, RetryKeysAndValues) {
  auto d = checkWf(R"(workflow A {
  steps { run audit() }
  retry {
    max: 101
    backoff: linear
    delay: soon
    jitter: 1
    tries: 3
  }
}
workflow B { steps { run audit() } retry { backoff: exponential, factor: 1 } }
workflow C { steps { run audit() } retry { max: 0, backoff: fixed, delay: "5 minutes" } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0504@7:10", "E0504@8:14", "E0504@9:12", "E0504@10:13",
                                      "E0504@11:5", "E0504@14:74"))
      << dump(d);
  EXPECT_EQ(withCode(d, "E0504")[4].suggestion, "") << "no key close to 'tries'";
}

TEST(SemaWorkflow, RetryUnknownKeySuggestsKnownOne) {
  auto d = checkWf("workflow A { steps { run audit() } retry { maxDelya: 5s } }\n");
  Diagnostic e = only(d, "E0504");
  EXPECT_EQ(e.suggestion, "maxDelay");
}

TEST(SemaWorkflow, Concurrency) {
  auto d = checkWf(R"(workflow A { steps { run audit() } concurrency { group: g, limit: 0 } }
workflow B { steps { run audit() } concurrency { group: g, limt: 5 } }
workflow C { steps { run audit() } concurrency { group: g, limit: 10000 } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0505@4:67", "E0505@5:36", "E0505@5:60")) << dump(d);
}

// ----------------------------------------------------------------------------- names

TEST(SemaWorkflow, DuplicateInputAndState) {
  auto d = checkWf(R"(workflow A {
  input { id: Integer, id: Integer }
  state { id: Integer = 0 }
  steps { run audit() }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0102@5:24", "E0102@6:11")) << dump(d);
}

TEST(SemaWorkflow, BindingRules) {
  auto d = checkWf(R"(workflow A {
  input { userId: Integer }
  steps {
    run notify(later)
    const later = run audit()
    const later = run audit()
    const userId = run audit()
    const unused = run audit()
  }
}
)");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0508@7:16", "E0506@9:11", "E0507@10:11", "W0514@10:11", "W0514@11:11"))
      << dump(d);
  Diagnostic use = only(d, "E0508");
  ASSERT_EQ(use.notes.size(), 1u);
  EXPECT_EQ(use.notes[0].span.line, 8u);
}

TEST(SemaWorkflow, BindingIsVisibleAfterItsStepOnly) {
  auto d = checkWf(R"(workflow A {
  steps {
    const a = run audit()
    run notify(a)
    forEach x in [a] { const b = run notify(x) run notify(b) }
    run notify(b)
  }
}
)");
  EXPECT_THAT(errors(d), IsEmpty()) << dump(d);
}

TEST(SemaWorkflow, UnknownNamesAreStrictWithTypedInput) {
  auto d = checkWf(R"(workflow Strict {
  input { userId: Integer }
  steps {
    run notify(usrId)
    if missing { run audit() }
    send_email { to: someone, subject: Hello }
  }
}
workflow Peer {
  input { userId }
  steps { run notify(whatever) }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0103@7:16", "E0103@8:8")) << dump(d);
  EXPECT_EQ(withCode(d, "E0103")[0].suggestion, "userId");
}

TEST(SemaWorkflow, LoopAndCatchVariablesAreScoped) {
  auto d = checkWf(R"(workflow A {
  input { ids: Integer[] }
  steps {
    forEach id in ids { run notify(id) }
    try { run audit() } catch err { run notify(err) }
    run notify(id)
    run notify(err)
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0103@9:16", "E0103@10:16")) << dump(d);
}

// ----------------------------------------------------------------------------- steps

TEST(SemaWorkflow, RunTargetMustBeAnAction) {
  auto d = checkWf(
      R"(workflow A { steps { run audt() run notify() run notify(1, 2, 3) run audit(1, 2) } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0509@4:26", "E0603@4:33", "E0603@4:46")) << dump(d);
  EXPECT_EQ(withCode(d, "E0509")[0].suggestion, "audit");
}

TEST(SemaWorkflow, OnErrorNamesMustBeActions) {
  auto d = checkWf(R"(workflow A { steps { run audit() } on_error { audit } on_failure { cleanup } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0509@4:68")) << dump(d);
}

TEST(SemaWorkflow, BreakAndContinueOnlyInLoops) {
  auto d = checkWf(R"(workflow A {
  steps {
    break
    forEach x in [1] { if x > 0 { continue } break }
    while true { parallel { break } }
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0513@6:5", "E0513@8:29")) << dump(d);
}

TEST(SemaWorkflow, ForEachNeedsAList) {
  auto d = checkWf(R"(workflow A {
  input { ids: Integer[] }
  steps {
    forEach id in ids { run audit() }
    forEach id in [1, 2] { run audit() }
    forEach id in 42 { run audit() }
    forEach id in "abc" { run audit() }
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0511@9:19", "E0511@10:19")) << dump(d);
}

TEST(SemaWorkflow, TooManyStepsCountsNestedOnes) {
  CheckOptions options;
  options.maxWorkflowSteps = 3;
  auto d = checkWith(
      kPrelude + R"(workflow Big { steps { run audit() if true { run audit() run audit() } } }
workflow Small { steps { run audit() if true { run audit() } } }
)",
      options);
  EXPECT_THAT(codesAt(d), ElementsAre("W0515@4:10")) << dump(d);
}

TEST(SemaWorkflow, SendEmailRules) {
  auto d = checkWf(R"(workflow A {
  steps {
    send_email { subject: "Hi" }
    send_email { to: "a@b.c" }
    send_email { to: "a@b.c", subject: "Hi\nBcc: x@y.z" }
    send_email { to: "a@b.c", template: "../secrets.txt" }
    send_email { to: "a@b.c", template: welcome.html }
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0511@6:5", "E0511@7:5", "E0511@8:40", "E0511@9:41"))
      << dump(d);
}

TEST(SemaWorkflow, HttpRequestRules) {
  auto d = checkWf(R"(workflow A {
  steps {
    http_request { method: "GET" }
    http_request { url: "http://insecure.test" }
    http_request { url: "http://insecure.test", allow_insecure: true }
    http_request { url: "https://x.test", method: "FETCH" }
    http_request { url: "https://x.test", method: post }
    http_request { }
  }
}
)");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0511@6:5", "E0512@7:25", "E0511@9:51", "E0511@10:51", "W0519@11:5"))
      << dump(d);
  EXPECT_TRUE(contains(withCode(d, "E0511")[2].message, "did you mean 'POST'?")) << dump(d);
}

TEST(SemaWorkflow, DelayAndScheduleDurations) {
  auto d = checkWf(R"(workflow A {
  steps {
    delay 5s
    delay "5 minutes"
    delay "soon"
    delay 5
    delay { for: "2 hours" }
    delay { for: 3 }
    schedule { }
    delay { wait: 5s }
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0516@8:11", "E0516@9:11", "E0516@11:18", "E0516@12:5",
                                      "E0516@13:5", "E0511@13:13"))
      << dump(d);
}

TEST(SemaWorkflow, QueuePublishAndWaitForNeedTheirKeys) {
  auto d = checkWf(R"(workflow A {
  steps {
    queue_publish { payload: 1 }
    queue_publish { topic: orders }
    wait_for { timeout: 1h }
    wait_for { approval: "manager", timeout: "later" }
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0511@6:5", "E0511@8:5", "E0516@9:46")) << dump(d);
}

TEST(SemaWorkflow, ParallelOptions) {
  auto d = checkWf(R"(workflow A {
  steps {
    parallel(max: 0, failFast: "yes", fast: true) { run audit() }
    parallel(max: 4) { run audit() }
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0518@6:19", "E0518@6:32", "E0518@6:39")) << dump(d);
}

TEST(SemaWorkflow, UnknownStepKindListsKnownKinds) {
  auto d = checkWf(R"(workflow A { steps { send_emial { to: "x" } } }
)");
  Diagnostic e = only(d, "E0510");
  EXPECT_EQ(e.span.line, 4u);
  EXPECT_EQ(e.span.col, 22u);
  EXPECT_EQ(e.suggestion, "send_email");
  EXPECT_TRUE(contains(e.message, "http_request")) << e.message;
}

TEST(SemaWorkflow, PluginStepPropsAreSchemaChecked) {
  CheckOptions options;
  options.pluginSteps.push_back({"slack_post", "slack-notify", nlohmann::json::parse(R"({
        "type": "object", "required": ["channel", "text"], "additionalProperties": false,
        "properties": {
          "channel": {"type": "string"},
          "text": {"type": "string"},
          "urgency": {"enum": ["low", "high"]},
          "retries": {"type": "integer", "minimum": 0},
          "tags": {"type": "array", "items": {"type": "string"}}
        }})")});
  auto d = checkWith(kPrelude + R"(workflow A {
  input { who: String }
  steps {
    slack_post { channel: who, text: "hi", urgency: "hig", retries: 1.5, tags: ["a", 2] }
    slack_post notify { channel: 42, colour: "red" }
    slack_post { channel: "#ops", text: "x" + who, retries: 2 }
  }
}
)",
                     options);
  EXPECT_THAT(codesAt(d), ElementsAre("E0511@7:53", "E0511@7:69", "E0511@7:86", "E0511@8:5",
                                      "E0511@8:34", "E0511@8:38"))
      << dump(d);
  EXPECT_TRUE(contains(withCode(d, "E0511")[0].message, "did you mean 'high'?")) << dump(d);
}

TEST(SemaWorkflow, FiveMistakesFiveDiagnostics) {
  auto d = checkWf(R"(workflow A {
  trigger { on:create(Usr) }
  steps {
    run nothing()
    http_request { url: "http://x" }
    break
  }
  retry { max: -1 }
}
)");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0502@5:23", "E0509@7:9", "E0512@8:25", "E0513@9:5", "E0504@11:16"))
      << dump(d);
}

// ----------------------------------------------------------------------------- helpers

TEST(SemaWorkflow, CronFields) {
  EXPECT_EQ(cronError("0 * * * *"), std::nullopt);
  EXPECT_EQ(cronError("*/5 0-23/2 1,15 jan-jun SUN"), std::nullopt);
  EXPECT_EQ(cronError("0 0 * * 7"), std::nullopt);
  EXPECT_NE(cronError("0 24 * * *"), std::nullopt);
  EXPECT_NE(cronError("0 0 0 * *"), std::nullopt);
  EXPECT_NE(cronError("0 0 * 13 *"), std::nullopt);
  EXPECT_NE(cronError("*/0 * * * *"), std::nullopt);
  EXPECT_NE(cronError("5-1 * * * *"), std::nullopt);
  EXPECT_NE(cronError("1,,2 * * * *"), std::nullopt);
  EXPECT_NE(cronError("a * * * *"), std::nullopt);
  EXPECT_NE(cronError("* * * * * *"), std::nullopt);
}

TEST(SemaWorkflow, Durations) {
  EXPECT_EQ(parseDurationMs("250ms"), 250u);
  EXPECT_EQ(parseDurationMs("5s"), 5000u);
  EXPECT_EQ(parseDurationMs("5 minutes"), 300000u);
  EXPECT_EQ(parseDurationMs("1.5h"), 5400000u);
  EXPECT_EQ(parseDurationMs("2 Days"), 172800000u);
  EXPECT_EQ(parseDurationMs("5"), std::nullopt);
  EXPECT_EQ(parseDurationMs("soon"), std::nullopt);
  EXPECT_EQ(parseDurationMs("1..5s"), std::nullopt);
}

} // namespace
} // namespace locus::testing

namespace locus {
namespace {

using namespace locus::testing;

TEST(SemaWorkflowStepNames, SiblingStepsNeedDistinctNames) {
  std::vector<Diagnostic> d = check(R"(
workflow W {
  steps {
    http_request fetch { url: "https://a.test" }
    http_request fetch { url: "https://b.test" }
    const fetch2 = run go()
    http_request fetch2 { url: "https://c.test" }
    if true { http_request fetch { url: "https://d.test" } }
  }
}
action go() { }
)");
  EXPECT_EQ(withCode(d, "E0520").size(), 2u) << dump(d);
}

} // namespace
} // namespace locus
