// Lowering to the IR (compiler/ir): deterministic step IDs, relations and foreign keys, alias
// resolution, filled-in defaults, byte-stable output, and the JSON Schema
// (compiler/ir/ir_schema.json) checked with valijson on real programs (examples/shop and every
// peer corpus file we validate) and on deliberately broken IR.
#include "compiler/frontend/compile.h"
#include "compiler/ir/ir.h"
#include "compiler/ir/naming.h"
#include "compiler/ir/step_ids.h"
#include "compiler/parse/parse_file.h"
#include "compiler/sema/check_program.h"
#include "compiler/sema/merge.h"

#include <gtest/gtest.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <fstream>
#include <sstream>

namespace locus {
namespace {

using Json = locus::OrderedJson;

// ------------------------------------------------------------------------------- helpers

// Parses, merges, checks and lowers one source; any error fails the test.
Json lower(const std::string& source, const CheckOptions& options = {}) {
  SourceSet sources;
  DiagnosticSink sink;
  FileId id = sources.add("app.locus", source);
  std::vector<ast::File> files;
  files.push_back(parseFile(id, sources.file(id).text, sink));
  ast::File program = mergeFiles(std::move(files), sink);
  checkProgram(program, options, sink);
  for (const Diagnostic& d : sink.all())
    if (d.severity == Severity::Error)
      ADD_FAILURE() << diagKindInfo(d.kind).code << " at " << d.span.line << ":" << d.span.col
                    << ": " << d.message;
  return lowerToIr(program, sources);
}

const Json& named(const Json& list, const std::string& name) {
  for (const Json& item : list)
    if (item.value("name", "") == name) return item;
  static const Json none;
  ADD_FAILURE() << "no item named " << name;
  return none;
}

// Every step ID of a step list, depth first, in source order.
void collectIds(const Json& steps, std::vector<std::string>& out) {
  for (const Json& s : steps) {
    out.push_back(s["id"].get<std::string>());
    for (const char* key : {"then", "else", "body", "try", "catch", "finally"})
      if (s.contains(key)) collectIds(s[key], out);
    if (s.contains("branches"))
      for (const Json& branch : s["branches"]) collectIds(branch, out);
  }
}

std::vector<std::string> stepIds(const Json& ir, const std::string& workflow) {
  std::vector<std::string> ids;
  const Json& wf = named(ir["workflows"], workflow);
  for (const char* list : {"steps", "onError", "onFailure"}) collectIds(wf[list], ids);
  return ids;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The IR schema, parsed once; validation returns the first error ("" when valid).
class IrSchema {
public:
  IrSchema() {
    doc_ = nlohmann::json::parse(readFile(LOCUS_SOURCE_DIR "/compiler/ir/ir_schema.json"));
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc_);
    parser.populateSchema(adapter, schema_);
  }

  std::string firstError(const Json& ir) const {
    nlohmann::json doc = nlohmann::json::parse(ir.dump());
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    if (validator.validate(schema_, target, &results)) return "";
    valijson::ValidationResults::Error error;
    std::string message = "invalid IR";
    while (results.popError(error)) { // the last one is the innermost cause
      std::string path;
      for (const std::string& part : error.context) path += part;
      message = path + ": " + error.description;
    }
    return message;
  }

private:
  nlohmann::json doc_;
  valijson::Schema schema_;
};

const IrSchema& schema() {
  static const IrSchema s;
  return s;
}

// --------------------------------------------------------------------------------- step IDs

const char* kNested = R"(
action work(n: Integer): Integer { return n }
action ping() { }
workflow W {
  input { items: Json, flag: Boolean }
  steps {
    forEach item in items {
      db_tx {
        parallel(max: 2) {
          branch { run work(item) run work(item) }
          run ping()
        }
      }
    }
    try {
      parallel {
        branch { send_email { to: "ops@example.com", subject: "s" } }
        branch { run ping() }
      }
    } catch e {
      run ping()
    } finally {
      run ping()
    }
    if flag { run ping() } else if items == null { run ping() } else { run ping() }
    const r = run work(1)
    http_request fetchUser { url: "https://example.com/u" }
    run work(r)
    run ping()
    while flag { run ping() break }
  }
  on_error { ping }
  on_failure { run ping() }
}
)";

TEST(IrStepIds, NestedStructuresFollowTheRule) {
  std::vector<std::string> expected = {
      "W/forEach#0",
      "W/forEach#0[*]/db_tx#0",
      "W/forEach#0[*]/db_tx#0/parallel#0",
      "W/forEach#0[*]/db_tx#0/parallel#0[0]/run#0",
      "W/forEach#0[*]/db_tx#0/parallel#0[0]/run#1",
      "W/forEach#0[*]/db_tx#0/parallel#0[1]/run#0",
      "W/try#0",
      "W/try#0/try/parallel#0",
      "W/try#0/try/parallel#0[0]/send_email#0",
      "W/try#0/try/parallel#0[1]/run#0",
      "W/try#0/catch/run#0",
      "W/try#0/finally/run#0",
      "W/if#0",
      "W/if#0/then/run#0",
      "W/if#0/else/if#0",
      "W/if#0/else/if#0/then/run#0",
      "W/if#0/else/if#0/else/run#0",
      "W/r",         // binding; still the first run of its list
      "W/fetchUser", // explicit name
      "W/run#1",     // repeated kinds count every earlier sibling of the kind
      "W/run#2",
      "W/while#0",
      "W/while#0[*]/run#0",
      "W/while#0[*]/break#0",
      "W.on_error/run#0", // handlers have their own roots
      "W.on_failure/run#0",
  };
  EXPECT_EQ(stepIds(lower(kNested), "W"), expected);
}

TEST(IrStepIds, PluginStepsUseTheirKind) {
  CheckOptions options;
  options.pluginSteps.push_back({"slack_post", "slack", nlohmann::json::object()});
  Json ir = lower(R"(
workflow Notify {
  steps {
    slack_post { channel: "#ops" }
    slack_post announce { channel: "#all" }
    slack_post { channel: "#dev" }
  }
})",
                  options);
  EXPECT_EQ(
      stepIds(ir, "Notify"),
      (std::vector<std::string>{"Notify/slack_post#0", "Notify/announce", "Notify/slack_post#2"}));
  const Json& step = ir["workflows"][0]["steps"][0];
  EXPECT_EQ(step["kind"], "plugin");
  EXPECT_EQ(step["pluginKind"], "slack_post");
  EXPECT_EQ(step["params"]["channel"]["value"], "#ops");
}

