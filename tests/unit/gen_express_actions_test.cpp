// Server actions in the generated API: a route per action a page calls (and only those), the
// body translated to TypeScript whose data functions go through data.ts (the caller's policies
// with auth), calls between actions kept on the server, browser-only built-ins reported (W0809),
// and the OpenAPI entries.
#include "generators/express/express_generator.h"
#include "generators/openapi/openapi_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

using testing::has;

const char* kApp = R"(
auth { user: User, identity: email, password: passwordHash }
database {
  entity User { email: Email @unique  passwordHash: String }
  entity Note { text: String  ownerId: Integer  access { read: currentUser.id == ownerId } }
}
action count(): Integer { return len(find(Note, where: { text: "a" }, take: 5)) }
action add(text: String, times: Integer = 1): Integer {
  if currentUser == null { throw "sign in" }
  for i in [1, 2] { create(Note, { text: text, ownerId: currentUser.id }) }
  return count()
}
action internal(): Integer { return 1 }
workflow W { steps { run internal() } }
page Home {
  state { n: Integer = 0 }
  action go() { n = add("x") }
  ui { <button on:click={go}>Go</button> }
}
)";

TEST(GenExpressActions, PagesCallsBecomeRoutesAndBodiesTypeScript) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kApp));
  ASSERT_TRUE(out.files.count("server/src/actions.ts"));
  ASSERT_TRUE(out.files.count("server/src/data.ts"));
  const std::string& actions = out.files.at("server/src/actions.ts");
  EXPECT_TRUE(has(actions, "async function run_add(cx: ActionContext, args: Args)")) << actions;
  EXPECT_TRUE(has(actions, "async function run_count(")) << actions; // called by add
  EXPECT_FALSE(has(actions, "run_internal")) << actions;             // only a workflow runs it
  EXPECT_TRUE(has(actions, "name: \"add\"")) << actions;
  EXPECT_FALSE(has(actions, "name: \"count\"")) << actions; // no page calls it: no route
  EXPECT_TRUE(has(actions, "(args[\"times\"] === undefined ? 1 : args[\"times\"])")) << actions;
  EXPECT_TRUE(has(actions, "if ((cx.user === null)) {")) << actions;
  EXPECT_TRUE(has(actions, "throw lib.actionError(\"sign in\");")) << actions;
  EXPECT_TRUE(has(
      actions, "(await data.create(cx, \"Note\", { \"text\": $text, \"ownerId\": (cx.user).id }))"))
      << actions;
  EXPECT_TRUE(has(actions, "return (await run_count(cx, {}));")) << actions;
  EXPECT_TRUE(has(
      actions,
      "data.find(cx, \"Note\", { where: { \"text\": \"a\" }, orderBy: {}, take: 5, skip: null })"))
      << actions;
  EXPECT_TRUE(has(actions, "const user = currentUser(req);")) << actions;
  EXPECT_TRUE(has(out.files.at("server/src/data.ts"), "guardedWriteOn(cx.client"));
  EXPECT_TRUE(has(out.files.at("server/src/app.ts"), "app.use(\"/api/actions\", actionRouter);"));
  EXPECT_TRUE(out.messages.empty()) << out.messages.front().message;
}

TEST(GenExpressActions, WithoutPageCallsNothingChanges) {
  GeneratorOutput out = runGenerator(
      expressGenerator(), irOf("entity T { a: String }\naction f(): Integer { return 1 }"));
  EXPECT_FALSE(out.files.count("server/src/actions.ts"));
  EXPECT_FALSE(has(out.files.at("server/src/app.ts"), "actionRouter"));
}

TEST(GenExpressActions, BrowserOnlyBuiltInsAreReported) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(R"(
action go(): Integer { navigate("/x") return 1 }
page P { action a() { go() } ui { <button on:click={a}>a</button> } }
)"));
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::GeneratorUnsupported);
  EXPECT_TRUE(has(out.messages[0].message, "navigate")) << out.messages[0].message;
}

TEST(GenExpressActions, OpenApiListsTheRoutes) {
  GeneratorOutput out = runGenerator(openapiGenerator(), irOf(kApp));
  std::string doc;
  for (const auto& [path, text] : out.files) doc += text;
  EXPECT_TRUE(has(doc, "/api/actions/add")) << doc.substr(0, 400);
  EXPECT_TRUE(has(doc, "AddArguments"));
  EXPECT_FALSE(has(doc, "/api/actions/count"));
}

} // namespace
} // namespace locus
