// The SQLite store: leases across owners, concurrency slots, idempotent runs, checkpoint
// conflicts, the queue and signals.
#include "tests/unit/runtime_flow_store_cases.h"
#include "tests/unit/runtime_test_util.h"

#include <sqlite3.h>

namespace locus::test {
namespace {

using rt::Json;

rt::RunRecord record(const std::string& id, const std::string& group = "", int64_t limit = 0) {
  rt::RunRecord r;
  r.id = id;
  r.workflow = "W";
  r.programHash = "h";
  r.group = group;
  r.limit = limit;
  return r;
}

TEST(RuntimeStore, LeasesKeepOtherOwnersOutUntilTheyExpireOrTheOwnerDies) {
  RuntimeHarness h("");
  ASSERT_TRUE(h.store->createRun(record("r")));
  EXPECT_FALSE(h.store->createRun(record("r"))); // idempotent on the ID
  auto alive = [](const std::string&) { return false; };
  auto dead = [](const std::string&) { return true; };
  EXPECT_TRUE(h.store->claimRun("r", "a", 60000, alive, nullptr));
  EXPECT_FALSE(h.store->claimRun("r", "b", 60000, alive, nullptr));
  EXPECT_TRUE(h.store->claimRun("r", "b", 60000, dead, nullptr)); // a crashed on this machine
  EXPECT_FALSE(h.store->renewLease("r", "a", 60000));
  EXPECT_TRUE(h.store->renewLease("r", "b", 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(h.store->claimRun("r", "c", 60000, alive, nullptr)); // b's lease expired
  h.store->finishRun("r", "b", "completed", 1, nullptr, 0);        // not b's any more: ignored
  EXPECT_EQ(h.store->getRun("r")->status, "running");
  h.store->finishRun("r", "c", "completed", 1, nullptr, 0);
  EXPECT_EQ(h.store->getRun("r")->status, "completed");
  EXPECT_FALSE(h.store->claimRun("r", "d", 60000, dead, nullptr));
}

// A plugin's state commits with the transaction it was written in, or not at all.
TEST(RuntimeStore, PluginStateCommitsWithItsTransaction) {
  RuntimeHarness h("");
  {
    std::unique_ptr<rt::StoreTx> tx = h.store->begin();
    tx->writePluginState("p", {{"n", Json(1)}, {"gone", std::nullopt}});
    EXPECT_EQ(tx->pluginState("p").at("n").value, "1"); // visible inside it
  }                                                     // rolled back
  EXPECT_TRUE(h.store->pluginState("p").empty());
  std::unique_ptr<rt::StoreTx> tx = h.store->begin();
  tx->writePluginState("p", {{"n", Json(2)}, {"s", Json("x")}});
  tx->commit();
  rt::PluginStateRows rows = h.store->pluginState("p");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.at("s").value, "\"x\"");
  EXPECT_EQ(rows.at("n").checksum.size(), 64u);
  EXPECT_TRUE(h.store->pluginState("q").empty()) << "another plugin's namespace";
  std::unique_ptr<rt::StoreTx> del = h.store->begin();
  del->writePluginState("p", {{"n", std::nullopt}});
  del->commit();
  EXPECT_EQ(h.store->pluginState("p").count("n"), 0u);
}

TEST(RuntimeStore, ConcurrencyGroupAdmitsUpToItsLimit) {
  RuntimeHarness h("");
  for (const char* id : {"a", "b", "c"}) h.store->createRun(record(id, "g", 2));
  auto alive = [](const std::string&) { return false; };
  int64_t ahead = 0;
  EXPECT_TRUE(h.store->claimRun("a", "o", 60000, alive, &ahead));
  EXPECT_TRUE(h.store->claimRun("b", "o", 60000, alive, &ahead));
  EXPECT_FALSE(h.store->claimRun("c", "o", 60000, alive, &ahead));
  EXPECT_EQ(ahead, 1);
  EXPECT_EQ(h.store->getRun("c")->status, "queued");
  h.store->finishRun("a", "o", "completed", nullptr, nullptr, 0);
  EXPECT_TRUE(h.store->claimRun("c", "o", 60000, alive, &ahead));
}

TEST(RuntimeStore, QueuedRunsOfAGroupStartInTheOrderTheyWereQueued) {
  RuntimeHarness h("");
  // IDs in reverse alphabetical order, so neither the ID nor chance can explain the order.
  std::vector<std::string> ids = {"e", "d", "c", "b", "a"};
  for (const std::string& id : ids) h.store->createRun(record(id, "g", 1));
  auto alive = [](const std::string&) { return false; };
  int64_t ahead = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    // Every younger run is refused even though the group has a free slot.
    for (size_t j = i + 1; j < ids.size(); ++j) {
      EXPECT_FALSE(h.store->claimRun(ids[j], "o", 60000, alive, &ahead)) << ids[j];
      EXPECT_EQ(ahead, static_cast<int64_t>(j - i)) << ids[j];
    }
    ASSERT_TRUE(h.store->claimRun(ids[i], "o", 60000, alive, &ahead)) << ids[i];
    if (i + 1 < ids.size()) {
      EXPECT_FALSE(h.store->claimRun(ids[i + 1], "o", 60000, alive, &ahead));
      EXPECT_EQ(ahead, 1); // only the full slot
    }
    h.store->finishRun(ids[i], "o", "completed", nullptr, nullptr, 0);
  }
}

TEST(RuntimeStore, AWaitingRunThatWakesNeedsOnlyAFreeSlot) {
  RuntimeHarness h("");
  auto alive = [](const std::string&) { return false; };
  h.store->createRun(record("w", "g", 1));
  ASSERT_TRUE(h.store->claimRun("w", "o", 60000, alive, nullptr));
  h.store->finishRun("w", "o", "waiting", nullptr, nullptr, 1);
  h.store->createRun(record("q", "g", 1)); // queued after w went to sleep
  EXPECT_TRUE(h.store->claimRun("w", "o", 60000, alive, nullptr));
  EXPECT_FALSE(h.store->claimRun("q", "o", 60000, alive, nullptr));
}

class RuntimeStoreFlow : public ::testing::TestWithParam<flow_cases::Case> {};

TEST_P(RuntimeStoreFlow, HoldsOnSqlite) {
  RuntimeHarness h("");
  GetParam().run(*h.store);
}

INSTANTIATE_TEST_SUITE_P(Cases, RuntimeStoreFlow, ::testing::ValuesIn(flow_cases::allCases()),
                         flow_cases::caseName);

// A state database made before flow control (store version 1): opening it adds the columns,
// keeps its runs and their order, and new runs get flow control.
TEST(RuntimeStore, DatabasesMadeBeforeFlowControlAreUpgradedInPlace) {
  char tmpl[] = "/tmp/locus-unit-old-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string path = dir + "/state.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const char* v1 = R"sql(
CREATE TABLE locus_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO locus_meta VALUES ('storeVersion', '1');
CREATE TABLE locus_runs (
  id TEXT PRIMARY KEY, workflow TEXT NOT NULL, program TEXT NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, grp TEXT NOT NULL DEFAULT '',
  lim INTEGER NOT NULL DEFAULT 0, lease_owner TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0, wake_at INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
INSERT INTO locus_runs (id, workflow, program, status, input, grp, lim, created_ms, updated_ms)
  VALUES ('old2', 'W', 'h', 'queued', '{}', 'g', 1, 2000, 2000),
         ('old1', 'W', 'h', 'queued', '{}', 'g', 1, 1000, 1000);
)sql";
  ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  {
    auto store = rt::openSqliteStore(path, {});
    std::optional<rt::RunRecord> old = store->getRun("old1");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->status, "queued");
    EXPECT_EQ(old->flow.priority, 0);
    int64_t ahead = 0;
    EXPECT_FALSE(store->claimRun("old2", "o", 60000, flow_cases::kAlive, &ahead));
    EXPECT_EQ(ahead, 1); // old1 was created first: its rank is its creation time
    EXPECT_TRUE(store->claimRun("old1", "o", 60000, flow_cases::kAlive, &ahead));
    flow_cases::rateLimitSkipsRunsOverTheLimitPerKey(*store);
  }
  auto reopened = rt::openSqliteStore(path, {}); // upgraded once: opening again changes nothing
  EXPECT_TRUE(reopened->getRun("old2"));
  std::filesystem::remove_all(dir);
}

TEST(RuntimeStore, ScheduleMarkAdvancesOnceAndNeverBackwards) {
  RuntimeHarness h("");
  EXPECT_FALSE(h.store->scheduleMark("W * * * * *").has_value());
  EXPECT_TRUE(h.store->advanceSchedule("W * * * * *", 120000, {record("cron-W-2")}));
  EXPECT_EQ(h.store->scheduleMark("W * * * * *"), 120000);
  EXPECT_TRUE(h.store->getRun("cron-W-2").has_value());
  // A second worker that computed the same minute changes nothing.
  EXPECT_FALSE(h.store->advanceSchedule("W * * * * *", 120000, {record("cron-W-2b")}));
  EXPECT_FALSE(h.store->getRun("cron-W-2b").has_value());
  EXPECT_FALSE(h.store->advanceSchedule("W * * * * *", 60000, {record("cron-W-1")}));
  EXPECT_EQ(h.store->scheduleMark("W * * * * *"), 120000);
  // A run that already exists is not created twice; the mark still moves on.
  EXPECT_TRUE(h.store->advanceSchedule("W * * * * *", 180000, {record("cron-W-2")}));
  EXPECT_EQ(h.store->scheduleMark("W * * * * *"), 180000);
  EXPECT_FALSE(h.store->scheduleMark("Other * * * * *").has_value());
}

TEST(RuntimeStore, PausesSchedulesOnceAndAJitteredRunKeepsItsDueTime) {
  RuntimeHarness h("");
  EXPECT_TRUE(h.store->pauseSchedules("W", {{"by", "ops"}}));
  EXPECT_FALSE(h.store->pauseSchedules("W", {{"by", "someone else"}}));
  EXPECT_EQ(h.store->pausedSchedules().at("W")["by"], "ops");
  EXPECT_TRUE(h.store->resumeSchedules("W"));
  EXPECT_FALSE(h.store->resumeSchedules("W"));
  rt::RunRecord r = record("cron-W-9");
  r.status = "waiting";
  r.wakeAtMs = rt::nowMs() + 60000;
  ASSERT_TRUE(h.store->createRun(r));
  EXPECT_EQ(h.store->getRun("cron-W-9")->wakeAtMs, r.wakeAtMs);
  EXPECT_TRUE(h.store->runnableRuns(rt::nowMs(), 10).empty()); // not due before its time
  EXPECT_EQ(h.store->runnableRuns(r.wakeAtMs, 10).size(), 1u);
}

TEST(RuntimeStore, SecondCheckpointOfAStepConflictsAndRollsItsWritesBack) {
  RuntimeHarness h("");
  const rt::EntityMeta& ledger = h.program->entities.at("Ledger");
  {
    auto tx = h.store->begin();
    tx->insertRow(ledger, {{"note", "first"}, {"amountCents", 1}});
    tx->putCheckpoint("r", "W/run#0", 1);
    tx->commit();
  }
  {
    auto tx = h.store->begin();
    tx->insertRow(ledger, {{"note", "second"}, {"amountCents", 1}});
    EXPECT_THROW(tx->putCheckpoint("r", "W/run#0", 2), rt::CheckpointConflict);
  }
  EXPECT_EQ(h.rows("Ledger").size(), 1u);
  EXPECT_EQ(*h.store->checkpoint("r", "W/run#0"), 1);
}

TEST(RuntimeStore, EntityQueriesMapFieldsToColumnsAndRejectUnknownFields) {
  RuntimeHarness h("");
  const rt::EntityMeta& account = h.program->entities.at("Account");
  auto tx = h.store->begin();
  Json rows = tx->findRows(
      account, {{"balanceCents", {{"gte", 10000}}}, {"owner", {{"in", {"bob", "carol"}}}}},
      {{"owner", "desc"}}, std::nullopt, std::nullopt);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["owner"], "carol");
  EXPECT_TRUE(rows[0].contains("balanceCents"));
  EXPECT_THROW(tx->findRows(account, {{"nope", 1}}, nullptr, std::nullopt, std::nullopt),
               std::invalid_argument);
  Json updated = tx->updateRow(account, 1, {{"balanceCents", 5}});
  EXPECT_EQ(updated["balanceCents"], 5);
  EXPECT_TRUE(tx->updateRow(account, 999, {{"balanceCents", 5}}).is_null());
  EXPECT_TRUE(tx->deleteRow(account, 3));
}