TEST(IrStepIds, SameOnEveryCompileAndAfterUnrelatedEdits) {
  Json first = lower(kNested);
  EXPECT_EQ(first.dump(), lower(kNested).dump()); // byte-identical

  // Other declarations, a comment and blank lines before it, and another workflow after it:
  // spans move, IDs do not.
  std::string edited = std::string("// a comment\n\ndatabase { entity Extra { name: String } }\n") +
                       kNested + "workflow Other { steps { run ping() run ping() } }\n";
  Json second = lower(edited);
  EXPECT_EQ(stepIds(first, "W"), stepIds(second, "W"));
  EXPECT_NE(first["workflows"][0]["span"], second["workflows"][0]["span"]);
}

TEST(IrStepIds, LoopIterationsAreSubstitutedAtRunTime) {
  EXPECT_EQ(ir::instantiateStepId("W/forEach#0[*]/run#0", "W/forEach#0", 3),
            "W/forEach#0[3]/run#0");
  EXPECT_EQ(ir::instantiateStepId("W/run#0", "W/forEach#0", 3), "W/run#0");
  // Nested loops: outside in.
  std::string outer = ir::instantiateStepId("W/forEach#0[*]/while#0[*]/run#0", "W/forEach#0", 1);
  EXPECT_EQ(ir::instantiateStepId(outer, "W/forEach#0[1]/while#0", 0),
            "W/forEach#0[1]/while#0[0]/run#0");
}

