// The express generator on examples/shop and small programs: files, field specs, options,
// determinism and the pinned dependency versions.
#include "gen_test_util.h"
#include "generators/express/express_generator.h"
#include "generators/openapi/openapi_generator.h"
#include "generators/uploads/uploads_generator.h"
#include "generators/workflows/workflows_generator.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string shopSource() {
  std::string all;
  for (const char* f : {"database", "theme", "ui", "workflows"})
    all += readFile(std::string(LOCUS_SOURCE_DIR) + "/examples/shop/" + f + ".locus") + "\n";
  return all;
}

const char* kBlog = R"(
database {
  entity Author {
    name: String @length(2, 40)
    email: Email @unique
    posts: has_many Post
  }
  entity Post {
    title: String @pattern("^[A-Z]")
    rating: Float? @min(0) @max(5)
    published: Boolean @default(false)
    meta: Json | Null
    author: belongs_to Author
    authorId: Integer
  }
}
workflow Publish {
  trigger { on:webhook(secret: PUBLISH_SECRET) }
  input { postId: Integer, note: String? }
  steps { delay 1s }
}
)";

TEST(GenExpress, EmitsTheServerFiles) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(shopSource()));
  EXPECT_TRUE(out.messages.empty());
  for (const char* path : {"server/package.json",
                           "server/tsconfig.json",
                           "server/src/index.ts",
                           "server/src/app.ts",
                           "server/src/db.ts",
                           "server/src/errors.ts",
                           "server/src/validation.ts",
                           "server/src/crud.ts",
                           "server/src/spec.ts",
                           "server/src/list_query.ts",
                           "server/src/relations.ts",
                           "server/src/cors.ts",
                           "server/src/health.ts",
                           "server/src/routes.ts",
                           "server/src/webhooks.ts",
                           "server/src/workflow_runner.ts",
                           "server/src/outbox.ts",
                           "server/src/entities/customers.ts",
                           "server/src/entities/products.ts",
                           "server/src/entities/orders.ts",
                           "server/src/entities/accounts.ts"})
    EXPECT_TRUE(out.files.count(path)) << path;
  EXPECT_EQ(out.files.size(), 21u);
}

TEST(GenExpress, EntitySpecCarriesColumnsAndConstraints) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kBlog));
  const std::string& post = out.files.at("server/src/entities/posts.ts");
  EXPECT_NE(post.find("table: \"posts\""), std::string::npos);
  EXPECT_NE(post.find("column: \"author_id\""), std::string::npos);
  EXPECT_NE(post.find("pattern: new RegExp(\"^[A-Z]\")"), std::string::npos);
  EXPECT_NE(post.find("min: 0,\n    max: 5,"), std::string::npos);
  EXPECT_NE(post.find("rating: number | null;"), std::string::npos);
  EXPECT_NE(post.find("meta: unknown;"), std::string::npos);
  // The implicit key comes first and is assigned by the database.
  EXPECT_NE(post.find("name: \"id\",\n    column: \"id\",\n    type: \"Integer\""),
            std::string::npos);
  EXPECT_NE(post.find("generated: true"), std::string::npos);
  const std::string& author = out.files.at("server/src/entities/authors.ts");
  EXPECT_NE(author.find("minLength: 2,\n    maxLength: 40,"), std::string::npos);
  const std::string& routes = out.files.at("server/src/routes.ts");
  EXPECT_NE(routes.find("app.use(\"/api/authors\", authorRouter(listLimits));"), std::string::npos);
  EXPECT_NE(routes.find("app.use(\"/api/posts\", postRouter(listLimits));"), std::string::npos);
}

TEST(GenExpress, WebhookEndpointPerWebhookWorkflow) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kBlog));
  const std::string& hooks = out.files.at("server/src/webhooks.ts");
  EXPECT_NE(hooks.find("workflow: \"Publish\""), std::string::npos);
  EXPECT_NE(hooks.find("secretEnv: \"PUBLISH_SECRET\""), std::string::npos);
  EXPECT_NE(hooks.find("name: \"note\""), std::string::npos);
  EXPECT_NE(hooks.find("X-Webhook-Secret"), std::string::npos);
  EXPECT_NE(hooks.find("timingSafeEqual"), std::string::npos);
  const std::string& runner = out.files.at("server/src/workflow_runner.ts");
  EXPECT_NE(runner.find("shell: false"), std::string::npos);
}

TEST(GenExpress, PageSizeOptions) {
  nlohmann::json options = {{"defaultPageSize", 10}, {"maxPageSize", 20}, {"appName", "My Blog!"}};
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kBlog), options);
  EXPECT_TRUE(out.messages.empty());
  EXPECT_NE(out.files.at("server/src/routes.ts").find("{ defaultLimit: 10, maxLimit: 20 }"),
            std::string::npos);
  EXPECT_NE(out.files.at("server/package.json").find("\"name\": \"my-blog-server\""),
            std::string::npos);
}

TEST(GenExpress, BadOptionIsReported) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kBlog), {{"maxPageSize", "lots"}});
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::ProjectConfigError);
  EXPECT_NE(out.messages[0].message.find("maxPageSize"), std::string::npos);
}

TEST(GenExpress, Deterministic) {
  auto ir = irOf(shopSource());
  EXPECT_EQ(runGenerator(expressGenerator(), ir).files, runGenerator(expressGenerator(), ir).files);
}

TEST(GenExpress, DependenciesMatchThePinnedToolchain) {
  auto pinned =
      nlohmann::json::parse(readFile(std::string(LOCUS_SOURCE_DIR) + "/scripts/node/package.json"));
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kBlog));
  auto pkg = nlohmann::json::parse(out.files.at("server/package.json"));
  for (const char* section : {"dependencies", "devDependencies"})
    for (const auto& [name, version] : pkg[section].items())
      EXPECT_EQ(version, pinned["dependencies"][name]) << name;
}

TEST(GenExpress, ProjectTemplateOverride) {
  std::string dir = ::testing::TempDir() + "/gen_express_override";
  std::filesystem::create_directories(dir + "/express");
  std::ofstream(dir + "/express/index.ts.mustache") << "// custom entry\n";
  GeneratorOutput out =
      runGenerator(expressGenerator(), irOf(kBlog), nlohmann::json::object(), {}, {}, dir);
  EXPECT_EQ(out.files.at("server/src/index.ts"), "// custom entry\n");
}

// A malformed IR (as a faulty onPreGenerate plugin could produce) is an error, not a crash.
TEST(GenExpress, MalformedIrIsAnError) {
  auto ir = irOf(kBlog);
  ir["entities"][0].erase("table");
  ir["workflows"][0]["steps"] = 7;
  for (const Generator& gen :
       {expressGenerator(), openapiGenerator(), uploadsGenerator(), workflowsGenerator()}) {
    GeneratorOutput out = runGenerator(gen, ir);
    ASSERT_EQ(out.messages.size(), 1u) << gen.name;
    EXPECT_EQ(out.messages[0].kind, DiagKind::GeneratorFailed);
    EXPECT_NE(out.messages[0].message.find("cannot read the IR"), std::string::npos);
  }
}

} // namespace
} // namespace locus
