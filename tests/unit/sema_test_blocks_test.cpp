// `test "name" { … }` blocks: the parser (AST), the checks of sema (E1301–E1304 and the code
// checks of `given` and `expect`) and lowerTests (compiler/ir/tests.cpp). The runs themselves
// are tested end to end (tests/e2e/locusc_test_e2e_test.cpp).
#include "tests/unit/sema_wf_test_util.h"

#include "compiler/ir/ir.h"

namespace locus::testing {
namespace {

const std::string kProgram = R"(
entity Account { balanceCents: Integer }
action debit(accountId: Integer, amountCents: Integer): Integer {
  const a = findOne(Account, where: { id: accountId })
  return a.balanceCents - amountCents
}
workflow Pay {
  input { accountId: Integer, note: String? }
  steps {
    run debit(accountId, 5)
    http_request charge { url: "https://pay.example.com", method: "POST" }
    const answer = wait_for approved { signal: "ok" }
    send_email { to: "a@example.com", subject: "paid" }
  }
}
)";

ast::File parseOne(const std::string& source, DiagnosticSink& sink) {
  return parseFile(0, source, sink);
}

TEST(TestBlocks, ParseIntoTheAst) {
  DiagnosticSink sink;
  ast::File f = parseOne(R"(test "pays" {
  given { create(Account, { balanceCents: 10 }) const n = 1 }
  stub http_request charge returns { status: 200 }
  stub wait_for throws { message: "late" }
  run Pay(accountId: 1)
  expect status == "completed"
  expect ran("Pay/http_request#0")
})",
                         sink);
  ASSERT_TRUE(sink.all().empty()) << sink.all().front().message;
  ASSERT_EQ(f.tests.size(), 1u);
  const ast::Test& t = f.tests[0];
  EXPECT_EQ(t.name, "pays");
  EXPECT_EQ(t.nameSpan.line, 1u);
  EXPECT_EQ(t.given.size(), 2u);
  ASSERT_EQ(t.stubs.size(), 2u);
  EXPECT_EQ(t.stubs[0].kind.name, "http_request");
  EXPECT_EQ(t.stubs[0].name.name, "charge");
  EXPECT_FALSE(t.stubs[0].throws);
  EXPECT_EQ(t.stubs[1].kind.name, "wait_for");
  EXPECT_TRUE(t.stubs[1].name.name.empty());
  EXPECT_TRUE(t.stubs[1].throws);
  EXPECT_TRUE(t.hasRun);
  EXPECT_EQ(t.target.name, "Pay");
  ASSERT_EQ(t.args.size(), 1u);
  EXPECT_EQ(t.args[0].name.name, "accountId");
  ASSERT_EQ(t.expects.size(), 2u);
  EXPECT_EQ(t.expects[0]->span.line, 6u);
  EXPECT_EQ(t.expects[0]->span.col, 10u);
}

TEST(TestBlocks, TheNewKeywordsStillName) {
  // Contextual keywords: fields, variables, steps and actions may be called test, stub, …
  auto diags = errors(check(R"(
entity Probe { test: String, expect: Integer, given: Boolean, stub: String, returns: Integer, throws: Boolean }
action given(test: Integer): Integer { const expect = test + 1 return expect }
workflow W { steps { const returns = run given(1) } }
)"));
  EXPECT_TRUE(diags.empty()) << dump(diags);
}

TEST(TestBlocks, AValidTestHasNoDiagnostics) {
  auto diags = errors(check(kProgram + R"(
test "pays" {
  given { create(Account, { balanceCents: 10 }) }
  stub http_request charge returns { status: 200 }
  stub wait_for answer returns { ok: true }
  stub send_email returns { sent: "stub" }
  run Pay(accountId: 1)
  expect status == "completed" && len(emails) == 1 && steps[0] == "Pay/run#0"
  expect findOne(Account, where: { id: 1 }).balanceCents == 10
}
test "debits" {
  run debit(1, amountCents: 4)
  expect output == 6
})"));
  EXPECT_TRUE(diags.empty()) << dump(diags);
}

TEST(TestBlocks, NameRunAndDuplicatesAreE1301) {
  auto diags = check(kProgram + R"(
test "" { run debit(1, 2) }
test "twice" { run debit(1, 2) }
test "twice" { expect true }
)");
  EXPECT_EQ(codesAt(withCode(diags, "E1301")),
            (std::vector<std::string>{"E1301@17:6", "E1301@19:6", "E1301@19:6"}))
      << dump(diags);
}

TEST(TestBlocks, UnknownTargetIsE1302WithASuggestion) {
  auto diags = withCode(check(kProgram + "test \"t\" { run Payy(accountId: 1) }\n"), "E1302");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].span.line, 16u);
  EXPECT_EQ(diags[0].span.col, 16u);
  EXPECT_NE(diags[0].message.find("did you mean 'Pay'"), std::string::npos) << diags[0].message;
}

