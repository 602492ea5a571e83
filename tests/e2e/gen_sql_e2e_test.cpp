// End-to-end: the sql generator's output applied to real databases. The IR comes from the real
// `locusc ir`; the generated files are written to a temp dir and applied with the sqlite3 CLI
// and with psql to a PostgreSQL server the test starts on loopback (tests/support/pg_temp.sh).
//  - schema.sql and the initial migration apply cleanly and give the same catalog;
//  - a second build (previous = the first build's files) adds one migration that applies on top
//    of the first schema, keeps the rows, and gives the same catalog as the new schema.sql;
//  - every peer-corpus file the peer validates and locusc accepts gives SQL that applies.
#include "generators/sql/sql_generator.h"
#include "generators/templates/template_set.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;
using test::ProcessResult;
using test::runProcess;

const std::string kSource = LOCUS_SOURCE_DIR;
const std::string kFixtures = kSource + "/tests/e2e/gen_sql_fixtures";

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

locus::OrderedJson irOf(const std::string& path) {
  ProcessResult r = runProcess(std::string(LOCUSC_PATH) + " ir " + shellQuote(path));
  EXPECT_EQ(r.exitCode, 0) << path << "\n" << r.err;
  if (r.exitCode != 0) return nullptr;
  return locus::OrderedJson::parse(r.out);
}

GeneratedFiles generate(const locus::OrderedJson& ir, const GeneratedFiles& previous = {}) {
  Generator gen = sqlGenerator();
  TemplateSet templates(gen.name, "");
  nlohmann::json options = nlohmann::json::object();
  GeneratedFiles upstream;
  GeneratorOutput out = gen.run(GeneratorInput{ir, options, templates, previous, upstream});
  for (const GeneratorMessage& m : out.messages)
    if (m.kind != DiagKind::GeneratorUnsupported) ADD_FAILURE() << m.message;
  return out.files;
}

class TempDir {
public:
  TempDir() {
    char tmpl[] = "/tmp/locus-sql-e2e-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    if (std::getenv("LOCUS_KEEP_TEST_FILES"))
      std::cerr << "kept " << path_ << "\n";
    else
      fs::remove_all(path_);
  }
  std::string write(const std::string& name, const std::string& text) const {
    fs::path p = fs::path(path_) / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path(const std::string& name) const { return (fs::path(path_) / name).string(); }

private:
  std::string path_;
};

// --- SQLite ----------------------------------------------------------------------------------

const char* kSqliteCatalog = R"(
SELECT 'col', m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk
  FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 2, 3;
SELECT 'fk', m.name, f."from", f."table", f."to", f.on_delete
  FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 2, 3;
SELECT 'idx', m.name, i.name, i."unique", ii.seqno, ii.name
  FROM sqlite_master m JOIN pragma_index_list(m.name) i JOIN pragma_index_info(i.name) ii
  WHERE m.type = 'table' AND i.origin = 'c' ORDER BY 2, 3, 5;
SELECT 'table', name FROM sqlite_master WHERE type = 'table' ORDER BY 2;
)";

// Applies `sqlFile` to the database file `db`; the error output is returned in `err`.
// (runProcess redirects stdin from /dev/null after the command, so the file is fed inside sh.)
std::string sqliteCommand(const std::string& db, const std::string& sqlFile) {
  return "sh -c 'exec sqlite3 -bail -batch \"$0\" < \"$1\"' " + shellQuote(db) + " " +
         shellQuote(sqlFile);
}

bool sqliteApply(const std::string& db, const std::string& sqlFile, std::string& err) {
  ProcessResult r = runProcess(sqliteCommand(db, sqlFile));
  err = r.err + r.out;
  return r.exitCode == 0 && r.err.empty();
}

std::string sqliteQuery(const std::string& db, const std::string& sql, const TempDir& dir) {
  std::string file = dir.write("query.sql", sql);
  ProcessResult r = runProcess(sqliteCommand(db, file));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return r.out;
}

// --- PostgreSQL --------------------------------------------------------------------------------