// ------------------------------------------------------------------------------- run steps

TEST(IrSteps, RunStepsResolveTheActionAndNameTheirArguments) {
  Json ir = lower(kNested);
  const Json& step = named(ir["workflows"], "W")["steps"][3]; // const r = run work(1)
  EXPECT_EQ(step["id"], "W/r");
  EXPECT_EQ(step["binding"], "r");
  EXPECT_EQ(step["action"], "work");
  EXPECT_EQ(step["actionKind"], "server");
  EXPECT_EQ(step["args"][0]["name"], "n");
  EXPECT_EQ(step["args"][0]["value"]["value"], "1");
  const Json& parallel = named(ir["workflows"], "W")["steps"][0]["body"][0]["body"][0];
  EXPECT_EQ(parallel["max"], 2);
  EXPECT_EQ(parallel["failFast"], false);
}

TEST(IrSteps, PeerBareWordsBecomeTextAndKnownNamesStayExpressions) {
  Json ir = lower(R"(
workflow Welcome {
  input { email }
  steps { send_email { to: email, subject: Hello, template: emails.welcome } }
})");
  const Json& params = ir["workflows"][0]["steps"][0]["params"];
  EXPECT_EQ(params["to"]["kind"], "name");
  EXPECT_EQ(params["subject"]["kind"], "string");
  EXPECT_EQ(params["subject"]["value"], "Hello");
  EXPECT_EQ(params["template"]["value"], "emails.welcome");
  EXPECT_EQ(params["template"]["literalText"], true);
  EXPECT_EQ(ir["workflows"][0]["input"][0]["type"]["kind"], "any");
}

TEST(IrSteps, DelaysCarryMilliseconds) {
  Json ir = lower(R"(
workflow Wait {
  steps {
    delay 5s
    delay { for: "2 minutes" }
  }
})");
  EXPECT_EQ(ir["workflows"][0]["steps"][0]["forMs"], 5000);
  EXPECT_EQ(ir["workflows"][0]["steps"][1]["forMs"], 120000);
  EXPECT_EQ(ir["workflows"][0]["steps"][1]["id"], "Wait/delay#1");
}

// ---------------------------------------------------------------------------- workflows

TEST(IrWorkflows, RetryDefaultsAreFilledIn) {
  Json ir = lower(R"(
action ping() { }
workflow Plain { steps { run ping() } }
workflow Tuned { steps { run ping() } retry { max: 5, delay: 500ms } })");
  const Json& plain = named(ir["workflows"], "Plain")["retry"];
  EXPECT_EQ(plain["max"], 3);
  EXPECT_EQ(plain["backoff"], "exponential");
  EXPECT_EQ(plain["factor"], 2);
  EXPECT_EQ(plain["delay"], "1s");
  EXPECT_EQ(plain["delayMs"], 1000);
  EXPECT_EQ(plain["maxDelay"], "5m");
  EXPECT_EQ(plain["maxDelayMs"], 300000);
  EXPECT_EQ(plain["jitter"], false);
  EXPECT_EQ(plain["declared"], false);
  const Json& tuned = named(ir["workflows"], "Tuned")["retry"];
  EXPECT_EQ(tuned["max"], 5);
  EXPECT_EQ(tuned["delay"], "500ms");
  EXPECT_EQ(tuned["delayMs"], 500);
  EXPECT_EQ(tuned["maxDelay"], "5m");
  EXPECT_EQ(tuned["declared"], true);
  EXPECT_TRUE(named(ir["workflows"], "Plain")["concurrency"].is_null());
}

