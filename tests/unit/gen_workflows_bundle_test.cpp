// The workflows generator: workflows/bundle.json with the IR's workflows and step IDs, the server
// actions they call (transitively) and the entity table/column metadata.
#include "compiler/base/json_text.h"
#include "gen_test_util.h"
#include "generators/workflows/workflow_bundle.h"
#include "generators/workflows/workflows_generator.h"

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

const char* kProgram = R"(
database {
  entity Account {
    owner: String @unique
    balanceCents: Integer @default(0)
  }
}
action helper(id: Integer) {
  const a = findOne(Account, where: { id: id })
}
action debit(id: Integer) {
  helper(id)
}
action unused() {
  const x = 1
}
workflow Pay {
  input { id: Integer }
  steps {
    db_tx {
      run debit(id)
    }
    forEach item in [1, 2] {
      send_email { to: "a@b.c", subject: "hi" }
    }
  }
}
)";

nlohmann::json bundleOf(const locus::OrderedJson& ir) {
  GeneratorOutput out = runGenerator(workflowsGenerator(), ir);
  EXPECT_TRUE(out.messages.empty());
  EXPECT_EQ(out.files.size(), 1u);
  return nlohmann::json::parse(out.files.at("workflows/bundle.json"));
}

TEST(GenWorkflows, BundleHoldsTheWorkflowsWithTheirStepIds) {
  auto ir = irOf(kProgram);
  nlohmann::json bundle = bundleOf(ir);
  EXPECT_EQ(bundle["bundleVersion"], 1);
  EXPECT_EQ(bundle["irVersion"], 1);
  ASSERT_EQ(bundle["workflows"].size(), 1u);
  EXPECT_EQ(bundle["workflows"],
            nlohmann::json(ir["workflows"])); // exactly the IR, step IDs included
  EXPECT_EQ(bundle["workflows"][0]["steps"][0]["id"], "Pay/db_tx#0");
  EXPECT_EQ(bundle["workflows"][0]["steps"][0]["body"][0]["id"], "Pay/db_tx#0/run#0");
  EXPECT_EQ(bundle["workflows"][0]["steps"][1]["body"][0]["id"], "Pay/forEach#0[*]/send_email#0");
}

TEST(GenWorkflows, BundleHoldsOnlyTheCalledActionsTransitively) {
  nlohmann::json bundle = bundleOf(irOf(kProgram));
  std::vector<std::string> names;
  for (const auto& a : bundle["actions"]) names.push_back(a["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"helper", "debit"})); // source order, no `unused`
  EXPECT_FALSE(bundle["actions"][0]["body"].empty());
}

TEST(GenWorkflows, BundleHoldsEntityMetadata) {
  nlohmann::json bundle = bundleOf(irOf(kProgram));
  const auto& account = bundle["entities"][0];
  EXPECT_EQ(account["table"], "accounts");
  EXPECT_EQ(account["primaryKey"]["column"], "id");
  EXPECT_EQ(account["fields"][1]["column"], "balance_cents");
  EXPECT_EQ(account["fields"][1]["default"]["value"], 0);
  EXPECT_EQ(account["fields"][0]["unique"], true);
}

TEST(GenWorkflows, ShopBundleAndDeterminism) {
  std::string source = R"(
database { entity A { n: Integer } }
workflow W { trigger { on:webhook(secret: S) } steps { delay 1s } }
)";
  auto ir = irOf(source);
  auto first = runGenerator(workflowsGenerator(), ir).files;
  EXPECT_EQ(first, runGenerator(workflowsGenerator(), ir).files);
  nlohmann::json bundle = nlohmann::json::parse(first.at("workflows/bundle.json"));
  EXPECT_EQ(bundle["workflows"][0]["triggers"][0]["secret"], "S");
  EXPECT_TRUE(bundle["actions"].empty());
}

} // namespace
} // namespace locus