class Postgres {
public:
  bool start() {
    ProcessResult r = runProcess(kSource + "/tests/support/pg_temp.sh start --owner " +
                                 std::to_string(::getpid()) + " --lifetime 1800");
    if (r.exitCode != 0) {
      error_ = r.err;
      return false;
    }
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
      size_t eq = line.find('=');
      if (eq != std::string::npos) vars_[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return true;
  }
  void stop() {
    if (vars_.count("PG_TEMP_DIR"))
      runProcess(kSource + "/tests/support/pg_temp.sh stop " + shellQuote(vars_["PG_TEMP_DIR"]));
  }
  const std::string& error() const { return error_; }

  std::string url(const std::string& db) const {
    return "postgresql://locus@127.0.0.1:" + vars_.at("PGPORT") + "/" + db;
  }
  // Warnings and errors reach stderr (apply() refuses any); the NOTICEs of idempotent DDL (the
  // runtime tables' CREATE … IF NOT EXISTS in every migration) do not.
  ProcessResult psql(const std::string& db, const std::string& args) const {
    return runProcess("PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "
                      "-At " +
                      shellQuote(url(db)) + " " + args);
  }
  // A fresh, empty database.
  void recreate(const std::string& db) const {
    ProcessResult r = psql("postgres", "-c " + shellQuote("DROP DATABASE IF EXISTS " + db) +
                                           " -c " + shellQuote("CREATE DATABASE " + db));
    ASSERT_EQ(r.exitCode, 0) << r.err;
  }
  bool apply(const std::string& db, const std::string& file, std::string& err) const {
    ProcessResult r = psql(db, "-f " + shellQuote(file));
    err = r.err;
    return r.exitCode == 0 && r.err.empty();
  }
  std::string query(const std::string& db, const std::string& sql) const {
    ProcessResult r = psql(db, "-c " + shellQuote(sql));
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.out;
  }
  // The app's tables; the runtime's own (locus_queue, locus_migrations: the outbox and the
  // migration record the migrations also create) are not part of schema.sql.
  std::string catalog(const std::string& db) const {
    return query(db, "SELECT table_name, column_name, data_type, udt_name, is_nullable, "
                     "column_default, is_identity FROM information_schema.columns WHERE "
                     "table_schema = 'public' AND table_name NOT LIKE 'locus\\_%' ORDER BY 1, 2") +
           query(db,
                 "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
                 "FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND "
                 "conrelid::regclass::text NOT LIKE 'locus\\_%' ORDER BY 1, 2") +
           query(db, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = "
                     "'public' AND tablename NOT LIKE 'locus\\_%' ORDER BY 1, 2");
  }

private:
  std::map<std::string, std::string> vars_;
  std::string error_;
};

class GenSqlE2E : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    pg_ = new Postgres;
    if (!pg_->start()) FAIL() << "could not start PostgreSQL: " << pg_->error();
  }
  static void TearDownTestSuite() {
    pg_->stop();
    delete pg_;
  }
  static Postgres* pg_;
};
Postgres* GenSqlE2E::pg_ = nullptr;

// schema.sql and 0001_init.sql of `files` give the same database in both dialects.
void expectInitMatchesSchema(const GeneratedFiles& files, const Postgres& pg, const TempDir& dir) {
  std::string err;
  for (const char* name : {"schema", "init"}) {
    std::string file = dir.write(
        std::string("sqlite_") + name + ".sql",
        files.at(std::string("db/sqlite/") +
                 (name == std::string("schema") ? "schema.sql" : "migrations/0001_init.sql")));
    EXPECT_TRUE(sqliteApply(dir.path(std::string(name) + ".db"), file, err)) << name << ": " << err;
    pg.recreate(name);
    std::string pgFile = dir.write(
        std::string("pg_") + name + ".sql",
        files.at(std::string("db/postgres/") +
                 (name == std::string("schema") ? "schema.sql" : "migrations/0001_init.sql")));
    EXPECT_TRUE(pg.apply(name, pgFile, err)) << name << ": " << err;
  }
  std::string catalog = sqliteQuery(dir.path("schema.db"), kSqliteCatalog, dir);
  EXPECT_NE(catalog.find("table|"), std::string::npos) << "no tables: " << catalog;
  EXPECT_EQ(catalog, sqliteQuery(dir.path("init.db"), kSqliteCatalog, dir));
  std::string pgCatalog = pg.catalog("schema");
  EXPECT_NE(pgCatalog.find("PRIMARY KEY"), std::string::npos) << "no tables: " << pgCatalog;
  EXPECT_EQ(pgCatalog, pg.catalog("init"));
}

