// Enums end to end below the binaries: the checker's E0609/E0601 rules at the right places, and
// what each generator makes of an enum field (SQL CHECK, Prisma enum, TypeScript union, OpenAPI
// enum, the API's validation spec, a <select>'s options).
#include "gen_test_util.h"
#include "generators/express/express_generator.h"
#include "generators/openapi/openapi_generator.h"
#include "generators/prisma/prisma_generator.h"
#include "generators/react/react_generator.h"
#include "generators/sql/sql_generator.h"
#include "sema_test_util.h"

namespace locus {
namespace {

using testing::check;
using testing::codesAt;
using testing::irOf;
using testing::runGenerator;

const char* kTasks = R"(enum Status { todo doing done }
entity Task {
  title: String
  status: Status @default("todo")
  labels: Status[]
  next: Status?
}
page Board {
  state { filter: Status = "todo" }
  action move(to: Status) { filter = to }
  ui { <select bind:value={filter}/> <p>{filter}</p> }
}
)";

std::string fileOf(const GeneratorOutput& out, const std::string& path) {
  auto it = out.files.find(path);
  EXPECT_NE(it, out.files.end()) << "missing " << path;
  return it == out.files.end() ? "" : it->second;
}

TEST(Enums, AValueOutsideTheEnumIsE0609AtTheLiteral) {
  auto d = check(R"(enum Status { todo doing done }
page P {
  state { s: Status = "todo" }
  action a() {
    if s == "dne" { s = "done" }
    s = "finished"
  }
  ui { <p>{s}</p> }
})");
  EXPECT_EQ(codesAt(d), (std::vector<std::string>{"E0609@5:13", "E0609@6:9"}));
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].suggestion, "done");
  EXPECT_NE(d[0].message.find("(its values: todo, doing, done)"), std::string::npos);
}

TEST(Enums, APlainStringIsNoEnumButAnEnumIsAString) {
  auto d = check(R"(enum Status { todo done }
page P {
  state { s: Status = "todo"  text: String = "" }
  action a() {
    text = s
    s = text
    s = text == "" ? "todo" : "done"
  }
  ui { <p>{s}</p> }
})");
  EXPECT_EQ(codesAt(d), (std::vector<std::string>{"E0601@6:9"}));
}

TEST(Enums, DeclarationRules) {
  auto d = check("enum S { a b a }\nenum E { }\nenum String { x }\n");
  EXPECT_EQ(codesAt(d), (std::vector<std::string>{"E0102@1:14", "E0104@2:6", "E0101@3:6"}));
}

TEST(Enums, SqlCheckOnBothDialects) {
  GeneratorOutput out = runGenerator(sqlGenerator(), irOf(kTasks));
  EXPECT_NE(
      fileOf(out, "db/sqlite/schema.sql")
          .find("CONSTRAINT \"tasks_status_enum\" CHECK (\"status\" IN ('todo', 'doing', 'done'))"),
      std::string::npos)
      << fileOf(out, "db/sqlite/schema.sql");
  EXPECT_NE(fileOf(out, "db/postgres/schema.sql").find("tasks_next_enum"), std::string::npos);
}

TEST(Enums, PrismaEnumBlockAndBareDefault) {
  GeneratorOutput out = runGenerator(prismaGenerator(), irOf(kTasks));
  std::string schema = fileOf(out, "prisma/schema.prisma");
  EXPECT_NE(schema.find("enum Status {\n  todo\n  doing\n  done\n}"), std::string::npos) << schema;
  EXPECT_NE(schema.find("status Status   @default(todo)"), std::string::npos) << schema;
  EXPECT_NE(schema.find("Status[]"), std::string::npos) << schema;
}

TEST(Enums, TypeScriptUnionsOpenApiEnumAndValidation) {
  locus::OrderedJson ir = irOf(kTasks);
  GeneratorOutput web = runGenerator(reactGenerator(), ir);
  std::string entities = fileOf(web, "web/src/runtime/entities.ts");
  EXPECT_NE(entities.find("\"todo\" | \"doing\" | \"done\""), std::string::npos) << entities;
  EXPECT_NE(entities.find("(\"todo\" | \"doing\" | \"done\")[]"), std::string::npos) << entities;
  // A <select> bound to an enum with no options of its own gets one per value.
  std::string board = fileOf(web, "web/src/pages/Board.tsx");
  EXPECT_NE(board.find("<option value=\"todo\">todo</option>"), std::string::npos) << board;
  EXPECT_NE(board.find("<option value=\"done\">done</option>"), std::string::npos) << board;
  nlohmann::json api =
      nlohmann::json::parse(fileOf(runGenerator(openapiGenerator(), ir), "server/openapi.json"));
  EXPECT_NE(api.dump().find(R"("enum":["todo","doing","done"])"), std::string::npos);
  EXPECT_NE(api.dump().find(R"("enum":["todo","doing","done",null])"), std::string::npos);
  GeneratorOutput server = runGenerator(expressGenerator(), ir);
  bool found = false;
  for (const auto& [path, text] : server.files)
    if (text.find("values: [\"todo\", \"doing\", \"done\"]") != std::string::npos) found = true;
  EXPECT_TRUE(found) << "the validation spec lists the enum's values";
}

} // namespace
} // namespace locus
