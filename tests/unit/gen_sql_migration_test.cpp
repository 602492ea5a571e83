// The sql generator's migrations: earlier migrations re-emitted unchanged, the next number per
// schema change, ALTER statements per dialect (SQLite's table rebuild), no migration without a
// change, and E0802 for changes that need a manual step.
#include "compiler/base/migration_record.h"
#include "gen_test_util.h"
#include "generators/sql/sql_generator.h"

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

const char* kV1 = R"(
database {
  entity Customer {
    name: String
    orders: has_many Order
  }
  entity Order {
    customer: belongs_to Customer
    customerId: Integer
    totalCents: Integer
  }
}
)";

GeneratedFiles buildFiles(const std::string& src, const GeneratedFiles& previous = {}) {
  GeneratorOutput out = runGenerator(sqlGenerator(), irOf(src), nlohmann::json::object(), previous);
  for (const GeneratorMessage& m : out.messages) ADD_FAILURE() << m.message;
  return out.files;
}

std::vector<std::string> migrationsOf(const GeneratedFiles& files, const std::string& dialect) {
  std::vector<std::string> out;
  std::string prefix = "db/" + dialect + "/migrations/";
  for (const auto& [path, text] : files)
    if (path.rfind(prefix, 0) == 0) out.push_back(path.substr(prefix.size()));
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(GenSqlMigration, NoChangeNoNewMigration) {
  GeneratedFiles v1 = buildFiles(kV1);
  GeneratedFiles again = buildFiles(kV1, v1);
  EXPECT_EQ(again, v1);
}

TEST(GenSqlMigration, AddedOptionalFieldAndTable) {
  GeneratedFiles v1 = buildFiles(kV1);
  std::string v2src = std::string(kV1).replace(std::string(kV1).rfind('}'), 1, R"(
  entity Coupon { code: String @unique  percent: Integer @min(1) @max(100) }
}
)");
  size_t at = v2src.find("totalCents: Integer");
  v2src.insert(at, "note: Text?\n    status: String @default(\"new\")\n    ");
  GeneratedFiles v2 = buildFiles(v2src, v1);
  for (const char* d : {"sqlite", "postgres"}) {
    EXPECT_EQ(
        migrationsOf(v2, d),
        (std::vector<std::string>{"0001_init.sql", "0002_create_coupons_and_alter_orders.sql"}));
    std::string path = std::string("db/") + d + "/migrations/0001_init.sql";
    EXPECT_EQ(v2.at(path), v1.at(path)) << "earlier migrations are re-emitted unchanged";
  }
  std::string pg = v2.at("db/postgres/migrations/0002_create_coupons_and_alter_orders.sql");
  EXPECT_TRUE(contains(pg, "CREATE TABLE \"coupons\"")) << pg;
  EXPECT_TRUE(contains(pg, "ALTER TABLE \"orders\" ADD COLUMN \"note\" TEXT;"));
  EXPECT_TRUE(
      contains(pg, "ALTER TABLE \"orders\" ADD COLUMN \"status\" TEXT NOT NULL DEFAULT 'new';"));
  EXPECT_TRUE(contains(pg, "CREATE UNIQUE INDEX \"coupons_code_key\""));
  EXPECT_TRUE(contains(pg, "BEGIN;\n\nCREATE TABLE") && contains(pg, "-- locus:record end\nCOMMIT;\n"))
      << pg;
  // The PostgreSQL migration records itself (psql users and the runtime share one record),
  // with the checksum of its text without that record section.
  size_t record = pg.find("-- locus:record begin\n");
  ASSERT_NE(record, std::string::npos);
  EXPECT_TRUE(contains(pg, "INSERT INTO locus_migrations VALUES "
                           "('0002_create_coupons_and_alter_orders.sql', '" +
                               migrationChecksum(pg) + "'"))
      << pg;
  EXPECT_EQ(migrationChecksum(pg),
            migrationChecksum(pg.substr(0, record) +
                              pg.substr(pg.find("-- locus:record end\n") + 20)));
  std::string lite = v2.at("db/sqlite/migrations/0002_create_coupons_and_alter_orders.sql");
  EXPECT_TRUE(contains(lite, "ALTER TABLE \"orders\" ADD COLUMN \"note\" TEXT;")) << lite;
  EXPECT_FALSE(contains(lite, "PRAGMA foreign_keys = OFF")); // nothing rebuilt
  // a third build on top of v2 with no change adds nothing
  EXPECT_EQ(buildFiles(v2src, v2), v2);
}

