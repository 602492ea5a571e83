// Resume takes the path the first execution took: a step that failed for good is not called
// again (unless `resume --retry-failed`), compensation that ran stays the outcome, the retry
// budget survives a kill -9, and the trace shows crashes and resumes. Also what approve/signal
// refuse and per-key concurrency groups. About 6 s (several short `locus` runs, one kill -9).
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace locus::test {
namespace {

using nlohmann::json;

// Workflows added to the bank fixture. `gate()` fails (not retryable) until a ledger row
// "open" exists; `Open` adds that row, so a test can make a failed step succeed afterwards.
const char* kOpsWorkflows = R"(
action gate(): Integer {
  if find(Ledger, where: { note: "open" }).length == 0 {
    throw { message: "gate closed", retryable: false }
  }
  return 1
}

action alwaysBusy(): Integer {
  throw "busy, try later"
}

workflow Open {
  steps { run record("open", 0) }
}

workflow CatchThenApprove {
  steps {
    try {
      run gate()
    } catch e {
      wait_for fallback { approval: "ops" }
      return "compensated"
    }
    return "forward"
  }
}

workflow Compensated {
  steps {
    const g = run gate()
    return g
  }
  on_failure { run record("refund", 1) }
}

workflow Gated {
  steps {
    const g = run gate()
    return g
  }
}

workflow Patient {
  steps {
    const b = run alwaysBusy()
    return b
  }
  retry { max: 3, backoff: fixed, delay: 400ms }
}

workflow PerKey {
  input { k: String }
  concurrency { group: k, limit: 1 }
  steps {
    delay 1500ms
    return k
  }
}

workflow Shipping {
  steps {
    wait_for shipped { signal: "shipped" }
    wait_for ok { approval: "ops" }
    return 1
  }
}
)";

struct OpsProject : RuntimeProject {
  OpsProject() { write("ops.locus", kOpsWorkflows); }
  int attempts(const std::string& run, const std::string& step) const {
    int n = 0;
    for (const json& e : trace(run))
      if (e["step"] == step && e["kind"] != "lifecycle") ++n;
    return n;
  }
  std::vector<std::string> runEvents(const std::string& run) const {
    std::vector<std::string> out;
    for (const json& e : trace(run))
      if (e["kind"] == "lifecycle") out.push_back(e["outcome"]);
    return out;
  }
};

TEST(RuntimeResume, FailedStepIsNotCalledAgainAndCatchPathHolds) {
  OpsProject p;
  ProcessResult r = p.locus("run CatchThenApprove --run-id c1 --json");
  ASSERT_EQ(r.exitCode, 3) << r.err;
  json waiting = json::parse(r.out);
  EXPECT_EQ(waiting["waitingFor"], "approval:CatchThenApprove/try#0/catch/fallback") << r.out;
  ASSERT_EQ(p.locus("run Open").exitCode, 0); // the gate would pass now
  ASSERT_EQ(p.locus("approve c1 CatchThenApprove/try#0/catch/fallback").exitCode, 0);
  ProcessResult resumed = p.locus("resume c1");
  EXPECT_EQ(resumed.exitCode, 0) << resumed.err;
  EXPECT_EQ(resumed.out, "\"compensated\"\n"); // not "forward": the catch path holds
  EXPECT_EQ(p.attempts("c1", "CatchThenApprove/try#0/try/run#0"), 1);
}

TEST(RuntimeResume, CompensationThatRanStaysTheOutcome) {
  OpsProject p;
  ASSERT_EQ(p.locus("run Compensated --run-id k1").exitCode, 1);
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'refund'"), "1");
  ASSERT_EQ(p.locus("run Open").exitCode, 0);
  ProcessResult resumed = p.locus("resume k1");
  EXPECT_EQ(resumed.exitCode, 1) << resumed.err;
  EXPECT_NE(resumed.err.find("gate closed"), std::string::npos) << resumed.err;
  ProcessResult retry = p.locus("resume k1 --retry-failed");
  EXPECT_EQ(retry.exitCode, 2);
  EXPECT_NE(retry.err.find("compensation ran"), std::string::npos) << retry.err;
  EXPECT_EQ(p.attempts("k1", "Compensated/g"), 1);
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'refund'"), "1");
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'k1'"), "failed");
}

TEST(RuntimeResume, RetryFailedCallsTheStepAgain) {
  OpsProject p;
  ASSERT_EQ(p.locus("run Gated --run-id g1").exitCode, 1);
  ASSERT_EQ(p.locus("run Open").exitCode, 0);
  EXPECT_EQ(p.locus("resume g1").exitCode, 1);
  EXPECT_EQ(p.attempts("g1", "Gated/g"), 1);
  ProcessResult retry = p.locus("resume g1 --retry-failed");
  EXPECT_EQ(retry.exitCode, 0) << retry.err;
  EXPECT_EQ(retry.out, "1\n");
  EXPECT_EQ(p.attempts("g1", "Gated/g"), 2);
  std::vector<std::string> events = p.runEvents("g1");
  EXPECT_NE(std::find(events.begin(), events.end(), "resumed"), events.end());
}

TEST(RuntimeResume, RetryBudgetAndCrashSurviveKillNine) {
  OpsProject p;
  pid_t pid = spawnLocus(p.dir, {"run", "Patient", "--run-id", "r1"});
  // Two attempts failed (and were recorded); kill during the backoff before the third.
  ASSERT_TRUE(waitFor([&] { return p.attempts("r1", "Patient/b") >= 2; }, 10000));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  ProcessResult resumed = p.locus("resume r1");
  EXPECT_EQ(resumed.exitCode, 1) << resumed.err;
  EXPECT_EQ(p.attempts("r1", "Patient/b"), 4); // max 3 retries: 4 attempts in all, not 2 + 4
  std::vector<std::string> events = p.runEvents("r1");
  EXPECT_NE(std::find(events.begin(), events.end(), "crashed"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "resumed"), events.end());
}

TEST(RuntimeResume, ApproveAndSignalRefuseWhatTheRunDoesNotWaitFor) {
  OpsProject p;
  ProcessResult r = p.locus("run Shipping --run-id s1");
  ASSERT_EQ(r.exitCode, 3);
  EXPECT_NE(r.err.find("signal shipped (locus signal s1 shipped)"), std::string::npos) << r.err;
  ProcessResult typo = p.locus("signal s1 shiped");
  EXPECT_EQ(typo.exitCode, 1);
  EXPECT_NE(typo.err.find("it waits for:"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("signal shipped"), std::string::npos) << typo.err;
  ProcessResult early = p.locus("approve s1 Shipping/ok"); // a later wait_for: not yet
  EXPECT_EQ(early.exitCode, 1);
  ASSERT_EQ(p.locus("signal s1 shipped").exitCode, 0);
  ProcessResult next = p.locus("resume s1");
  EXPECT_EQ(next.exitCode, 3);
  EXPECT_NE(next.err.find("approval of step Shipping/ok (locus approve s1 Shipping/ok)"),
            std::string::npos)
      << next.err;
  ProcessResult bogus = p.locus("approve s1 bogus-step");
  EXPECT_EQ(bogus.exitCode, 1);
  EXPECT_NE(bogus.err.find("Shipping/ok"), std::string::npos) << bogus.err;
  EXPECT_EQ(p.locus("approve s1 Shipping/ok").exitCode, 0);
  EXPECT_EQ(p.locus("resume s1").exitCode, 0);
}

TEST(RuntimeResume, ConcurrencyGroupNamedByAnInputIsPerKey) {
  OpsProject p;
  pid_t a = spawnLocus(p.dir, {"run", "PerKey", "--run-id", "a1", "--input", R"({"k":"a"})"});
  ASSERT_TRUE(waitFor(
      [&] { return p.sql("SELECT status FROM locus_runs WHERE id = 'a1'") == "running"; }, 10000));
  EXPECT_EQ(p.sql("SELECT grp FROM locus_runs WHERE id = 'a1'"), "PerKey:a");
  ProcessResult sameKey = p.locus("run PerKey --run-id a2 --no-wait --input '{\"k\":\"a\"}'");
  EXPECT_EQ(sameKey.exitCode, 4) << sameKey.err; // queued behind a1
  ProcessResult otherKey = p.locus("run PerKey --run-id b1 --no-wait --input '{\"k\":\"b\"}'");
  EXPECT_EQ(otherKey.exitCode, 0) << otherKey.err; // its own group: not serialised behind a1
  int status = 0;
  waitpid(a, &status, 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

} // namespace
} // namespace locus::test
