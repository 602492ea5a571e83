// `locus` end to end: run, runs, trace, resume, approve, signal, worker, bad input, exit statuses.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace locus::test {
namespace {

using nlohmann::json;

TEST(RuntimeCli, RunsTransferAppliesSchemaAndPrintsOutput) {
  RuntimeProject p;
  ProcessResult r = p.locus("run Transfer --input '{\"from\":1,\"to\":2,\"amountCents\":250}' --run-id a1");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "30000\n");
  EXPECT_NE(r.err.find("applied migration 0001_init.sql"), std::string::npos) << r.err;
  EXPECT_EQ(p.sql("SELECT balance_cents FROM accounts WHERE id = 1"), "9750");
  EXPECT_EQ(p.sql("SELECT balance_cents FROM accounts WHERE id = 2"), "10250");
  EXPECT_EQ(p.sql("SELECT name FROM locus_migrations ORDER BY name LIMIT 1"), "0001_init.sql");
  // The same run ID again does not move money twice.
  ProcessResult again = p.locus("run Transfer --input '{\"from\":1,\"to\":2,\"amountCents\":250}' --run-id a1 --json");
  EXPECT_EQ(again.exitCode, 0);
  EXPECT_EQ(json::parse(again.out)["status"], "completed");
  EXPECT_EQ(p.sql("SELECT balance_cents FROM accounts WHERE id = 1"), "9750");
}

TEST(RuntimeCli, TraceHasOneEventPerAttemptWithIrStepIds) {
  RuntimeProject p;
  ASSERT_EQ(p.locus("run Loops --input '{\"items\":[1,3]}' --run-id l1").exitCode, 0);
  std::vector<json> events = p.trace("l1");
  std::vector<std::string> steps;
  for (const json& e : events) {
    steps.push_back(e["step"]);
    EXPECT_EQ(e["run"], "l1");
    EXPECT_TRUE(e.contains("durationUs") && e.contains("attempt") && e.contains("outcome"));
  }
  std::vector<std::string> want = {"Loops/forEach#0[0]/d", "Loops/forEach#0[0]/if#0/else/run#0",
                                   "Loops/forEach#0[1]/d", "Loops/forEach#0[1]/if#0/then/run#0",
                                   "Loops/n", "Loops"};
  EXPECT_EQ(steps, want);
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_checkpoints WHERE run_id = 'l1' AND step_id LIKE 'Loops/forEach#0[%'"), "4");
  ProcessResult table = p.locus("trace l1");
  EXPECT_NE(table.out.find("Loops/forEach#0[1]/if#0/then/run#0"), std::string::npos);
}

TEST(RuntimeCli, RetriesWaitWithExponentialBackoffThenFail) {
  RuntimeProject p;
  ProcessResult r = p.locus("run Flaky --input '{\"failures\":5}' --run-id f1");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("transient failure"), std::string::npos);
  std::vector<json> events = p.trace("f1");
  ASSERT_EQ(events.size(), 5u); // 4 attempts (max: 3 retries) + the workflow
  for (int i = 0; i < 3; ++i) EXPECT_EQ(events[i]["outcome"], "retrying");
  EXPECT_EQ(events[3]["outcome"], "failed");
  // delay 100ms, factor 2: the attempts start at least 100, 200 and 400 ms apart.
  for (int i = 0; i < 3; ++i) {
    int64_t gap = events[i + 1]["startMs"].get<int64_t>() - events[i]["startMs"].get<int64_t>();
    EXPECT_GE(gap, 100 << i) << "attempt " << i + 1;
    EXPECT_LT(gap, (100 << i) + 400) << "attempt " << i + 1;
  }
  // The failed attempts' writes were rolled back with them.
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'attempt'"), "0");
}