TEST(GenSqlMigration, SqliteRebuildsForNewForeignKeyPostgresAlters) {
  GeneratedFiles v1 = buildFiles(kV1);
  std::string v2src = std::string(kV1).replace(std::string(kV1).rfind('}'), 1, R"(
  entity Shipment { label: String }
}
)");
  size_t at = v2src.find("totalCents: Integer");
  v2src.insert(at, "shipment: belongs_to Shipment\n    shipmentId: Integer?\n    ");
  GeneratedFiles v2 = buildFiles(v2src, v1);
  std::string pg = v2.at("db/postgres/migrations/0002_create_shipments_and_alter_orders.sql");
  EXPECT_TRUE(contains(pg, "ALTER TABLE \"orders\" ADD COLUMN \"shipment_id\" INTEGER;")) << pg;
  EXPECT_TRUE(contains(
      pg, "ALTER TABLE \"orders\" ADD CONSTRAINT \"orders_shipment_id_fkey\" FOREIGN KEY"));
  EXPECT_TRUE(contains(pg, "CREATE INDEX \"orders_shipment_id_idx\""));
  std::string lite = v2.at("db/sqlite/migrations/0002_create_shipments_and_alter_orders.sql");
  EXPECT_TRUE(contains(lite, "PRAGMA foreign_keys = OFF;\nBEGIN;")) << lite;
  EXPECT_TRUE(contains(lite, "CREATE TABLE \"orders__new\""));
  EXPECT_TRUE(contains(lite,
                       "INSERT INTO \"orders__new\" (\"id\", \"customer_id\", \"total_cents\") "
                       "SELECT \"id\", \"customer_id\", \"total_cents\" FROM \"orders\";"));
  EXPECT_TRUE(contains(lite, "ALTER TABLE \"orders__new\" RENAME TO \"orders\";"));
  EXPECT_TRUE(contains(lite, "COMMIT;\nPRAGMA foreign_keys = ON;"));
}

TEST(GenSqlMigration, DroppedFieldAndEntity) {
  std::string withExtra = std::string(kV1).replace(std::string(kV1).rfind('}'), 1, R"(
  entity Legacy { code: String }
}
)");
  GeneratedFiles v1 = buildFiles(withExtra);
  std::string v2src = kV1;
  v2src.replace(v2src.find("    totalCents: Integer\n"), 24, "");
  GeneratedFiles v2 = buildFiles(v2src, v1);
  std::string pg = v2.at("db/postgres/migrations/0002_alter_orders_and_drop_legacies.sql");
  EXPECT_TRUE(contains(pg, "DROP TABLE \"legacies\";")) << pg;
  EXPECT_TRUE(contains(pg, "ALTER TABLE \"orders\" DROP COLUMN \"total_cents\";"));
  std::string lite = v2.at("db/sqlite/migrations/0002_alter_orders_and_drop_legacies.sql");
  EXPECT_TRUE(contains(lite, "DROP TABLE \"legacies\";")) << lite;
  EXPECT_TRUE(contains(lite, "CREATE TABLE \"orders__new\""));
}

