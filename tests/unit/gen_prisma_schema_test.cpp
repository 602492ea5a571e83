// The prisma generator: datasource per option, models mapped to the sql generator's tables and
// columns, relations with fields/references/onDelete and both sides, implicit many-to-many,
// no duplicate key fields. There is no Prisma CLI offline, so a structural checker below applies
// Prisma's relation rules (every relation has its opposite field, names match, `fields` name
// scalar fields of the model, each model's field names are unique).
#include "gen_test_util.h"
#include "generators/prisma/prisma_generator.h"

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

struct ParsedField {
  std::string name, type, attributes;
};
using ParsedModels = std::map<std::string, std::vector<ParsedField>>;

ParsedModels parseModels(const std::string& schema) {
  ParsedModels models;
  std::istringstream in(schema);
  std::string line, current;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, std::regex(R"(model (\w+) \{)")))
      current = m[1];
    else if (line == "}")
      current.clear();
    else if (!current.empty() && std::regex_match(line, m, std::regex(R"(  (\w+) +(\S+) *(.*))")))
      models[current].push_back({m[1], m[2], m[3]});
  }
  return models;
}

std::string baseType(const std::string& t) {
  return std::regex_replace(t, std::regex(R"(\?|\[\])"), "");
}
std::string relationName(const std::string& attrs) {
  std::smatch m;
  return std::regex_search(attrs, m, std::regex(R"(@relation\("([^"]+)\")")) ? std::string(m[1])
                                                                             : "";
}

// Prisma's relation rules, checked structurally.
void expectValidRelations(const ParsedModels& models) {
  std::map<std::tuple<std::string, std::string, std::string>, int> ends;
  for (const auto& [model, fields] : models) {
    std::set<std::string> names;
    for (const ParsedField& f : fields) {
      EXPECT_TRUE(names.insert(f.name).second) << model << "." << f.name << " is declared twice";
      std::string target = baseType(f.type);
      if (!models.count(target)) continue;
      std::string a = std::min(model, target), b = std::max(model, target);
      ++ends[{a, b, relationName(f.attributes)}];
      std::smatch m;
      if (std::regex_search(f.attributes, m, std::regex(R"(fields: \[(\w+)\])"))) {
        bool found = false;
        for (const ParsedField& s : fields)
          found |= s.name == std::string(m[1]) && !models.count(baseType(s.type));
        EXPECT_TRUE(found) << model << "." << f.name << " refers to a missing scalar " << m[1];
      }
    }
  }
  for (const auto& [key, count] : ends)
    EXPECT_EQ(count, 2) << "relation " << std::get<0>(key) << "-" << std::get<1>(key) << " \""
                        << std::get<2>(key) << "\" needs exactly two ends";
}

const char* kShop = R"(
database {
  entity Customer {
    name: String @length(1, 120)
    email: Email @unique
    createdAt: DateTime @default(now())
    orders: has_many Order inverse: customer
    account: has_one Account
  }
  entity Product {
    sku: String @unique
    stock: Integer @default(0)
    tags: String[]
    meta: Json @default({"a": 1})
  }
  entity Order {
    customer: belongs_to Customer on_delete: cascade inverse: orders
    customerId: Integer
    note: Text?
  }
  entity Account {
    owner: belongs_to Customer
    ownerId: Integer
  }
}
)";

std::string prismaOf(const std::string& src,
                     const nlohmann::json& options = nlohmann::json::object()) {
  GeneratorOutput out = runGenerator(prismaGenerator(), irOf(src), options);
  for (const GeneratorMessage& m : out.messages) ADD_FAILURE() << m.message;
  EXPECT_EQ(out.files.size(), 1u);
  return out.files["prisma/schema.prisma"];
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(GenPrismaSchema, ShopModelsMapToTablesAndColumns) {
  std::string s = prismaOf(kShop);
  EXPECT_TRUE(contains(
      s, "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}"))
      << s;
  EXPECT_TRUE(contains(s, "generator client {\n  provider = \"prisma-client-js\"\n}"));
  EXPECT_TRUE(
      contains(s, "model Customer {\n  id        Int      @id @default(autoincrement())\n"));
  EXPECT_TRUE(contains(s, "  email     String   @unique\n"));
  EXPECT_TRUE(contains(
      s, "  createdAt DateTime @default(now()) @map(\"created_at\") @db.Timestamptz(3)\n"));
  EXPECT_TRUE(contains(s, "  orders    Order[]\n"));
  EXPECT_TRUE(contains(s, "  account   Account?\n\n  @@map(\"customers\")\n}\n"));
  EXPECT_TRUE(contains(s, "  @@map(\"customers\")\n}"));
  EXPECT_TRUE(contains(
      s,
      "customer   Customer @relation(fields: [customerId], references: [id], onDelete: Cascade)"));
  EXPECT_TRUE(contains(s, "  @@index([customerId])\n  @@map(\"orders\")"));
  // has_one partner: the key is unique (one account per customer), with Prisma's default Restrict
  EXPECT_TRUE(contains(s, "ownerId Int      @unique @map(\"owner_id\")"));
  EXPECT_TRUE(contains(
      s, "owner   Customer @relation(fields: [ownerId], references: [id], onDelete: Restrict)"));
  EXPECT_TRUE(contains(s, "tags  String[]\n"));
  EXPECT_TRUE(contains(s, "meta  Json     @default(\"{\\\"a\\\":1}\")"));
  EXPECT_TRUE(contains(s, "}\n\nmodel Product {\n")) << s; // one blank line between models
  EXPECT_EQ(s.substr(s.size() - 4), ")\n}\n");             // no trailing blank line
  expectValidRelations(parseModels(s));
}

TEST(GenPrismaSchema, NoDuplicateForeignKeyFields) {
  ParsedModels models = parseModels(prismaOf(kShop));
  int customerIds = 0;
  for (const ParsedField& f : models["Order"]) customerIds += f.name == "customerId";
  EXPECT_EQ(customerIds, 1);
  EXPECT_EQ(models["Order"].size(), 4u); // id, customerId, note, customer
}

TEST(GenPrismaSchema, SqliteProvider) {
  std::string s = prismaOf(kShop, {{"database", "sqlite"}});
  EXPECT_TRUE(contains(s, "provider = \"sqlite\""));
  EXPECT_FALSE(contains(s, "@db."));
  EXPECT_TRUE(contains(s, "tags  Json\n")) << s; // no scalar lists on SQLite
}

TEST(GenPrismaSchema, ImplicitManyToManyNamedAfterJoinTable) {
  std::string s = prismaOf(R"(
database {
  entity Post { title: String  tags: has_many Tag }
  entity Tag { name: String  posts: has_many Post }
}
)");
  EXPECT_TRUE(contains(s, "tags  Tag[]  @relation(\"posts_tags\")")) << s;
  EXPECT_TRUE(contains(s, "posts Post[] @relation(\"posts_tags\")"));
  expectValidRelations(parseModels(s));
}

TEST(GenPrismaSchema, SelfAndParallelRelationsAreNamed) {
  std::string s = prismaOf(R"(
database {
  entity Employee {
    name: String
    manager: belongs_to Employee
    managerId: Integer?
    reports: has_many Employee inverse: manager
  }
  entity Transfer {
    from: belongs_to Account inverse: outgoing
    fromId: Integer
    to: belongs_to Account inverse: incoming
    toId: Integer
  }
  entity Account {
    outgoing: has_many Transfer inverse: from
    incoming: has_many Transfer inverse: to
  }
}
)");
  EXPECT_TRUE(contains(
      s,
      "@relation(\"Employee_manager\", fields: [managerId], references: [id], onDelete: SetNull)"))
      << s;
  EXPECT_TRUE(contains(s, "Employee[] @relation(\"Employee_manager\")"));
  EXPECT_TRUE(contains(s, "@relation(\"Transfer_from\", fields: [fromId]"));
  EXPECT_TRUE(contains(s, "outgoing Transfer[] @relation(\"Transfer_from\")"));
  EXPECT_TRUE(contains(s, "incoming Transfer[] @relation(\"Transfer_to\")"));
  expectValidRelations(parseModels(s));
}

TEST(GenPrismaSchema, BelongsToWithoutPartnerGetsBackRelation) {
  std::string s = prismaOf(R"(
database {
  entity Author { name: String }
  entity Book { author: belongs_to Author  authorId: Integer }
}
)");
  EXPECT_TRUE(contains(s, "books Book[]")) << s;
  expectValidRelations(parseModels(s));
}

TEST(GenPrismaSchema, HasManyWithoutBelongsToIsReported) {
  GeneratorOutput out = runGenerator(prismaGenerator(), irOf(R"(
database {
  entity Team { name: String  members: has_many Person }
  entity Person {
    name: String
    a: belongs_to Team
    aId: Integer
    b: belongs_to Team
    bId: Integer
  }
}
)"));
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::GeneratorUnsupported);
  EXPECT_TRUE(contains(out.messages[0].message, "`Team.members`"));
  EXPECT_FALSE(contains(out.files["prisma/schema.prisma"], "members"));
}

TEST(GenPrismaSchema, UnknownDatabaseOptionIsAnError) {
  GeneratorOutput out = runGenerator(prismaGenerator(), irOf(kShop), {{"database", "oracle"}});
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::ProjectConfigError);
}

} // namespace
} // namespace locus