TEST(IrWorkflows, TriggersAreNormalisedAndBareWordsDropped) {
  Json ir = lower(R"(
database { entity User { name: String } }
action ping() { }
workflow Hook { trigger { on:webhook(secret: HOOK_SECRET) } steps { run ping() } }
workflow Many {
  trigger { on:create(User) on:schedule("*/5 * * * *") on:queue(orders) t }
  steps { run ping() }
})");
  EXPECT_EQ(named(ir["workflows"], "Hook")["triggers"][0]["secret"], "HOOK_SECRET");
  const Json& many = named(ir["workflows"], "Many")["triggers"];
  ASSERT_EQ(many.size(), 3u);
  EXPECT_EQ(many[0]["kind"], "create");
  EXPECT_EQ(many[0]["entity"], "User");
  EXPECT_EQ(many[1]["cron"], "*/5 * * * *");
  EXPECT_EQ(many[2]["topic"], "orders");
}

// `deal-events` parses as a subtraction; as a topic it is the hyphenated name (it was null, so
// examples/crm's DealStageChanged never triggered). With spaces it is arithmetic: sema refuses
// it (tests/golden/check/fail_queue_topic.locus).
TEST(IrWorkflows, HyphenatedTopicIsOneWord) {
  Json ir = lower(R"(
action ping() { }
workflow A { trigger { on:queue(deal-events) } steps { run ping() } }
workflow B { trigger { on:queue(crm-deal-events) } steps { run ping() } }
)");
  EXPECT_EQ(named(ir["workflows"], "A")["triggers"][0]["topic"], "deal-events");
  EXPECT_EQ(named(ir["workflows"], "B")["triggers"][0]["topic"], "crm-deal-events");
}

// ------------------------------------------------------------------------------- entities

const char* kModel = R"(
type Money = Decimal
type Labels = String[]
database {
  entity Customer {
    name: String @length(min: 1)
    orders: has_many Order
  }
  entity Order {
    customer: belongs_to Customer
    customerId: Integer
    reviewer: belongs_to Customer
    reviewerId: Integer?
    total: Money @min(0) @default(0)
    labels: Labels
    createdAt: DateTime @default(now()) @map("created")
  }
  entity Post {
    title: String
    tags: has_many Tag
  }
  entity Tag {
    label: String @unique
    posts: has_many Post
  }
}
)";

TEST(IrEntities, ForeignKeysAreNamedAfterTheirRelation) {
  Json ir = lower(kModel);
  const Json& order = named(ir["entities"], "Order");
  EXPECT_EQ(order["table"], "orders");
  const Json& customer = named(order["relations"], "customer");
  EXPECT_EQ(customer["foreignKey"], "customerId");
  EXPECT_EQ(customer["foreignKeyEntity"], "Order");
  EXPECT_EQ(customer["onDelete"], "restrict");
  EXPECT_EQ(customer["optional"], false);
  const Json& reviewer = named(order["relations"], "reviewer");
  EXPECT_EQ(reviewer["foreignKey"], "reviewerId");
  EXPECT_EQ(reviewer["onDelete"], "set_null"); // optional key
  EXPECT_EQ(reviewer["optional"], true);

  // Two belongs_to point back at Customer and nothing names the pairing: `orders` gets no
  // partner (no guessing), and neither belongs_to claims `orders` as its inverse.
  const Json& orders = named(named(ir["entities"], "Customer")["relations"], "orders");
  EXPECT_EQ(orders["manyToMany"], false);
  EXPECT_TRUE(orders["foreignKey"].is_null());
  EXPECT_TRUE(customer["inverse"].is_null());
}

TEST(IrEntities, HasManyUsesThePartnersForeignKey) {
  Json ir = lower(R"(
database {
  entity Customer { orders: has_many Order }
  entity Order { buyer: belongs_to Customer inverse: orders  buyerId: Integer }
})");
  const Json& orders = named(named(ir["entities"], "Customer")["relations"], "orders");
  EXPECT_EQ(orders["foreignKey"], "buyerId");
  EXPECT_EQ(orders["foreignKeyEntity"], "Order");
  EXPECT_EQ(orders["inverse"], "buyer");
}