TEST(TestBlocks, ArgumentsMustFitTheInputOrParameters) {
  auto diags = withCode(check(kProgram + R"(
test "a" { run Pay(acountId: 1) }
test "b" { run Pay(1) }
test "c" { run debit(1) }
test "d" { run debit(1, 2, 3) }
)"),
                        "E1303");
  std::string all = dump(diags);
  EXPECT_NE(all.find("'acountId' is not an input field of workflow 'Pay'; did you mean "
                     "'accountId'?"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("the input field 'accountId' of workflow 'Pay' is required"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("named arguments"), std::string::npos) << all;
  EXPECT_NE(all.find("the parameter 'amountCents' of action 'debit' has no value"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("takes 2 argument(s), but 3 are given"), std::string::npos) << all;
  EXPECT_EQ(all.find("'note'"), std::string::npos) << "an optional input is not required:\n" << all;
}

TEST(TestBlocks, StubsMustMatchAStepOfTheWorkflow) {
  auto diags = withCode(check(kProgram + R"(
test "a" {
  stub http_request charj returns {}
  stub slack_post returns {}
  run Pay(accountId: 1)
}
test "b" {
  stub http_request returns {}
  run debit(1, 2)
}
)"),
                        "E1304");
  ASSERT_EQ(diags.size(), 3u) << dump(diags);
  EXPECT_EQ(diags[0].span.line, 18u);
  EXPECT_NE(diags[0].message.find("no `http_request` step named 'charj'"), std::string::npos)
      << diags[0].message;
  EXPECT_NE(diags[0].message.find("; did you mean 'charge'?"), std::string::npos)
      << diags[0].message;
  EXPECT_NE(diags[1].message.find("no `slack_post` step to stub"), std::string::npos)
      << diags[1].message;
  EXPECT_NE(diags[2].message.find("is an action"), std::string::npos) << diags[2].message;
}

TEST(TestBlocks, GivenAndExpectAreCheckedAsCode) {
  auto diags = errors(check(kProgram + R"(
test "a" {
  given { create(Acount, { balanceCents: 1 }) }
  run Pay(accountId: 1)
  expect stauts == "completed"
  expect "yes"
  expect ran("Pay/run#0") && len(requests) == 0 && messages == []
}
)"));
  std::vector<std::string> got = codes(diags);
  EXPECT_EQ(diags.size(), 3u) << dump(diags);
  EXPECT_NE(dump(diags).find("Acount"), std::string::npos) << dump(diags);
  EXPECT_NE(dump(diags).find("stauts"), std::string::npos) << dump(diags);
  EXPECT_NE(dump(diags).find("condition of `expect`"), std::string::npos) << dump(diags);
}

TEST(TestBlocks, LowerTestsKeepsThemOutOfTheIr) {
  DiagnosticSink sink;
  SourceSet sources;
  FileId id = sources.add("app.locus", kProgram + R"(
test "pays" {
  stub http_request charge returns { status: 200 }
  run Pay(accountId: 1)
  expect status == "completed"
}
test "debits" { run debit(1, 4) })");
  std::vector<ast::File> files;
  files.push_back(parseFile(id, sources.file(id).text, sink));
  ast::File program = mergeFiles(std::move(files), sink);
  checkProgram(program, CheckOptions{}, sink);
  ASSERT_TRUE(errors(sink.sorted()).empty()) << dump(sink.sorted());
  OrderedJson ir = lowerToIr(program, sources);
  EXPECT_EQ(ir.dump().find("\"pays\""), std::string::npos) << "tests leak into the IR";
  OrderedJson tests = lowerTests(program, sources);
  ASSERT_EQ(tests["tests"].size(), 2u);
  const OrderedJson& pays = tests["tests"][0];
  EXPECT_EQ(pays["target"]["kind"], "workflow");
  EXPECT_EQ(pays["stubs"][0]["stepKind"], "http_request");
  EXPECT_EQ(pays["stubs"][0]["name"], "charge");
  EXPECT_EQ(pays["stubs"][0]["value"]["kind"], "object");
  EXPECT_EQ(pays["expects"][0]["condition"]["kind"], "binary");
  EXPECT_EQ(pays["expects"][0]["span"]["file"], "app.locus");
  EXPECT_EQ(pays["expects"][0]["span"]["line"], 20);
  EXPECT_EQ(tests["tests"][1]["target"]["kind"], "action");
  EXPECT_EQ(tests["tests"][1]["args"].size(), 2u);
}

} // namespace
} // namespace locus::testing