TEST_F(GenSqlE2E, ShopSchemaAndInitialMigrationApply) {
  GeneratedFiles files = generate(irOf(kSource + "/examples/shop"));
  ASSERT_TRUE(files.count("db/postgres/migrations/0001_init.sql"));
  TempDir dir;
  expectInitMatchesSchema(files, *pg_, dir);
  std::string tables = pg_->query("schema", "SELECT string_agg(tablename, ',' ORDER BY tablename) "
                                            "FROM pg_tables WHERE schemaname = 'public'");
  EXPECT_EQ(tables, "accounts,customers,orders,products\n");
  EXPECT_EQ(sqliteQuery(dir.path("schema.db"),
                        "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE "
                        "type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name);",
                        dir),
            "accounts,customers,orders,products\n");
}

const char* kSeedSqlite = R"(
PRAGMA foreign_keys = ON;
INSERT INTO customers (name, email, nick, tags) VALUES ('Ann', 'ann@example.com', 'an', '[]');
INSERT INTO orders (customer_id, total_cents) VALUES (1, 500);
INSERT INTO accounts (owner_id) VALUES (1);
INSERT INTO persons (name) VALUES ('Bo');
INSERT INTO teams (name, lead_id) VALUES ('Core', 1);
UPDATE persons SET team_id = 1;
INSERT INTO posts (title) VALUES ('Hello');
INSERT INTO tags (label) VALUES ('news');
INSERT INTO posts_tags (post_id, tag_id) VALUES (1, 1);
INSERT INTO legacies (code) VALUES ('x');
)";

const char* kSeedPostgres = R"(
INSERT INTO customers (name, email, nick, tags) VALUES ('Ann', 'ann@example.com', 'an', '{}');
INSERT INTO orders (customer_id, total_cents) VALUES (1, 500);
INSERT INTO accounts (owner_id) VALUES (1);
INSERT INTO persons (name) VALUES ('Bo');
INSERT INTO teams (name, lead_id) VALUES ('Core', 1);
UPDATE persons SET team_id = 1;
INSERT INTO posts (title) VALUES ('Hello');
INSERT INTO tags (label) VALUES ('news');
INSERT INTO posts_tags (post_id, tag_id) VALUES (1, 1);
INSERT INTO legacies (code) VALUES ('x');
)";

const char* kRowsAfter =
    "SELECT (SELECT count(*) FROM customers) || ',' || (SELECT count(*) FROM orders) || ',' || "
    "(SELECT count(*) FROM posts_tags) || ',' || (SELECT tier || '/' || country FROM customers) "
    "|| ',' || (SELECT count(*) FROM teams WHERE lead_id = 1);";