TEST(IrEntities, HasManyOnBothSidesIsManyToMany) {
  Json ir = lower(kModel);
  const Json& tags = named(named(ir["entities"], "Post")["relations"], "tags");
  const Json& posts = named(named(ir["entities"], "Tag")["relations"], "posts");
  EXPECT_EQ(tags["manyToMany"], true);
  EXPECT_EQ(posts["manyToMany"], true);
  EXPECT_EQ(tags["joinTable"], "posts_tags");
  EXPECT_EQ(posts["joinTable"], tags["joinTable"]);
  EXPECT_EQ(tags["inverse"], "posts");
  EXPECT_TRUE(tags["foreignKey"].is_null());
}

TEST(IrEntities, AliasesAreResolvedAndAttributesNormalised) {
  Json ir = lower(kModel);
  const Json& order = named(ir["entities"], "Order");
  const Json& total = named(order["fields"], "total");
  EXPECT_EQ(total["type"], "Decimal");
  EXPECT_EQ(total["alias"], "Money");
  EXPECT_EQ(total["attributes"]["min"], 0);
  EXPECT_EQ(total["attributes"]["default"], (Json{{"kind", "literal"}, {"value", 0}}));
  const Json& labels = named(order["fields"], "labels");
  EXPECT_EQ(labels["type"], "String");
  EXPECT_EQ(labels["list"], true);
  const Json& created = named(order["fields"], "createdAt");
  EXPECT_EQ(created["attributes"]["default"], (Json{{"kind", "call"}, {"name", "now"}}));
  EXPECT_EQ(created["column"], "created");
  EXPECT_EQ(named(order["fields"], "customerId")["column"], "customer_id");
  EXPECT_EQ(named(named(ir["entities"], "Customer")["fields"], "name")["attributes"]["length"],
            (Json{{"min", 1}}));
  EXPECT_FALSE(ir.contains("typeAliases"));
  EXPECT_EQ(order["primaryKey"]["implicit"], true);
}

TEST(IrNaming, TablesAreSnakeCasePlurals) {
  EXPECT_EQ(ir::tableName("OrderItem"), "order_items");
  EXPECT_EQ(ir::tableName("Category"), "categories");
  EXPECT_EQ(ir::tableName("Address"), "addresses");
  EXPECT_EQ(ir::tableName("Day"), "days");
  EXPECT_EQ(ir::snakeCase("HTTPServer"), "http_server");
  EXPECT_EQ(ir::snakeCase("createdAt"), "created_at");
}

// ------------------------------------------------------------------------------- the schema

Json lowerProject(const std::string& path, std::string& errors) {
  std::unique_ptr<FrontEndResult> r = runFrontEnd(path, FrontEndOptions{});
  if (r->ioError || r->diagnostics.hasErrors()) {
    errors = "front end errors";
    return nullptr;
  }
  return lowerToIr(r->program, *r->sources);
}

TEST(IrSchema, ShopExampleValidatesAndIsByteStable) {
  std::string errors;
  Json ir = lowerProject(LOCUS_SOURCE_DIR "/examples/shop", errors);
  ASSERT_EQ(errors, "");
  EXPECT_EQ(schema().firstError(ir), "");
  EXPECT_EQ(ir.dump(), lowerProject(LOCUS_SOURCE_DIR "/examples/shop", errors).dump());
  std::vector<std::string> ids = stepIds(ir, "OrderPaid");
  EXPECT_EQ(ids, (std::vector<std::string>{"OrderPaid/run#0", "OrderPaid/parallel#0",
                                           "OrderPaid/parallel#0[0]/send_email#0",
                                           "OrderPaid/parallel#0[1]/notifyWarehouse",
                                           "OrderPaid/try#0", "OrderPaid/try#0/try/shipped",
                                           "OrderPaid/try#0/catch/send_email#0"}));
}

