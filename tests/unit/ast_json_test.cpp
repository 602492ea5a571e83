// The JSON form of the AST (`locusc ast`): shape of each node kind and byte-stable output.
#include "compiler/ast/ast_json.h"
#include "compiler/base/json_text.h"
#include "compiler/frontend/compile.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace locus {
namespace {

using Json = locus::OrderedJson;

// Small builders so the test reads like the source it stands for.
class AstBuilder {
public:
  explicit AstBuilder(FileId file) : file_(file) {}

  Span at(uint32_t line, uint32_t col, uint32_t length) const {
    return Span{file_, 0, line, col, length};
  }
  ast::Ident ident(std::string name, uint32_t line = 1, uint32_t col = 1) const {
    uint32_t length = static_cast<uint32_t>(name.size());
    return ast::Ident{std::move(name), at(line, col, length)};
  }
  ast::ExprPtr expr(ast::ExprKind kind, std::string text, uint32_t line = 1,
                    uint32_t col = 1) const {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->text = std::move(text);
    e->span = at(line, col, 1);
    return e;
  }
  ast::ExprPtr binary(std::string op, ast::ExprPtr lhs, ast::ExprPtr rhs) const {
    auto e = expr(ast::ExprKind::Binary, std::move(op));
    e->lhs = std::move(lhs);
    e->rhs = std::move(rhs);
    return e;
  }
  ast::ExprPtr member(ast::ExprPtr object, std::string name) const {
    auto e = expr(ast::ExprKind::Member, std::move(name));
    e->lhs = std::move(object);
    return e;
  }

private:
  FileId file_;
};

// entity User { email: String @unique  posts: Post[] has_many }
ast::Database userDatabase(const AstBuilder& b) {
  ast::Field email;
  email.name = b.ident("email", 2, 3);
  email.type.name = b.ident("String", 2, 10);
  email.type.span = b.at(2, 10, 6);
  ast::Attribute unique;
  unique.name = b.ident("unique", 2, 18);
  unique.span = b.at(2, 17, 7);
  email.attributes.push_back(std::move(unique));
  ast::Attribute dflt;
  dflt.name = b.ident("default");
  dflt.args.push_back(ast::Arg{ast::Ident{}, b.expr(ast::ExprKind::String, "a@b.c")});
  dflt.legacy = true;
  email.attributes.push_back(std::move(dflt));
  email.span = b.at(2, 3, 21);

  ast::Field posts;
  posts.name = b.ident("posts", 3, 3);
  posts.type.name = b.ident("Post", 3, 10);
  posts.type.list = true;
  posts.relation = ast::RelationKind::HasMany;
  posts.inverse = b.ident("author");

  ast::Entity user;
  user.name = b.ident("User", 1, 8);
  user.fields.push_back(std::move(email));
  user.fields.push_back(std::move(posts));
  user.span = b.at(1, 1, 6);
  ast::Database db;
  db.entities.push_back(std::move(user));
  return db;
}

// workflow Welcome { trigger { on:create(User) } steps { const u = run load(id: x)
//   if u.active && u.age >= 18 { send_email { to: u.email } } } }
ast::Workflow welcomeWorkflow(const AstBuilder& b) {
  ast::Trigger trigger;
  trigger.kind = ast::TriggerKind::Create;
  trigger.word = b.ident("create");
  trigger.args.push_back(ast::Arg{ast::Ident{}, b.expr(ast::ExprKind::Name, "User")});
  trigger.hasParens = true;

  ast::Step run;
  run.kind = ast::StepKind::Run;
  run.keyword = b.ident("run");
  run.binding = b.ident("u");
  run.target = b.ident("load");
  run.args.push_back(ast::Arg{b.ident("id"), b.expr(ast::ExprKind::Name, "x")});

  ast::Step email;
  email.kind = ast::StepKind::SendEmail;
  email.keyword = b.ident("send_email");
  email.args.push_back(
      ast::Arg{b.ident("to"), b.member(b.expr(ast::ExprKind::Name, "u"), "email")});

  ast::Step branch;
  branch.kind = ast::StepKind::If;
  branch.keyword = b.ident("if");
  branch.condition = b.binary("&&", b.member(b.expr(ast::ExprKind::Name, "u"), "active"),
                              b.binary(">=", b.member(b.expr(ast::ExprKind::Name, "u"), "age"),
                                       b.expr(ast::ExprKind::Number, "18")));
  branch.body.push_back(std::move(email));
  branch.hasElse = true; // `else {}`: written, but empty

  ast::Workflow w;
  w.name = b.ident("Welcome", 5, 10);
  w.triggers.push_back(std::move(trigger));
  w.hasTrigger = true;
  w.steps.push_back(std::move(run));
  w.steps.push_back(std::move(branch));
  w.hasSteps = true;
  w.span = b.at(5, 1, 8);
  return w;
}

// page Home { ui { <button on:click={save()} disabled>Save {count}</button> } }
ast::UiContainer homePage(const AstBuilder& b) {
  ast::UiAttr click;
  click.kind = ast::UiAttrKind::On;
  click.name = b.ident("click");
  click.value = b.expr(ast::ExprKind::Call, "");
  click.value->lhs = b.expr(ast::ExprKind::Name, "save");
  ast::UiAttr disabled;
  disabled.name = b.ident("disabled");

  ast::UiNode text;
  text.kind = ast::UiNodeKind::Text;
  text.text = "Save ";
  ast::UiNode count;
  count.kind = ast::UiNodeKind::Expr;
  count.expr = b.expr(ast::ExprKind::Name, "count");

  ast::UiNode button;
  button.tag = b.ident("button");
  button.attrs.push_back(std::move(click));
  button.attrs.push_back(std::move(disabled));
  button.children.push_back(std::move(text));
  button.children.push_back(std::move(count));

  ast::UiContainer page;
  page.kind = ast::UiContainerKind::Page;
  page.name = b.ident("Home", 9, 6);
  page.ui.push_back(std::move(button));
  page.hasUi = true;
  return page;
}

class AstJsonTest : public ::testing::Test {
protected:
  AstJsonTest() {
    file_.id = sources_.add("shop/app.locus", "");
    AstBuilder b(file_.id);
    file_.imports.push_back(ast::Import{"common.locus", b.at(1, 1, 21)});
    file_.databases.push_back(userDatabase(b));
    file_.workflows.push_back(welcomeWorkflow(b));
    file_.pages.push_back(homePage(b));
  }