TEST(GenSqlMigration, LoosenedNullabilityAndChangedDefault) {
  std::string v1src = kV1;
  v1src.replace(v1src.find("name: String"), 12, "name: String @default(\"a\")");
  GeneratedFiles v1 = buildFiles(v1src);
  std::string v2src = kV1;
  v2src.replace(v2src.find("name: String"), 12, "name: String?");
  GeneratedFiles v2 = buildFiles(v2src, v1);
  std::string pg = v2.at("db/postgres/migrations/0002_alter_customers.sql");
  EXPECT_TRUE(contains(pg, "ALTER TABLE \"customers\" ALTER COLUMN \"name\" DROP NOT NULL;")) << pg;
  EXPECT_TRUE(contains(pg, "ALTER TABLE \"customers\" ALTER COLUMN \"name\" DROP DEFAULT;"));
  EXPECT_TRUE(contains(v2.at("db/sqlite/migrations/0002_alter_customers.sql"), "customers__new"));
}

GeneratorOutput buildWithErrors(const std::string& src, const GeneratedFiles& previous) {
  return runGenerator(sqlGenerator(), irOf(src), nlohmann::json::object(), previous);
}

TEST(GenSqlMigration, TypeChangeIsE0802AtTheField) {
  GeneratedFiles v1 = buildFiles(kV1);
  std::string v2src = kV1;
  v2src.replace(v2src.find("totalCents: Integer"), 19, "totalCents: Decimal");
  GeneratorOutput out = buildWithErrors(v2src, v1);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::MigrationNeedsManualStep);
  EXPECT_TRUE(contains(out.messages[0].message, "`Order.totalCents` (column orders.total_cents) "
                                                "changed type from Integer to Decimal"))
      << out.messages[0].message;
  EXPECT_EQ(out.messages[0].span["line"], 10);
  EXPECT_EQ(migrationsOf(out.files, "postgres"), std::vector<std::string>{"0001_init.sql"});
}

TEST(GenSqlMigration, NewRequiredFieldWithoutDefaultIsE0802) {
  GeneratedFiles v1 = buildFiles(kV1);
  std::string v2src = kV1;
  v2src.insert(v2src.find("totalCents: Integer"), "currency: String\n    ");
  GeneratorOutput out = buildWithErrors(v2src, v1);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(contains(out.messages[0].message, "new required field `Order.currency`"));
  EXPECT_TRUE(contains(out.messages[0].message, "@default"));
  EXPECT_EQ(out.messages[0].span["line"], 10);
}

TEST(GenSqlMigration, RequiredAfterOptionalIsE0802) {
  std::string v1src = kV1;
  v1src.replace(v1src.find("name: String"), 12, "name: String?");
  GeneratedFiles v1 = buildFiles(v1src);
  GeneratorOutput out = buildWithErrors(kV1, v1);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(contains(out.messages[0].message, "became required")) << out.messages[0].message;
}

TEST(GenSqlMigration, MissingOrBrokenSnapshotIsReported) {
  GeneratedFiles v1 = buildFiles(kV1);
  GeneratedFiles noSnapshot = v1;
  noSnapshot.erase("db/schema.snapshot.json");
  GeneratorOutput out = buildWithErrors(kV1, noSnapshot);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(contains(out.messages[0].message, "is missing")) << out.messages[0].message;
  GeneratedFiles broken = v1;
  broken["db/schema.snapshot.json"] = "{not json";
  out = buildWithErrors(kV1, broken);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(contains(out.messages[0].message, "cannot be read"));
}

TEST(GenSqlMigration, NumbersContinueAfterTheHighestExisting) {
  GeneratedFiles v1 = buildFiles(kV1);
  v1["db/postgres/migrations/0007_manual_fix.sql"] = "-- by hand\n";
  std::string v2src = kV1;
  v2src.insert(v2src.find("totalCents: Integer"), "note: Text?\n    ");
  GeneratedFiles v2 = buildFiles(v2src, v1);
  EXPECT_EQ(v2.at("db/postgres/migrations/0007_manual_fix.sql"), "-- by hand\n");
  EXPECT_TRUE(v2.count("db/postgres/migrations/0008_alter_orders.sql"));
  EXPECT_TRUE(v2.count("db/sqlite/migrations/0008_alter_orders.sql"));
}

} // namespace
} // namespace locus
