// checkDatabase: each rule with a passing and a failing program, located by code and line:col.
#include "tests/unit/sema_test_util.h"

#include <gmock/gmock.h>

namespace locus::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(SemaDatabase, ValidModelHasNoDiagnostics) {
  auto d = check(R"(database {
  entity Customer {
    id: Integer @id
    name: String @length(1, 80)
    email: Email @unique @email
    age: Integer? @min(0) @max(150)
    createdAt: DateTime @default(now())
    token: UUID @default(uuid())
    tags: String[]
    notes: Text | Null @default(null)
    orders: has_many Order
  }
  entity Order {
    id: Integer @default(autoincrement())
    customer: belongs_to Customer on_delete: cascade
    customerId: Integer
    total: Decimal @default(0.5)
    meta: Json @default({ a: 1 })
  }
})");
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaDatabase, DuplicateField) {
  auto d = check(R"(database {
  entity User {
    id: Integer
    id: String
  }
})");
  Diagnostic e = only(d, "E0102");
  EXPECT_EQ(e.span.line, 4u);
  EXPECT_EQ(e.span.col, 5u);
  ASSERT_EQ(e.notes.size(), 1u);
  EXPECT_EQ(e.notes[0].span.line, 3u);
}

TEST(SemaDatabase, UnknownTypeSuggestsPrimitive) {
  auto d = check("database { entity U { name: Strin } }");
  Diagnostic e = only(d, "E0104");
  EXPECT_EQ(e.span.col, 29u);
  EXPECT_EQ(e.suggestion, "String");
  EXPECT_TRUE(contains(e.message, "did you mean 'String'?")) << e.message;
}

TEST(SemaDatabase, EntityAsScalarTypeSuggestsRelation) {
  auto d = check("database { entity A { id: Integer } entity B { a: A } }");
  Diagnostic e = only(d, "E0214");
  EXPECT_EQ(e.span.col, 51u);
  EXPECT_TRUE(contains(e.message, "a: belongs_to A")) << e.message;
  auto list = check("database { entity A { id: Integer } entity B { as: A[] } }");
  EXPECT_TRUE(contains(only(list, "E0214").message, "has_many A"));
}

TEST(SemaDatabase, TypeAliases) {
  auto ok = check("type Money = Decimal\ndatabase { entity A { price: Money @min(0) } }");
  EXPECT_THAT(ok, IsEmpty()) << dump(ok);
  auto unknown = check("type Money = Decimel\n");
  Diagnostic e = only(unknown, "E0104");
  EXPECT_EQ(e.span.line, 1u);
  EXPECT_EQ(e.span.col, 14u);
  EXPECT_EQ(e.suggestion, "Decimal");
}

TEST(SemaDatabase, AliasCycleReportedOnce) {
  auto d = check("type A = B\ntype B = C\ntype C = A\ntype D = A\n"
                 "database { entity E { x: D } }");
  EXPECT_THAT(codesAt(d), ElementsAre("E0106@1:6")) << dump(d);
  EXPECT_EQ(d[0].notes.size(), 2u);
  auto self = check("type A = A\n");
  EXPECT_THAT(codesAt(self), ElementsAre("E0106@1:6"));
}

TEST(SemaDatabase, AliasFlagsCombineWithField) {
  auto d = check("type Tags = String[]\ndatabase { entity A { t: Tags? } }");
  EXPECT_THAT(codes(d), ElementsAre("E0207")) << dump(d);
}

TEST(SemaDatabase, OptionalListListDefaultOptionalNullable) {
  auto d = check(R"(database {
  entity T {
    a: String[]?
    b: String[] @default("x")
    c: URL? nullable
    d: Email | Null
    e: Float?
  }
})");
  EXPECT_THAT(codesAt(d), ElementsAre("E0207@3:8", "E0208@4:17", "E0209@5:8")) << dump(d);
}

TEST(SemaDatabase, DefaultsMustMatchType) {
  auto d = check(R"(database {
  entity T {
    a: Integer @default("x")
    b: Boolean @default(1)
    c: String @default(true)
    d: Integer @default(12.5)
    e: Integer @default(99999999999)
    f: BigInt @default(99999999999)
    g: Integer @default(-2147483648)
    h: String @default(null)
    i: String? @default(null)
    j: DateTime @default("2024-01-01")
    k: Decimal @default(-1.5)
    l: Status @default(1)
    m: BigInt @default(99999999999999999999)
  }
})");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0206@3:25", "E0206@4:25", "E0206@5:24", "E0206@6:25", "E0206@7:25",
                          "E0206@10:24", "E0206@11:25", "E0104@14:8", "E0206@15:24"))
      << dump(d);
  Diagnostic range = d[4];
  EXPECT_TRUE(contains(range.message, "-2147483648..2147483647")) << range.message;
}

