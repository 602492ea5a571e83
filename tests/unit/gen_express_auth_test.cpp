// The express and sql generators on a program with `auth { }`: the auth and policy files, the
// argon2 dependency at the pinned version, policies as SQL pieces (default deny), the password
// field out of the API, the session tables; and programs without auth unchanged by all of it.
#include "gen_test_util.h"
#include "generators/express/express_generator.h"
#include "generators/express/policy_parts.h"
#include "generators/registry.h"

#include <fstream>
#include <sstream>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

const char* kApp = R"(
auth { user: User, identity: email, password: passwordHash, role: role }
entity User {
  email: Email @unique
  passwordHash: String
  role: String @default("member")
}
entity Deal {
  title: String
  ownerId: Integer
  open: Boolean
  access {
    read: open || currentUser.id == ownerId
    update: currentUser != null && currentUser.role == "admin's"
  }
}
)";

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GenExpressAuth, AuthProgramsGetAuthAndPolicyFiles) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kApp));
  ASSERT_TRUE(out.files.count("server/src/auth.ts"));
  ASSERT_TRUE(out.files.count("server/src/policy.ts"));
  EXPECT_NE(out.files.at("server/src/app.ts").find("app.use(csrfProtection);"), std::string::npos);
  EXPECT_NE(out.files.at("server/src/crud.ts").find("checkedWrite(spec, \"delete\""),
            std::string::npos);
  auto pkg = nlohmann::json::parse(out.files.at("server/package.json"));
  auto pinned =
      nlohmann::json::parse(readFile(std::string(LOCUS_SOURCE_DIR) + "/scripts/node/package.json"));
  EXPECT_EQ(pkg["dependencies"]["@node-rs/argon2"], pinned["dependencies"]["@node-rs/argon2"]);
}

TEST(GenExpressAuth, PoliciesBecomeSqlPiecesAndMissingOnesDeny) {
  std::string policy =
      runGenerator(expressGenerator(), irOf(kApp)).files.at("server/src/policy.ts");
  EXPECT_NE(
      policy.find(
          R"~(read: ["(", { c: "open" }, " OR ", "(", { u: "id", t: "integer" }, " = ", { c: "owner_id" }, ")", ")"],)~"),
      std::string::npos)
      << policy;
  EXPECT_NE(
      policy.find(
          R"~(update: ["(", { s: true }, " AND ", "(", { u: "role", t: "text" }, " = ", "'admin''s'", ")", ")"],)~"),
      std::string::npos)
      << policy;
  EXPECT_NE(policy.find(R"(create: ["FALSE"],)"), std::string::npos) << policy;
  EXPECT_NE(policy.find(R"("User": {)"), std::string::npos) << "the user entity has policies too";
}

TEST(GenExpressAuth, ThePasswordFieldIsNotPartOfTheApi) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kApp));
  std::string users = out.files.at("server/src/entities/users.ts");
  EXPECT_EQ(users.find("passwordHash"), std::string::npos) << users;
  EXPECT_NE(users.find("email"), std::string::npos);
}

TEST(GenExpressAuth, SqlSchemaHasTheSessionTables) {
  for (const Generator& gen : builtinGenerators()) {
    if (gen.name != "sql") continue;
    std::string schema = runGenerator(gen, irOf(kApp)).files.at("db/postgres/schema.sql");
    EXPECT_NE(schema.find("CREATE TABLE \"locus_sessions\""), std::string::npos) << schema;
    EXPECT_NE(schema.find("CREATE TABLE \"locus_login_failures\""), std::string::npos);
    // The tokens of verification and reset mails and the verified users, in both dialects.
    GeneratorOutput sql = runGenerator(gen, irOf(kApp));
    for (const char* file : {"db/postgres/schema.sql", "db/sqlite/schema.sql"})
      for (const char* table : {"locus_auth_tokens", "locus_verified_users"})
        EXPECT_NE(sql.files.at(file).find(std::string("CREATE TABLE \"") + table + "\""),
                  std::string::npos)
            << file << " lacks " << table;
    std::string plain =
        runGenerator(gen, irOf("entity Note { body: String }")).files.at("db/postgres/schema.sql");
    EXPECT_EQ(plain.find("locus_sessions"), std::string::npos);
  }
}

// `verify: required` and an Email identity reach the server as constants; mails go through
// the runtime's queue, on the topic of its built-in mail workflow.
TEST(GenExpressAuth, VerificationModeAndMailsReachTheServer) {
  std::string optional =
      runGenerator(expressGenerator(), irOf(kApp)).files.at("server/src/auth.ts");
  EXPECT_NE(optional.find("const VERIFY_REQUIRED = false;"), std::string::npos);
  EXPECT_NE(optional.find("const IDENTITY_IS_EMAIL = true;"), std::string::npos);
  EXPECT_NE(optional.find("const MAIL_TOPIC = \"locus.auth.mail\";"), std::string::npos);
  for (const char* route : {"/verify", "/forgot", "/reset"})
    EXPECT_NE(optional.find(std::string("authRouter.post(\"") + route + "\""), std::string::npos)
        << route;
  std::string required = kApp;
  required.replace(required.find("role: role }"), 12, "role: role, verify: required }");
  std::string strict =
      runGenerator(expressGenerator(), irOf(required)).files.at("server/src/auth.ts");
  EXPECT_NE(strict.find("const VERIFY_REQUIRED = true;"), std::string::npos);
}

TEST(GenExpressAuth, ProgramsWithoutAuthGetNoneOfIt) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf("entity Note { body: String }"));
  EXPECT_FALSE(out.files.count("server/src/auth.ts"));
  EXPECT_FALSE(out.files.count("server/src/policy.ts"));
  for (const auto& [path, text] : out.files) {
    EXPECT_EQ(text.find("policy"), std::string::npos) << path;
    EXPECT_EQ(text.find("argon2"), std::string::npos) << path;
  }
}

} // namespace
} // namespace locus
