// Flow control end to end through the real `locus`: a debounced burst runs only its last run
// (also when the replaced run's `locus run` is waiting for it), a throttle delays the starts
// over its limit by its window and `locus runs` says why, a rate limit skips runs (exit 6), and
// priority orders the runs a worker starts. Timing is checked against the store's recorded
// times; the tests wait for conditions, never for a fixed time. About 8 s.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>

namespace locus::test {
namespace {

const char* kFlowWorkflows = R"(
workflow Debounced {
  input { k: Integer, n: Integer }
  debounce { period: 1s, key: k }
  steps {
    run record("debounced", n)
  }
}

workflow Throttled {
  input { k: Integer, n: Integer }
  throttle { limit: 2, period: 3s, key: input.k }
  steps {
    run record("throttled", n)
  }
}

workflow Limited {
  input { k: Integer }
  rateLimit { limit: 2, period: 1h, key: k }
  steps {
    run record("limited", k)
  }
}

workflow Publisher {
  steps {
    queue_publish { topic: "prio", payload: { p: 0 } }
    queue_publish { topic: "prio", payload: { p: 5 } }
    queue_publish { topic: "prio", payload: { p: 10 } }
  }
}

workflow Prioritised {
  trigger { on:queue(prio) }
  input { p: Integer }
  priority: p
  steps {
    run record("prio", p)
  }
}
)";

struct FlowProject : RuntimeProject {
  FlowProject() { write("flow.locus", kFlowWorkflows); }
  std::string input(int k, int n) const {
    return "'{\"k\": " + std::to_string(k) + ", \"n\": " + std::to_string(n) + "}'";
  }
  int64_t column(const std::string& column, const std::string& run) const {
    return std::stoll(sql("SELECT " + column + " FROM locus_runs WHERE id = '" + run + "'"));
  }
};

// Stops a background `locus worker` started by the test.
struct Worker {
  explicit Worker(const std::string& dir) : pid(spawnLocus(dir, {"worker", "--poll-ms", "50"})) {}
  ~Worker() {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
  pid_t pid;
};

TEST(RuntimeFlowControl, ADebouncedBurstRunsOnlyItsLastRun) {
  FlowProject p;
  // The first start waits in `locus run` for its window; the next ones replace it.
  pid_t waiting =
      spawnLocus(p.dir, {"run", "Debounced", "--input", "{\"k\": 1, \"n\": 1}", "--run-id", "d1"});
  ASSERT_TRUE(waitFor([&] { return p.status("d1") == "queued"; }, 10000));
  ProcessResult second = p.locus("run Debounced --no-wait --run-id d2 --input " + p.input(1, 2));
  EXPECT_EQ(second.exitCode, 4) << second.err;
  EXPECT_NE(second.err.find("debounced until"), std::string::npos) << second.err;
  int status = 0;
  waitpid(waiting, &status, 0);
  EXPECT_EQ(WEXITSTATUS(status), 6); // its run was replaced: skipped
  EXPECT_EQ(p.status("d1"), "skipped");
  ProcessResult other = p.locus("run Debounced --no-wait --run-id o1 --input " + p.input(2, 9));
  EXPECT_EQ(other.exitCode, 4); // another key: its own window, replaces nothing
  ProcessResult last = p.locus("run Debounced --run-id d3 --input " + p.input(1, 3));
  EXPECT_EQ(last.exitCode, 0) << last.err;
  EXPECT_EQ(p.status("d2"), "skipped");
  EXPECT_GE(p.column("started_ms", "d3"), p.column("created_ms", "d3") + 1000);
  EXPECT_EQ(p.sql("SELECT group_concat(amount_cents) FROM ledgers WHERE note = 'debounced'"), "3");
  ProcessResult runs = p.locus("runs --status skipped");
  EXPECT_NE(runs.out.find("replaced by run d2"), std::string::npos) << runs.out;
  EXPECT_NE(runs.out.find("replaced by run d3"), std::string::npos) << runs.out;
  EXPECT_EQ(p.status("o1"), "queued");
}

TEST(RuntimeFlowControl, AThrottleDelaysStartsOverItsLimitByItsWindow) {
  FlowProject p;
  for (int n = 1; n <= 4; ++n) {
    ProcessResult r = p.locus("run Throttled --no-wait --run-id t" + std::to_string(n) +
                              " --input " + p.input(1, n));
    EXPECT_EQ(r.exitCode, n <= 2 ? 0 : 4) << n << r.err;
    if (n > 2) {
      EXPECT_NE(r.err.find("throttled until"), std::string::npos) << r.err;
    }
  }
  EXPECT_EQ(p.locus("run Throttled --no-wait --run-id u1 --input " + p.input(2, 5)).exitCode, 0);
  ProcessResult runs = p.locus("runs --workflow Throttled --status queued");
  EXPECT_NE(runs.out.find("throttled until"), std::string::npos) << runs.out;
  ProcessResult json = p.locus("runs --workflow Throttled --status queued --json");
  EXPECT_NE(json.out.find("\"waitReason\":\"throttled\""), std::string::npos) << json.out;
  {
    Worker worker(p.dir);
    // t1, t2 and u1 (another key) ran at once; t3 and t4 once the window has room.
    ASSERT_TRUE(waitFor([&] { return p.ledger("throttled") == "5"; }, 15000));
  }
  // At most 2 starts in any 3 s: t3 and t4 started once t1 and t2 left the window.
  EXPECT_GE(p.column("started_ms", "t3"), p.column("started_ms", "t1") + 3000);
  EXPECT_GE(p.column("started_ms", "t4"), p.column("started_ms", "t2") + 3000);
}

TEST(RuntimeFlowControl, ARateLimitSkipsRunsOverItsLimit) {
  FlowProject p;
  EXPECT_EQ(p.locus("run Limited --input '{\"k\": 1}'").exitCode, 0);
  EXPECT_EQ(p.locus("run Limited --input '{\"k\": 1}'").exitCode, 0);
  ProcessResult third = p.locus("run Limited --run-id l3 --input '{\"k\": 1}'");
  EXPECT_EQ(third.exitCode, 6) << third.err;
  EXPECT_NE(third.err.find("rate limit"), std::string::npos) << third.err;
  EXPECT_EQ(p.locus("run Limited --input '{\"k\": 2}'").exitCode, 0); // another key
  EXPECT_EQ(p.ledger("limited"), "3");
  ProcessResult runs = p.locus("runs --status skipped --json");
  EXPECT_NE(runs.out.find("\"reason\":\"rateLimited\""), std::string::npos) << runs.out;
}

TEST(RuntimeFlowControl, AWorkerStartsReadyRunsByPriority) {
  FlowProject p;
  ASSERT_EQ(p.locus("run Publisher").exitCode, 0);
  // One worker pass: the three messages start their runs in publish order (p = 0, 5, 10), and
  // one executor takes them by priority.
  ProcessResult w = p.locus("worker --once");
  EXPECT_EQ(w.exitCode, 0) << w.err;
  EXPECT_EQ(p.sql("SELECT group_concat(amount_cents) FROM (SELECT amount_cents FROM ledgers "
                  "WHERE note = 'prio' ORDER BY id)"),
            "10,5,0");
}

} // namespace
} // namespace locus::test