TEST(SemaDatabase, DefaultFunctions) {
  auto d = check(R"(database {
  entity T {
    a: DateTime @default(now())
    b: String @default(cuid())
    c: String @default(nanoid())
    d: BigInt @default(autoincrement())
    e: DateTime @default(foo())
    f: String @default(now())
    g: DateTime @default(autoincrement())
    h: Integer @default(uuid())
    i: String @default(uuid(4))
    j: DateTime @default(noww())
  }
})");
  EXPECT_THAT(codesAt(d), ElementsAre("E0206@7:26", "E0206@8:24", "E0206@9:26", "E0206@10:25",
                                      "E0206@11:24", "E0206@12:26"))
      << dump(d);
  EXPECT_TRUE(contains(d[0].message, "now(), uuid(), cuid(), nanoid() or autoincrement()"));
  EXPECT_EQ(d[5].suggestion, "now");
}

TEST(SemaDatabase, AttributeApplicability) {
  auto d = check(R"(database {
  entity U {
    age: Integer @length(1, 3)
    name: String @min(3)
    n: Decimal @max(2)
    flag: Boolean @pattern("a")
    mail: Text @email
    count: Integer @email
  }
})");
  EXPECT_THAT(codesAt(d), ElementsAre("E0204@3:19", "E0204@4:19", "E0204@6:20", "E0204@8:21"))
      << dump(d);
}

TEST(SemaDatabase, AttributeArguments) {
  auto d = check(R"(database {
  entity U {
    a: String @length(3, 20)
    b: String @length(min: 3, max: 20)
    c: String @length(max: 5)
    d: String @length(20, 3)
    e: String @length(3)
    f: String @length(-1, 3)
    g: String @unique(1)
    h: Integer @min("x")
    i: String @map("col")
    j: String @map(col)
    k: String @default()
    l: Integer @min(10) @max(1)
    m: String @length(min: 1, low: 2)
  }
})");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0212@6:15", "E0212@7:15", "E0212@8:15", "E0212@9:15", "E0212@10:16",
                          "E0212@12:15", "E0212@13:15", "E0212@14:25", "E0212@15:15"))
      << dump(d);
}

TEST(SemaDatabase, PatternMustCompile) {
  auto d = check(R"(database { entity U {
  ok: String @pattern("^[a-z]+$")
  bad: String @pattern("([a-z")
} })");
  EXPECT_THAT(codesAt(d), ElementsAre("E0213@3:24")) << dump(d);
}

TEST(SemaDatabase, UnknownAttributeWarnsWithSuggestion) {
  auto d = check("database { entity U { name: String @uniqe @whatever } }");
  EXPECT_THAT(codesAt(d), ElementsAre("W0205@1:37", "W0205@1:44")) << dump(d);
  EXPECT_EQ(d[0].suggestion, "unique");
  EXPECT_EQ(d[0].severity, Severity::Warning);
  EXPECT_EQ(d[1].suggestion, "");
}

TEST(SemaDatabase, LegacyAttributesWarnAndAreChecked) {
  auto d = check(R"(database { entity Legacy {
  title: String (unique)
  status: String (default: "draft")
  count: Integer (default: "x")
} })");
  EXPECT_THAT(codesAt(d), ElementsAre("W0010@2:18", "W0010@3:19", "W0010@4:19", "E0206@4:28"))
      << dump(d);
  EXPECT_TRUE(contains(d[0].message, "`(unique)`; write `@unique`")) << d[0].message;
  EXPECT_TRUE(contains(d[1].message, "`(default: \"draft\")`; write `@default(\"draft\")`"))
      << d[1].message;
}

TEST(SemaDatabase, LegacyListOfWarns) {
  auto d = check("database { entity U { tags: list of String } }");
  EXPECT_THAT(codesAt(d), ElementsAre("W0011@1:29")) << dump(d);
  EXPECT_EQ(d[0].suggestion, "String[]");
}

TEST(SemaDatabase, UnknownRelationTarget) {
  auto d = check("database { entity Post { id: Integer author: belongs_to Usr authorId: Integer }\n"
                 "entity User { id: Integer } }");
  Diagnostic e = only(d, "E0201");
  EXPECT_EQ(e.span.col, 57u);
  EXPECT_EQ(e.suggestion, "User");
}