TEST(RuntimeCli, NonRetryableErrorFailsAtOnceAndCatchRunsCompensation) {
  RuntimeProject p;
  ProcessResult r = p.locus("run Transfer --input '{\"from\":1,\"to\":2,\"amountCents\":99999}' --run-id n1");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("insufficient funds"), std::string::npos) << r.err;
  EXPECT_EQ(p.trace("n1").size(), 2u); // one db_tx attempt, then the workflow
  EXPECT_EQ(p.sql("SELECT sum(balance_cents) FROM accounts"), "30000");
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_queue"), "0"); // the outbox rolled back too
  ASSERT_EQ(p.locus("run Guarded --run-id g1").exitCode, 0);
  EXPECT_EQ(p.sql("SELECT group_concat(note) FROM ledgers"), "caught,finally");
}

TEST(RuntimeCli, BadInputIsAClearErrorAndStartsNothing) {
  RuntimeProject p;
  ProcessResult unknown = p.locus("run Nope");
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_NE(unknown.err.find("unknown workflow `Nope`"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("Transfer"), std::string::npos);
  ProcessResult invalid = p.locus("run Transfer --input '{\"from\":\"x\",\"extra\":1}'");
  EXPECT_EQ(invalid.exitCode, 2);
  EXPECT_NE(invalid.err.find("input `from` must be Integer"), std::string::npos) << invalid.err;
  EXPECT_NE(invalid.err.find("missing input `to`"), std::string::npos);
  EXPECT_NE(invalid.err.find("unknown input `extra`"), std::string::npos);
  ProcessResult badJson = p.locus("run Transfer --input '{oops'");
  EXPECT_EQ(badJson.exitCode, 2);
  EXPECT_NE(badJson.err.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs"), "0");
  EXPECT_EQ(p.locus("resume nosuchrun").exitCode, 2);
  EXPECT_EQ(p.locus("frobnicate").exitCode, 2);
}

TEST(RuntimeCli, CorruptedStoreIsReportedNotCrashed) {
  RuntimeProject p;
  p.write(".locus/state.db", std::string(8192, 'x'));
  ProcessResult r = p.locus("run Loops --input '{\"items\":[]}'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("is not a usable SQLite state store"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("move the file away"), std::string::npos);
}

TEST(RuntimeCli, ProjectThatDoesNotCompileIsUsageError) {
  RuntimeProject p;
  p.write("broken.locus", "workflow Broken { steps { run nothingHere( } }");
  ProcessResult r = p.locus("run Transfer");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("does not compile"), std::string::npos) << r.err;
}

TEST(RuntimeCli, ApprovalSuspendsUntilApprovedThenWorkerFinishes) {
  RuntimeProject p;
  ProcessResult r = p.locus("run Approval --run-id ap");
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'ap'"), "waiting");
  EXPECT_EQ(p.locus("worker --once").exitCode, 0);
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'ap'"), "waiting");
  EXPECT_EQ(p.locus("approve ap Approval/managerOk --by boss").exitCode, 0);
  EXPECT_EQ(p.locus("worker --once").exitCode, 0);
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'ap'"), "completed");
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'approved'"), "1");
  // A rejection fails the step.
  EXPECT_EQ(p.locus("run Approval --run-id ap2").exitCode, 3);
  EXPECT_EQ(p.locus("approve ap2 Approval/managerOk --reject").exitCode, 0);
  ProcessResult resumed = p.locus("resume ap2");
  EXPECT_EQ(resumed.exitCode, 1);
  EXPECT_NE(resumed.err.find("rejected"), std::string::npos) << resumed.err;
}

TEST(RuntimeCli, DurableTimerSurvivesTheProcessAndFiresInTheWorker) {
  RuntimeProject p;
  ProcessResult r = p.locus("run Later --run-id lt --inline-wait-ms 0");
  EXPECT_EQ(r.exitCode, 3) << r.err;
  std::string fireAt = p.sql("SELECT fire_at FROM locus_timers WHERE run_id = 'lt'");
  ASSERT_FALSE(fireAt.empty());
  EXPECT_EQ(p.locus("worker --once").exitCode, 0); // not due yet
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'lt'"), "waiting");
  std::this_thread::sleep_until(std::chrono::system_clock::time_point(
      std::chrono::milliseconds(std::stoll(fireAt) + 50)));
  EXPECT_EQ(p.locus("worker --once").exitCode, 0);
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'lt'"), "completed");
  // The timer kept its first fire time: the restart did not start a new 2 s wait.
  EXPECT_EQ(p.sql("SELECT fire_at FROM locus_timers WHERE run_id = 'lt'"), fireAt);
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'later'"), "1");
}

TEST(RuntimeCli, ParallelBranchesRunConcurrently) {
  RuntimeProject p;
  auto t0 = std::chrono::steady_clock::now();
  ProcessResult r = p.locus("run Fanout --run-id fo");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_LT(ms, 2000); // two 200 ms delays side by side, not one after the other (plus startup)
  std::vector<json> events = p.trace("fo");
  int64_t s2 = 0, s3 = 0;
  for (const json& e : events) {
    if (e["step"] == "Fanout/parallel#0[2]/delay#0") s2 = e["startMs"];
    if (e["step"] == "Fanout/parallel#0[3]/delay#0") s3 = e["startMs"];
  }
  ASSERT_TRUE(s2 && s3);
  EXPECT_LT(std::llabs(s2 - s3), 150);
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note IN ('a', 'b')"), "2");
}

TEST(RuntimeCli, ConcurrencyGroupQueuesInsteadOfDropping) {
  RuntimeProject p;
  p.write("serial.locus", R"(workflow Serial {
  steps {
    delay 300ms
    run record("serial", 1)
  }
  concurrency { group: "one", limit: 1 }
})");
  ASSERT_EQ(p.locus("runs").exitCode, 0);
  ProcessResult first = p.locus("run Serial --run-id s0 --no-wait");
  EXPECT_EQ(first.exitCode, 0) << first.err;
  // Three at once: each waits for the slot, none is dropped, none overlaps another.
  std::vector<std::thread> threads;
  std::vector<int> codes(3);
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&, i] { codes[i] = p.locus("run Serial --run-id s" + std::to_string(i + 1)).exitCode; });
  for (auto& t : threads) t.join();
  for (int c : codes) EXPECT_EQ(c, 0);
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'serial'"), "4");
  std::vector<std::pair<int64_t, int64_t>> spans;
  for (int i = 1; i <= 3; ++i)
    for (const json& e : p.trace("s" + std::to_string(i)))
      if (e["kind"] == "workflow") spans.emplace_back(e["startMs"], e["endMs"]);
  std::sort(spans.begin(), spans.end());
  ASSERT_EQ(spans.size(), 3u);
  for (size_t i = 1; i < spans.size(); ++i) EXPECT_GE(spans[i].first + 5, spans[i - 1].second);
  // With --no-wait a full group leaves the run queued for the worker.
  ASSERT_EQ(p.sql("SELECT count(*) FROM locus_runs WHERE status = 'running'"), "0");
}

TEST(RuntimeCli, SignalWakesAWaitingRun) {
  RuntimeProject p;
  p.write("ship.locus", R"(workflow Ship {
  steps {
    const got = wait_for shipped { signal: "shipped", timeout: 1h }
    return got.payload
  }
})");
  EXPECT_EQ(p.locus("run Ship --run-id sh").exitCode, 3);
  EXPECT_EQ(p.locus("signal sh shipped --data '{\"carrier\":\"ups\"}'").exitCode, 0);
  ProcessResult r = p.locus("resume sh");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(json::parse(r.out), json({{"carrier", "ups"}}));
}

TEST(RuntimeCli, RunsListsRunsAsJsonLines) {
  RuntimeProject p;
  ASSERT_EQ(p.locus("run Loops --input '{\"items\":[]}' --run-id x1").exitCode, 0);
  ProcessResult r = p.locus("runs --json");
  ASSERT_EQ(r.exitCode, 0);
  json line = json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(line["run"], "x1");
  EXPECT_EQ(line["status"], "completed");
}

} // namespace
} // namespace locus::test