  Json json() const { return astToJson(file_, sources_); }

  SourceSet sources_;
  ast::File file_;
};

TEST_F(AstJsonTest, TopLevelListsEverySection) {
  Json j = json();
  std::vector<std::string> keys;
  for (auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"astVersion", "file", "imports", "typeAliases",
                                            "databases", "designSystems", "pages", "components",
                                            "stores", "workflows", "uploads", "actions"}));
  EXPECT_EQ(j["astVersion"], 1);
  EXPECT_EQ(j["file"], "shop/app.locus");
  EXPECT_EQ(j["imports"][0]["kind"], "import");
  EXPECT_EQ(j["imports"][0]["path"], "common.locus");
  EXPECT_TRUE(j["uploads"].is_array() && j["uploads"].empty());
}

TEST_F(AstJsonTest, EntityFieldsAndAttributes) {
  Json entity = json()["databases"][0]["entities"][0];
  EXPECT_EQ(entity["kind"], "entity");
  EXPECT_EQ(entity["name"], "User");
  const Json& email = entity["fields"][0];
  EXPECT_EQ(email.dump(),
            R"({"kind":"field","name":"email","type":{"kind":"type","name":"String","span":)"
            R"({"file":"shop/app.locus","line":2,"col":10,"length":6}},"attributes":[)"
            R"({"kind":"attribute","name":"unique","span":{"file":"shop/app.locus","line":2,)"
            R"("col":17,"length":7}},{"kind":"attribute","name":"default","args":[{"value":)"
            R"({"kind":"string","value":"a@b.c","span":{"file":"shop/app.locus","line":1,"col":1,)"
            R"("length":1}}}],"legacy":true}],"span":{"file":"shop/app.locus","line":2,"col":3,)"
            R"("length":21}})");
  const Json& posts = entity["fields"][1];
  EXPECT_EQ(posts["relation"], "has_many");
  EXPECT_EQ(posts["type"]["list"], true);
  EXPECT_FALSE(posts["type"].contains("optional"));
  EXPECT_EQ(posts["inverse"], "author");
  EXPECT_FALSE(posts.contains("onDelete"));
  EXPECT_FALSE(posts.contains("span")); // no location, no span
}