TEST(IrSchema, UnitTestProgramsValidate) {
  EXPECT_EQ(schema().firstError(lower(kNested)), "");
  EXPECT_EQ(schema().firstError(lower(kModel)), "");
}

// Rows of expectations.tsv the peer parses and validates.
std::vector<std::string> peerValidFiles(const std::string& corpus) {
  std::istringstream in(readFile(corpus + "/expectations.tsv"));
  std::vector<std::string> files;
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream row(line);
    for (std::string col; std::getline(row, col, '\t');) cols.push_back(col);
    if (cols.size() >= 3 && cols[1] == "OK" && cols[2] == "ok") files.push_back(cols[0]);
  }
  return files;
}

TEST(IrSchema, PeerCorpusProgramsValidate) {
  const std::string corpus = LOCUS_SHARED_DIR "/conformance/peer-corpus";
  std::vector<std::string> files = peerValidFiles(corpus);
  if (files.empty()) GTEST_SKIP() << "peer corpus not found at " << corpus;
  size_t lowered = 0;
  for (const std::string& file : files) {
    std::string errors;
    Json ir = lowerProject(corpus + "/" + file, errors);
    if (!errors.empty()) continue; // files we reject are the conformance suite's business
    ++lowered;
    EXPECT_EQ(schema().firstError(ir), "") << file;
  }
  EXPECT_GT(lowered, 100u);
}

TEST(IrSchema, BrokenIrIsRejected) {
  Json ir = lower(kNested);
  ASSERT_EQ(schema().firstError(ir), "");

  Json noVersion = ir;
  noVersion.erase("irVersion");
  EXPECT_NE(schema().firstError(noVersion), "");

  Json wrongType = ir;
  wrongType["entities"] = "none";
  EXPECT_NE(schema().firstError(wrongType), "");

  Json badId = ir;
  badId["workflows"][0]["steps"][0]["id"] = "W//forEach";
  EXPECT_NE(schema().firstError(badId), "");

  Json missingSpan = ir;
  missingSpan["workflows"][0]["steps"][0].erase("span");
  EXPECT_NE(schema().firstError(missingSpan), "");

  Json badRetry = ir;
  badRetry["workflows"][0]["retry"]["backoff"] = "linear";
  EXPECT_NE(schema().firstError(badRetry), "");
}

// ------------------------------------------------------------------------------ auth, access

TEST(IrAuth, AuthSectionAndPoliciesWithDefaultDeny) {
  Json ir = lower(R"(auth { user: User, identity: email, password: passwordHash }
entity User { email: Email @unique  passwordHash: String }
entity Note { ownerId: Integer  access { read: currentUser.id == ownerId } }
entity Log { line: String })");
  EXPECT_EQ(schema().firstError(ir), "");
  ASSERT_TRUE(ir.contains("auth"));
  EXPECT_EQ(ir["auth"]["userEntity"], "User");
  EXPECT_EQ(ir["auth"]["password"]["column"], "password_hash");
  EXPECT_TRUE(ir["auth"]["role"].is_null());
  EXPECT_EQ(ir["auth"]["verify"], "optional");
  const Json& note = named(ir["entities"], "Note")["access"];
  EXPECT_EQ(note["read"]["kind"], "binary");
  EXPECT_EQ(note["read"]["lhs"]["member"], "id");
  EXPECT_TRUE(note["delete"].is_null()) << "no policy: denied";
  EXPECT_TRUE(named(ir["entities"], "Log")["access"]["read"].is_null());
}

TEST(IrAuth, ProgramsWithoutAuthHaveNoAuthKeys) {
  Json ir = lower("entity Note { body: String }");
  EXPECT_FALSE(ir.contains("auth"));
  EXPECT_FALSE(ir["entities"][0].contains("access"));
}

} // namespace
} // namespace locus