TEST_F(GenSqlE2E, SecondBuildMigrationAppliesOnTopOfTheFirst) {
  GeneratedFiles v1 = generate(irOf(kFixtures + "/evolve_v1"));
  GeneratedFiles v2 = generate(irOf(kFixtures + "/evolve_v2"), v1);
  TempDir dir;
  expectInitMatchesSchema(v1, *pg_, dir);

  std::vector<std::string> added;
  for (const auto& [path, text] : v2)
    if (!v1.count(path) && path.find("/migrations/") != std::string::npos) added.push_back(path);
  ASSERT_EQ(added.size(), 2u) << "one new migration per dialect";
  std::string liteMigration = added[1].find("/sqlite/") != std::string::npos ? added[1] : added[0];
  std::string pgMigration = added[1].find("/postgres/") != std::string::npos ? added[1] : added[0];
  EXPECT_NE(liteMigration.find("/0002_"), std::string::npos) << liteMigration;

  // SQLite: v1 + rows, then only the new migration == v2's schema.sql
  std::string err;
  std::string migrated = dir.path("migrated.db"), fresh = dir.path("fresh.db");
  ASSERT_TRUE(
      sqliteApply(migrated, dir.write("l1.sql", v1.at("db/sqlite/migrations/0001_init.sql")), err))
      << err;
  ASSERT_TRUE(sqliteApply(migrated, dir.write("seed_l.sql", kSeedSqlite), err)) << err;
  ASSERT_TRUE(sqliteApply(migrated, dir.write("l2.sql", v2.at(liteMigration)), err))
      << err << v2.at(liteMigration);
  ASSERT_TRUE(sqliteApply(fresh, dir.write("l_schema.sql", v2.at("db/sqlite/schema.sql")), err))
      << err;
  EXPECT_EQ(sqliteQuery(migrated, kSqliteCatalog, dir), sqliteQuery(fresh, kSqliteCatalog, dir));
  EXPECT_EQ(sqliteQuery(migrated, kRowsAfter, dir), "1,1,1,standard/NL,1\n")
      << sqliteQuery(migrated, "SELECT * FROM customers; SELECT * FROM teams;", dir);
  EXPECT_EQ(sqliteQuery(migrated, "PRAGMA foreign_key_check;", dir), "");

  // PostgreSQL: the same
  pg_->recreate("migrated");
  pg_->recreate("fresh");
  ASSERT_TRUE(pg_->apply("migrated",
                         dir.write("p1.sql", v1.at("db/postgres/migrations/0001_init.sql")), err))
      << err;
  ASSERT_TRUE(pg_->apply("migrated", dir.write("seed_p.sql", kSeedPostgres), err)) << err;
  ASSERT_TRUE(pg_->apply("migrated", dir.write("p2.sql", v2.at(pgMigration)), err))
      << err << v2.at(pgMigration);
  ASSERT_TRUE(pg_->apply("fresh", dir.write("p_schema.sql", v2.at("db/postgres/schema.sql")), err))
      << err;
  EXPECT_EQ(pg_->catalog("migrated"), pg_->catalog("fresh"));
  EXPECT_EQ(pg_->query("migrated", kRowsAfter), "1,1,1,standard/NL,1\n");

  // a third build without changes adds nothing
  EXPECT_EQ(generate(irOf(kFixtures + "/evolve_v2"), v2), v2);
}