TEST(SemaDatabase, InverseMustPointBack) {
  auto ok = check("database { entity A { id: Integer bs: has_many B } "
                  "entity B { id: Integer a: has_one A inverse: bs } }");
  EXPECT_THAT(ok, IsEmpty()) << dump(ok);
  auto missing = check("database { entity A { id: Integer bs: has_many B } "
                       "entity B { id: Integer a: has_one A inverse: foos } }");
  EXPECT_THAT(codesAt(missing), ElementsAre("E0202@1:97")) << dump(missing);
  auto typo = check("database { entity A { id: Integer bs: has_many B } "
                    "entity B { id: Integer a: has_one A inverse: bz } }");
  EXPECT_EQ(only(typo, "E0202").suggestion, "bs");
  auto notBack = check("database { entity A { id: Integer bs: has_many C } entity C { id: Integer }"
                       " entity B { id: Integer a: has_one A inverse: bs } }");
  Diagnostic e = only(notBack, "E0202");
  EXPECT_EQ(e.notes.size(), 1u);
}

TEST(SemaDatabase, DuplicateHasOne) {
  auto d = check("database { entity A { id: Integer } entity B { r1: has_one A r2: has_one A } }");
  Diagnostic e = only(d, "E0210");
  EXPECT_EQ(e.span.col, 62u);
  EXPECT_EQ(e.notes.at(0).span.col, 48u);
}

TEST(SemaDatabase, OnDelete) {
  auto d = check(R"(database {
  entity A { id: Integer bs: has_many B on_delete: cascade }
  entity B {
    a: belongs_to A on_delete: destroy
    aId: Integer
    c: belongs_to A on_delete: set_null
    cId: Integer
    e: belongs_to A on_delete: set_null
    eId: Integer?
    f: belongs_to A on_delete: restrict
    fId: Integer | Null
  }
})");
  EXPECT_THAT(codesAt(d), ElementsAre("E0204@2:52", "E0211@4:32", "E0211@6:32")) << dump(d);
  EXPECT_TRUE(contains(d[2].message, "cId: Integer?")) << d[2].message;
}

TEST(SemaDatabase, PolicyAttributeOnlyOnBelongsTo) {
  auto ok = check("database { entity A { name: String } "
                  "entity B { a: belongs_to A (policy: cascade) aId: Integer } }");
  EXPECT_THAT(codes(ok), ElementsAre("W0010")) << dump(ok);
  auto bad =
      check("database { entity A { name: String } entity B { a: has_many A @policy(cascade) } }");
  EXPECT_THAT(codes(bad), ElementsAre("E0204")) << dump(bad);
  auto value = check("database { entity A { name: String } "
                     "entity B { a: belongs_to A @policy(explode) aId: Integer } }");
  EXPECT_THAT(codes(value), ElementsAre("E0211")) << dump(value);
}

TEST(SemaDatabase, ScalarAttributesOnRelations) {
  auto d = check("database { entity A { id: Integer } "
                 "entity B { a: belongs_to A @unique @default(1) aId: Integer } }");
  EXPECT_THAT(codes(d), ElementsAre("E0204")) << dump(d);
}

TEST(SemaDatabase, BelongsToNeedsForeignKey) {
  auto d = check(R"(database {
  entity Customer { id: UUID }
  entity Order {
    customer: belongs_to Customer
    owner: belongs_to Customer
    owner: String
    ownerId: has_one Customer
  }
})");
  Diagnostic e = d.at(0);
  EXPECT_EQ(code(e), "E0203");
  EXPECT_EQ(e.span.line, 4u);
  EXPECT_EQ(e.message, "entity 'Order' has no field 'customerId' for relation 'customer'; add "
                       "`customerId: UUID`");
  EXPECT_THAT(codesAt(d), ElementsAre("E0203@4:5", "E0203@5:5", "E0102@6:5")) << dump(d);
}

TEST(SemaDatabase, EntityNamingConvention) {
  auto d = check("database { entity order_item { id: Integer } }");
  Diagnostic w = only(d, "W0105");
  EXPECT_EQ(w.suggestion, "OrderItem");
  EXPECT_EQ(w.severity, Severity::Warning);
}

TEST(SemaDatabase, ReportsEveryProblemInOneRun) {
  auto d = check(R"(database {
  entity user {
    id: Integer
    id: Integer
    name: Strng
    tags: String[]?
    age: Integer @default(1.5) @length(1, 2)
    post: belongs_to Post
  }
})");
  EXPECT_THAT(codesAt(d), ElementsAre("W0105@2:10", "E0102@4:5", "E0104@5:11", "E0207@6:11",
                                      "E0206@7:27", "E0204@7:33", "E0203@8:5", "E0201@8:22"))
      << dump(d);
}

} // namespace
} // namespace locus::testing
