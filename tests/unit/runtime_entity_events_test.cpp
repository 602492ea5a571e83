// Entity triggers in the engine: a server action's create/update/delete writes an event to the
// outbox in its own transaction only when some workflow listens, the worker's delivery maps the
// topic to the listening workflows and their declared inputs; seed files are applied idempotently;
// a migration's checksum ignores its self-record section.
#include "compiler/base/migration_record.h"
#include "runtime/engine/entity_events.h"
#include "runtime/engine/seed_data.h"
#include "runtime_test_util.h"

namespace locus::test {
namespace {

constexpr const char* kSource = R"(
action open(owner: String): Integer {
  const a = create(Account, { owner: owner, balanceCents: 0 })
  update(Account, a.id, { balanceCents: 5 })
  return a.id
}
workflow Open {
  input { owner: String }
  steps { db_tx { const id = run open(owner) } }
}
workflow Welcome {
  trigger { on:create(Account) }
  input { id: Integer, owner: String }
  steps { run double(1) }
}
workflow Audit {
  trigger { on:update(Account) }
  input { record: Json, previous: Json }
  steps { run double(1) }
}
)";

TEST(EntityEvents, TopicsSubscribersAndInputs) {
  RuntimeHarness h(kSource);
  EXPECT_TRUE(rt::listensTo(*h.program, "create", "Account"));
  EXPECT_FALSE(rt::listensTo(*h.program, "delete", "Account"));
  EXPECT_FALSE(rt::listensTo(*h.program, "create", "Ledger"));
  EXPECT_EQ(rt::subscribersOf(*h.program, "create:Account"), std::vector<std::string>{"Welcome"});
  EXPECT_EQ(rt::subscribersOf(*h.program, "update:Account"), std::vector<std::string>{"Audit"});
  EXPECT_TRUE(rt::subscribersOf(*h.program, "delete:Account").empty());
  rt::Json row = {{"id", 7}, {"owner", "ana"}, {"balanceCents", 0}};
  rt::Json payload = rt::entityEventPayload("create", "Account", 7, row, nullptr);
  EXPECT_EQ(rt::inputFromMessage(*h.program->workflow("Welcome"), "create:Account", payload),
            (rt::Json{{"id", 7}, {"owner", "ana"}}));
}

TEST(EntityEvents, AServerActionWritesItsEventsInItsTransaction) {
  RuntimeHarness h(kSource);
  rt::RunOutcome o = h.run("Open", {{"owner", "ana"}});
  ASSERT_EQ(o.status, "completed") << o.error.dump();
  std::vector<rt::QueueMessage> created = h.store->messages("create:Account");
  std::vector<rt::QueueMessage> updated = h.store->messages("update:Account");
  ASSERT_EQ(created.size(), 1u);
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(created[0].payload["owner"], "ana");
  EXPECT_EQ(updated[0].payload["previous"]["balanceCents"], 0);
  EXPECT_EQ(updated[0].payload["record"]["balanceCents"], 5);
  EXPECT_TRUE(h.store->messages("create:Ledger").empty()); // nobody listens: no event
}

TEST(SeedData, AppliesOnceAndReportsBadRowsWithoutApplyingTheFile) {
  RuntimeHarness h("");
  size_t fixtureAccounts = h.rows("Account").size(); // the bank fixture's own seed migration
  std::string seed = h.dir + "/seed";
  std::filesystem::create_directories(seed);
  std::ofstream(seed + "/01.json")
      << R"({"Account": [{"id": 5, "owner": "ana", "balanceCents": 10}, {"owner": "bo", "balanceCents": 0}]})";
  rt::SeedReport first = rt::applySeedFiles(*h.store, *h.program, seed);
  ASSERT_TRUE(first.errors.empty()) << first.errors[0];
  EXPECT_EQ(first.inserted, 2u);
  rt::SeedReport again = rt::applySeedFiles(*h.store, *h.program, seed);
  EXPECT_EQ(again.inserted, 0u);
  EXPECT_EQ(again.present, 2u);
  EXPECT_EQ(h.rows("Account").size(), fixtureAccounts + 2);
  std::ofstream(seed + "/02.json")
      << R"({"Ledger": [{"note": "x", "amountCents": 1}], "Nope": []})";
  rt::SeedReport bad = rt::applySeedFiles(*h.store, *h.program, seed);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_NE(bad.errors[0].find("02.json: no entity `Nope`"), std::string::npos) << bad.errors[0];
  EXPECT_TRUE(h.rows("Ledger").empty()); // the file's transaction was not committed
}

TEST(MigrationRecord, TheChecksumSkipsTheRecordSection) {
  std::string body = "BEGIN;\nCREATE TABLE t (id INT);\n";
  std::string withRecord =
      body + pgMigrationRecordSection("0001_init.sql", migrationChecksum(body + "COMMIT;\n")) +
      "COMMIT;\n";
  EXPECT_EQ(migrationChecksum(withRecord), migrationChecksum(body + "COMMIT;\n"));
  EXPECT_NE(migrationChecksum(withRecord), migrationChecksum(body + "COMMIT; "));
}

} // namespace
} // namespace locus::test