// Enum columns: the CHECK of the values applies on both databases, rejects any other value, and
// a value added in the next version is a migration (the CHECK replaced) that applies on top of
// rows written under the first one and matches a fresh schema.
TEST_F(GenSqlE2E, EnumChecksRejectOtherValuesAndMigrate) {
  GeneratedFiles v1 = generate(irOf(kFixtures + "/enum_v1"));
  GeneratedFiles v2 = generate(irOf(kFixtures + "/enum_v2"), v1);
  TempDir dir;
  expectInitMatchesSchema(v1, *pg_, dir);
  std::string lite2, pg2;
  for (const auto& [path, text] : v2)
    if (!v1.count(path) && path.find("/migrations/") != std::string::npos)
      (path.find("/sqlite/") != std::string::npos ? lite2 : pg2) = path;
  ASSERT_FALSE(lite2.empty() || pg2.empty()) << "one new migration per dialect";
  const std::string good = "INSERT INTO tasks (title, status, tags) VALUES ('a', 'done', '[]');";
  const std::string bad = "INSERT INTO tasks (title, status, tags) VALUES ('b', 'doing', '[]');";
  const std::string pgGood = "INSERT INTO tasks (title, status, tags) VALUES ('a', 'done', '{}');";
  const std::string pgBad = "INSERT INTO tasks (title, status, tags) VALUES ('b', 'doing', '{}');";

  std::string err;
  std::string lite = dir.path("enum.db");
  ASSERT_TRUE(
      sqliteApply(lite, dir.write("e1.sql", v1.at("db/sqlite/migrations/0001_init.sql")), err))
      << err;
  ASSERT_TRUE(sqliteApply(lite, dir.write("good.sql", good), err)) << err;
  EXPECT_FALSE(sqliteApply(lite, dir.write("bad.sql", bad), err)) << "'doing' is not in v1";
  EXPECT_NE(err.find("CHECK"), std::string::npos) << err;
  ASSERT_TRUE(sqliteApply(lite, dir.write("e2.sql", v2.at(lite2)), err)) << err << v2.at(lite2);
  EXPECT_TRUE(sqliteApply(lite, dir.write("bad2.sql", bad), err)) << err;
  std::string fresh = dir.path("enum_fresh.db");
  ASSERT_TRUE(sqliteApply(fresh, dir.write("e_schema.sql", v2.at("db/sqlite/schema.sql")), err));
  EXPECT_EQ(sqliteQuery(lite, kSqliteCatalog, dir), sqliteQuery(fresh, kSqliteCatalog, dir));

  pg_->recreate("enum_migrated");
  pg_->recreate("enum_fresh");
  ASSERT_TRUE(pg_->apply("enum_migrated",
                         dir.write("p1.sql", v1.at("db/postgres/migrations/0001_init.sql")), err))
      << err;
  ASSERT_TRUE(pg_->apply("enum_migrated", dir.write("pgood.sql", pgGood), err)) << err;
  EXPECT_FALSE(pg_->apply("enum_migrated", dir.write("pbad.sql", pgBad), err));
  EXPECT_NE(err.find("tasks_status_enum"), std::string::npos) << err;
  ASSERT_TRUE(pg_->apply("enum_migrated", dir.write("p2.sql", v2.at(pg2)), err))
      << err << v2.at(pg2);
  EXPECT_TRUE(pg_->apply("enum_migrated", dir.write("pbad2.sql", pgBad), err)) << err;
  ASSERT_TRUE(
      pg_->apply("enum_fresh", dir.write("pe_schema.sql", v2.at("db/postgres/schema.sql")), err))
      << err;
  EXPECT_EQ(pg_->catalog("enum_migrated"), pg_->catalog("enum_fresh"));
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The real `locusc build` twice on one output folder: the second build (after the program
// changed) keeps 0001 byte for byte and adds 0002, which applies on top of 0001 in both
// databases; an unsafe change fails with E0802 at the field and leaves the output as it was.
TEST_F(GenSqlE2E, LocuscBuildAddsMigrationOnRebuild) {
  TempDir dir;
  std::string project = dir.path("app"), out = dir.path("out");
  fs::create_directories(project);
  auto build = [&](const std::string& fixture) {
    fs::copy_file(kFixtures + "/" + fixture + "/app.locus", project + "/app.locus",
                  fs::copy_options::overwrite_existing);
    return runProcess(std::string(LOCUSC_PATH) + " build " + shellQuote(project) + " -o " +
                      shellQuote(out) + " --generators sql,prisma -q");
  };
  ProcessResult r1 = build("evolve_v1");
  ASSERT_EQ(r1.exitCode, 0) << r1.err;
  std::string init = readFile(out + "/db/postgres/migrations/0001_init.sql");
  ASSERT_FALSE(init.empty());
  EXPECT_TRUE(fs::exists(out + "/prisma/schema.prisma"));
  EXPECT_NE(readFile(out + "/BUILD_MANIFEST.json").find("db/schema.snapshot.json"),
            std::string::npos);

  ProcessResult r2 = build("evolve_v2");
  ASSERT_EQ(r2.exitCode, 0) << r2.err;
  EXPECT_EQ(readFile(out + "/db/postgres/migrations/0001_init.sql"), init);
  std::vector<std::string> second;
  for (const auto& e : fs::directory_iterator(out + "/db/postgres/migrations"))
    second.push_back(e.path().filename().string());
  std::sort(second.begin(), second.end());
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[1].rfind("0002_", 0), 0u) << second[1];

  std::string err;
  std::string migrated = dir.path("migrated.db");
  for (const std::string& m : {std::string("0001_init.sql"), second[1]})
    EXPECT_TRUE(sqliteApply(migrated, out + "/db/sqlite/migrations/" + m, err)) << m << ": " << err;
  std::string fresh = dir.path("fresh.db");
  EXPECT_TRUE(sqliteApply(fresh, out + "/db/sqlite/schema.sql", err)) << err;
  EXPECT_EQ(sqliteQuery(migrated, kSqliteCatalog, dir), sqliteQuery(fresh, kSqliteCatalog, dir));
  pg_->recreate("built");
  pg_->recreate("builtfresh");
  for (const std::string& m : {std::string("0001_init.sql"), second[1]})
    EXPECT_TRUE(pg_->apply("built", out + "/db/postgres/migrations/" + m, err)) << m << ": " << err;
  EXPECT_TRUE(pg_->apply("builtfresh", out + "/db/postgres/schema.sql", err)) << err;
  EXPECT_EQ(pg_->catalog("built"), pg_->catalog("builtfresh"));

  // unchanged program: up to date, nothing new
  ProcessResult check = runProcess(std::string(LOCUSC_PATH) + " build " + shellQuote(project) +
                                   " -o " + shellQuote(out) + " --generators sql,prisma --check");
  EXPECT_EQ(check.exitCode, 0) << check.out << check.err;

  // a type change needs a manual step: E0802 at the field, output untouched
  std::string v3 = readFile(project + "/app.locus");
  size_t at = v3.find("totalCents: Integer @min(0) @max(10000000)");
  ASSERT_NE(at, std::string::npos);
  v3.replace(at, 19, "totalCents: Decimal");
  std::ofstream(project + "/app.locus", std::ios::binary) << v3;
  ProcessResult r3 = runProcess(std::string(LOCUSC_PATH) + " build " + shellQuote(project) +
                                " -o " + shellQuote(out) + " --generators sql,prisma");
  EXPECT_EQ(r3.exitCode, 1);
  EXPECT_NE(r3.err.find("E0802"), std::string::npos) << r3.err;
  EXPECT_NE(r3.err.find("app.locus:29:"), std::string::npos) << r3.err;
  size_t count = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out + "/db/postgres/migrations"))
    ++count;
  EXPECT_EQ(count, 2u);
}