TEST_F(AstJsonTest, WorkflowStepsAndExpressionTree) {
  Json w = json()["workflows"][0];
  EXPECT_EQ(w["name"], "Welcome");
  EXPECT_EQ(w["triggers"][0]["event"], "create");
  EXPECT_EQ(w["triggers"][0]["args"][0]["value"]["name"], "User");

  const Json& run = w["steps"][0];
  EXPECT_EQ(run["kind"], "run");
  EXPECT_FALSE(run.contains("keyword")); // same as the kind
  EXPECT_EQ(run["binding"], "u");
  EXPECT_EQ(run["target"], "load");
  EXPECT_EQ(run["args"][0]["name"], "id");

  const Json& branch = w["steps"][1];
  EXPECT_EQ(branch["kind"], "if");
  const Json& cond = branch["condition"];
  EXPECT_EQ(cond["kind"], "binary");
  EXPECT_EQ(cond["op"], "&&");
  EXPECT_EQ(cond["lhs"]["kind"], "member");
  EXPECT_EQ(cond["lhs"]["object"]["name"], "u");
  EXPECT_EQ(cond["lhs"]["member"], "active");
  EXPECT_EQ(cond["rhs"]["op"], ">=");
  EXPECT_EQ(cond["rhs"]["rhs"]["kind"], "number");
  EXPECT_EQ(cond["rhs"]["rhs"]["value"], "18");
  EXPECT_EQ(branch["body"][0]["kind"], "send_email");
  EXPECT_EQ(branch["body"][0]["properties"][0]["name"], "to");
  EXPECT_TRUE(branch["else"].is_array() && branch["else"].empty());
  EXPECT_FALSE(branch.contains("catch"));
}

TEST_F(AstJsonTest, UiElement) {
  Json page = json()["pages"][0];
  EXPECT_EQ(page["kind"], "page");
  const Json& button = page["ui"][0];
  EXPECT_EQ(button["kind"], "element");
  EXPECT_EQ(button["tag"], "button");
  EXPECT_EQ(button["attrs"][0]["directive"], "on");
  EXPECT_EQ(button["attrs"][0]["name"], "click");
  EXPECT_EQ(button["attrs"][0]["value"]["kind"], "call");
  EXPECT_EQ(button["attrs"][0]["value"]["callee"]["name"], "save");
  EXPECT_FALSE(button["attrs"][1].contains("directive"));
  EXPECT_FALSE(button["attrs"][1].contains("value"));
  EXPECT_EQ(button["children"][0], Json({{"kind", "text"}, {"text", "Save "}}));
  EXPECT_EQ(button["children"][1]["kind"], "interpolation");
  EXPECT_EQ(button["children"][1]["expr"]["name"], "count");
}

