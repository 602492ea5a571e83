// `locus cancel` and `locus terminate` during each kind of wait: a wait_for (the run is
// waiting), an in-process delay (the run is running), a full concurrency group (the run is
// queued). Cancel runs `finally` and on_failure; terminate runs nothing. About 4 s.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace locus::test {
namespace {

using nlohmann::json;

const char* kCancelWorkflows = R"(
workflow HoldsApproval {
  steps {
    try {
      wait_for ok { approval: "ops" }
      run record("approved", 1)
    } finally {
      run record("finally", 1)
    }
  }
  on_failure { run record("compensated", 1) }
}

workflow Sleeper {
  steps {
    try {
      delay 4s
      run record("woke", 1)
    } finally {
      run record("finally", 1)
    }
  }
}

workflow Exclusive {
  concurrency { group: "exclusive", limit: 1 }
  steps {
    delay 3s
    run record("exclusive", 1)
  }
}
)";

struct CancelProject : RuntimeProject {
  CancelProject() { write("cancel.locus", kCancelWorkflows); }
};

TEST(RuntimeCancel, CancelAWaitingRunRunsFinallyAndCompensation) {
  CancelProject p;
  ASSERT_EQ(p.locus("run HoldsApproval --run-id w1").exitCode, 3);
  ProcessResult r = p.locus("cancel w1 --reason 'customer withdrew'");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("run w1 cancelled (cancelled: customer withdrew)"), std::string::npos)
      << r.err;
  EXPECT_EQ(p.status("w1"), "cancelled");
  EXPECT_EQ(p.ledger("finally"), "1");
  EXPECT_EQ(p.ledger("compensated"), "1");
  EXPECT_EQ(p.ledger("approved"), "0");
  EXPECT_TRUE(p.traced("w1", "cancel-requested"));
  EXPECT_TRUE(p.traced("w1", "cancelled"));
  // Ended: approving, resuming or cancelling again changes nothing.
  EXPECT_EQ(p.locus("approve w1 HoldsApproval/try#0/try/ok").exitCode, 2);
  EXPECT_EQ(p.locus("cancel w1").exitCode, 1);
  EXPECT_EQ(p.locus("runs --status cancelled --json").out.find("\"w1\"") != std::string::npos,
            true);
}

TEST(RuntimeCancel, CancelARunningRunStopsItAtTheNextBoundary) {
  CancelProject p;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = spawnLocus(p.dir, {"run", "Sleeper", "--run-id", "s1"});
  ASSERT_TRUE(waitFor([&] { return p.status("s1") == "running"; }, 10000));
  ProcessResult r = p.locus("cancel s1");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  int status = 0;
  waitpid(pid, &status, 0);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(WEXITSTATUS(status), 1); // ended cancelled
  EXPECT_LT(seconds, 3.5) << "the 4 s delay was not interrupted";
  EXPECT_EQ(p.status("s1"), "cancelled");
  EXPECT_EQ(p.ledger("finally"), "1");
  EXPECT_EQ(p.ledger("woke"), "0");
}

TEST(RuntimeCancel, QueuedRunIsCancelledAtOnceAndTerminateSkipsCleanup) {
  CancelProject p;
  pid_t holder = spawnLocus(p.dir, {"run", "Exclusive", "--run-id", "x1"});
  ASSERT_TRUE(waitFor([&] { return p.status("x1") == "running"; }, 10000));
  ASSERT_EQ(p.locus("run Exclusive --run-id x2 --no-wait").exitCode, 4);
  ProcessResult cancelled = p.locus("cancel x2");
  EXPECT_EQ(cancelled.exitCode, 0) << cancelled.err;
  EXPECT_NE(cancelled.err.find("had not started"), std::string::npos) << cancelled.err;
  EXPECT_EQ(p.status("x2"), "cancelled");
  ProcessResult terminated = p.locus("terminate x1 --reason runaway");
  EXPECT_EQ(terminated.exitCode, 0) << terminated.err;
  int status = 0;
  waitpid(holder, &status, 0); // stops at its next boundary, long before the 3 s delay ends
  EXPECT_EQ(p.status("x1"), "terminated");
  EXPECT_EQ(p.ledger("exclusive"), "0");
  EXPECT_TRUE(p.traced("x1", "terminated"));
  EXPECT_EQ(p.locus("terminate x1").exitCode, 1); // already ended
}

TEST(RuntimeCancel, TerminateAWaitingRunRunsNoCleanup) {
  CancelProject p;
  ASSERT_EQ(p.locus("run HoldsApproval --run-id t1").exitCode, 3);
  EXPECT_EQ(p.locus("terminate t1").exitCode, 0);
  EXPECT_EQ(p.status("t1"), "terminated");
  EXPECT_EQ(p.ledger("finally"), "0");
  EXPECT_EQ(p.ledger("compensated"), "0");
  EXPECT_EQ(p.locus("resume t1").exitCode, 1);
}

} // namespace
} // namespace locus::test