// Peer-corpus files the peer parses and validates: every one that locusc accepts and that has
// entities must give SQL that applies to both databases.
TEST_F(GenSqlE2E, PeerCorpusSchemasApply) {
  const std::string corpus = std::string(LOCUS_SHARED_DIR) + "/conformance/peer-corpus";
  std::ifstream tsv(corpus + "/expectations.tsv");
  ASSERT_TRUE(tsv) << "peer corpus not found under " << corpus;
  std::string line;
  std::getline(tsv, line); // header
  TempDir dir;
  pg_->recreate("corpus");
  size_t applied = 0;
  while (std::getline(tsv, line)) {
    std::istringstream cols(line);
    std::string file, parse, validate, expects;
    std::getline(cols, file, '\t');
    std::getline(cols, parse, '\t');
    std::getline(cols, validate, '\t');
    std::getline(cols, expects, '\t');
    if (parse != "OK" || validate != "ok" || expects == "reject") continue;
    ProcessResult r =
        runProcess(std::string(LOCUSC_PATH) + " ir " + shellQuote(corpus + "/" + file));
    if (r.exitCode != 0) continue; // stricter than the peer (tests/conformance lists why)
    locus::OrderedJson ir = locus::OrderedJson::parse(r.out);
    if (ir["entities"].empty()) continue;
    GeneratedFiles files = generate(ir);
    std::string err;
    std::string db = dir.path("corpus" + std::to_string(applied) + ".db");
    EXPECT_TRUE(sqliteApply(db, dir.write("c.sql", files.at("db/sqlite/schema.sql")), err))
        << file << ": " << err;
    // a fresh public schema per file (cheaper than a database per file)
    std::string pgFile = dir.write("c_pg.sql", files.at("db/postgres/schema.sql"));
    ProcessResult pr = pg_->psql("corpus", "-c 'SET client_min_messages = warning' -c 'DROP SCHEMA "
                                           "public CASCADE' -c 'CREATE SCHEMA public' -f " +
                                               shellQuote(pgFile));
    EXPECT_TRUE(pr.exitCode == 0 && pr.err.empty()) << file << ": " << pr.err;
    ++applied;
  }
  std::cout << "[ sql e2e ] peer-corpus files with entities applied: " << applied << "\n";
  EXPECT_GT(applied, 20u);
}

} // namespace
} // namespace locus