TEST_F(AstJsonTest, EveryExpressionKindHasItsParts) {
  AstBuilder b(file_.id);
  auto conditional = b.expr(ast::ExprKind::Conditional, "?:");
  conditional->lhs = b.expr(ast::ExprKind::Bool, "true");
  conditional->rhs = b.expr(ast::ExprKind::Size, "5MB");
  conditional->alt = b.expr(ast::ExprKind::Null, "null");
  auto object = b.expr(ast::ExprKind::Object, "");
  object->args.push_back(ast::Arg{b.ident("when"), std::move(conditional)});
  auto array = b.expr(ast::ExprKind::Array, "");
  array->args.push_back(ast::Arg{ast::Ident{}, b.expr(ast::ExprKind::Duration, "5s")});
  object->args.push_back(ast::Arg{b.ident("list"), std::move(array)});
  ast::Stmt let;
  let.kind = ast::StmtKind::Let;
  let.name = b.ident("x");
  let.value = std::move(object);
  ast::Action save;
  save.name = b.ident("save");
  save.server = true;
  save.body.push_back(std::move(let));
  file_.actions.push_back(std::move(save));

  Json action = json()["actions"][0];
  EXPECT_EQ(action["server"], true);
  const Json& value = action["body"][0]["value"];
  EXPECT_EQ(action["body"][0]["kind"], "let");
  EXPECT_EQ(value["kind"], "object");
  const Json& when = value["entries"][0]["value"];
  EXPECT_EQ(when["kind"], "conditional");
  EXPECT_EQ(when["condition"]["value"], true);
  EXPECT_EQ(when["then"]["value"], "5MB");
  EXPECT_EQ(when["else"]["kind"], "null");
  EXPECT_EQ(value["entries"][1]["value"]["elements"][0]["value"], "5s");
}

TEST_F(AstJsonTest, OutputIsByteStable) {
  std::string first = json().dump(2);
  std::string second = astToJson(file_, sources_).dump(2);
  EXPECT_EQ(first, second);
  EXPECT_EQ(json().dump(), astToJson(file_, sources_).dump());
}

} // namespace
} // namespace locus

// astJsonText writes the same document as the tree, byte for byte, on every program of the
// examples and the peer corpus; with `keep` it leaves out the declarations of other files.
TEST(AstJsonText, EqualsTheTreeOnTheExamplesAndTheCorpus) {
  std::vector<std::string> inputs = {std::string(LOCUS_SOURCE_DIR) + "/examples/shop",
                                     std::string(LOCUS_SOURCE_DIR) + "/examples/crm",
                                     std::string(LOCUS_SOURCE_DIR) + "/examples/scaffold"};
  const std::filesystem::path corpus =
      std::filesystem::path(LOCUS_SHARED_DIR) / "conformance/peer-corpus";
  if (std::filesystem::exists(corpus))
    for (const auto& e : std::filesystem::recursive_directory_iterator(corpus))
      if (e.path().extension() == ".locus") inputs.push_back(e.path().string());
  size_t compared = 0;
  for (const std::string& input : inputs) {
    std::unique_ptr<FrontEndResult> r = runFrontEnd(input, FrontEndOptions{});
    if (r->program.databases.empty() && r->program.workflows.empty() && r->program.pages.empty())
      continue; // nothing merged (a syntax error stops before merging)
    ASSERT_EQ(astJsonText(r->program, *r->sources), jsonText(astToJson(r->program, *r->sources)))
        << input;
    ++compared;
  }
  EXPECT_GT(compared, 100u);
}

TEST(AstJsonText, KeepWritesOnlyTheDeclarationsOfKeptFiles) {
  std::unique_ptr<FrontEndResult> r =
      runFrontEnd(std::string(LOCUS_SOURCE_DIR) + "/examples/shop", FrontEndOptions{});
  ASSERT_FALSE(r->diagnostics.hasErrors());
  FileId workflows = kNoFile;
  for (size_t id = 0; id < r->sources->size(); ++id)
    if (r->sources->file(static_cast<FileId>(id)).path.ends_with("workflows.locus"))
      workflows = static_cast<FileId>(id);
  ASSERT_NE(workflows, kNoFile);
  Json part =
      Json::parse(astJsonText(r->program, *r->sources, [&](FileId id) { return id == workflows; }));
  EXPECT_EQ(part["workflows"].size(), 2u);
  EXPECT_EQ(part["actions"].size(), 3u);
  EXPECT_TRUE(part["databases"].empty());
  EXPECT_TRUE(part["pages"].empty());
  EXPECT_EQ(part["astVersion"], 1);
}