TEST(RuntimeStore, QueueDeliveryStartsRunsOnceAndSignalsWakeWaitingRuns) {
  RuntimeHarness h("");
  {
    auto tx = h.store->begin();
    tx->publish({0, "r/W/q#0", "topic", {{"a", 1}}, "", 0, 0, ""});
    tx->commit();
  }
  std::vector<rt::QueueMessage> pending = h.store->pendingMessages(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_TRUE(h.store->deliverMessage(pending[0].seq, {record("m1-W")}));
  EXPECT_FALSE(h.store->deliverMessage(pending[0].seq, {record("m1-W")}));
  EXPECT_TRUE(h.store->pendingMessages(10).empty());
  EXPECT_TRUE(h.store->getRun("m1-W"));
  h.store->createRun(record("w"));
  ASSERT_TRUE(h.store->claimRun("w", "o", 60000, nullptr, nullptr));
  h.store->finishRun("w", "o", "waiting", nullptr, nullptr, 0);
  EXPECT_TRUE(h.store->runnableRuns(rt::nowMs(), 10).size() == 1u); // only m1-W (queued)
  EXPECT_TRUE(h.store->sendSignal("w", "go", {{"x", 1}}));
  EXPECT_FALSE(h.store->sendSignal("w", "go", {{"x", 2}}));
  EXPECT_EQ(h.store->signal("w", "go")->at("x"), 1);
  EXPECT_EQ(h.store->runnableRuns(rt::nowMs() + 1, 10).size(), 2u);
}

} // namespace
} // namespace locus::test
