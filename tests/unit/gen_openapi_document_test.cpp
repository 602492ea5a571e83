// The openapi generator: a JSON OpenAPI 3.1 document whose every $ref resolves and whose paths are
// exactly the routes of the express generator's API model (and of its generated routers).
#include "gen_test_util.h"
#include "generators/common/api_model.h"
#include "generators/express/express_generator.h"
#include "generators/openapi/openapi_document.h"
#include "generators/openapi/openapi_generator.h"

#include <fstream>
#include <regex>
#include <set>
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

std::string fixture() {
  return readFile(std::string(LOCUS_SOURCE_DIR) + "/tests/e2e/gen_api_fixture.locus");
}

std::string shop() {
  std::string all;
  for (const char* f : {"database", "theme", "ui", "workflows"})
    all += readFile(std::string(LOCUS_SOURCE_DIR) + "/examples/shop/" + f + ".locus") + "\n";
  return all;
}

nlohmann::json documentOf(const std::string& source) {
  GeneratorOutput out = runGenerator(openapiGenerator(), irOf(source));
  EXPECT_EQ(out.files.size(), 1u);
  return nlohmann::json::parse(out.files.at("server/openapi.json"));
}

// Every {"$ref": "#/a/b"} below `node`.
void collectRefs(const nlohmann::json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    if (node.contains("$ref") && node["$ref"].is_string()) refs.push_back(node["$ref"]);
    for (const auto& [key, value] : node.items()) collectRefs(value, refs);
  } else if (node.is_array()) {
    for (const auto& value : node) collectRefs(value, refs);
  }
}

TEST(GenOpenapi, IsOpenapi31AndEveryRefResolves) {
  for (const std::string& source : {fixture(), shop()}) {
    nlohmann::json doc = documentOf(source);
    EXPECT_EQ(doc["openapi"], "3.1.0");
    std::vector<std::string> refs;
    collectRefs(doc, refs);
    EXPECT_GT(refs.size(), 20u);
    for (const std::string& ref : refs) {
      ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
      EXPECT_TRUE(doc.contains(nlohmann::json::json_pointer(ref.substr(1)))) << ref;
    }
  }
}

TEST(GenOpenapi, PathsAreExactlyTheApiRoutes) {
  auto ir = irOf(fixture());
  nlohmann::json doc = documentOf(fixture());
  std::set<std::string> documented, served;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items())
      if (method != "parameters") documented.insert(method + " " + path);
  for (const api::ApiRoute& r : api::apiRoutes(api::buildApiModel(ir, nlohmann::json::object())))
    served.insert(r.method + " " + openapi::openapiPath(r.path));
  EXPECT_EQ(documented, served);
  EXPECT_TRUE(documented.count("post /webhooks/PostPublished"));
  EXPECT_TRUE(documented.count("post /uploads/PostImages"));
  EXPECT_TRUE(documented.count("patch /api/posts/{id}"));
}

// The express output mounts each entity under the path the document uses, and its CRUD router
// registers the six operations the document lists for it.
TEST(GenOpenapi, CrossCheckWithTheExpressOutput) {
  auto ir = irOf(fixture());
  GeneratorOutput server = runGenerator(expressGenerator(), ir);
  nlohmann::json doc = documentOf(fixture());
  std::set<std::string> mounted;
  std::regex mount("app\\.use\\(\"(/api/[a-z_]+)\"");
  const std::string& routes = server.files.at("server/src/routes.ts");
  for (std::sregex_iterator it(routes.begin(), routes.end(), mount), end; it != end; ++it)
    mounted.insert((*it)[1]);
  std::set<std::string> crudOps;
  std::regex op("router\\.(get|post|put|patch|delete)\\(\"(/|/:id)\"");
  const std::string& crud = server.files.at("server/src/crud.ts");
  for (std::sregex_iterator it(crud.begin(), crud.end(), op), end; it != end; ++it)
    crudOps.insert((*it)[1].str() + " " + ((*it)[2] == "/" ? "" : "/{id}"));
  EXPECT_EQ(crudOps.size(), 6u);
  std::set<std::string> fromExpress, documentedApi;
  for (const std::string& base : mounted)
    for (const std::string& o : crudOps) {
      auto space = o.find(' ');
      fromExpress.insert(o.substr(0, space) + " " + base + o.substr(space + 1));
    }
  std::set<std::string> documentedLinks;
  static const std::regex crudPath("^/api/[a-z_]+(/\\{id\\})?$");
  for (const auto& [path, item] : doc["paths"].items())
    if (path.rfind("/api/", 0) == 0)
      for (const auto& [method, x] : item.items())
        if (method != "parameters")
          (std::regex_match(path, crudPath) ? documentedApi : documentedLinks)
              .insert(method + " " + path);
  EXPECT_EQ(fromExpress, documentedApi);
  EXPECT_EQ(mounted.size(), 5u);
  // The link routes (relations.ts) of the fixture's one many-to-many relation, both ends.
  EXPECT_EQ(documentedLinks,
            (std::set<std::string>{
                "get /api/posts/{id}/labels", "put /api/posts/{id}/labels/{targetId}",
                "delete /api/posts/{id}/labels/{targetId}", "get /api/tags/{id}/posts",
                "put /api/tags/{id}/posts/{targetId}", "delete /api/tags/{id}/posts/{targetId}"}));
}

TEST(GenOpenapi, SchemasCarryTheConstraints) {
  nlohmann::json doc = documentOf(fixture());
  const auto& schemas = doc["components"]["schemas"];
  const auto& author = schemas["AuthorWrite"];
  EXPECT_EQ(author["required"], nlohmann::json({"name", "email"}));
  EXPECT_EQ(author["properties"]["name"]["minLength"], 2);
  EXPECT_EQ(author["properties"]["name"]["maxLength"], 40);
  EXPECT_EQ(author["properties"]["email"]["format"], "email");
  EXPECT_EQ(author["properties"]["karma"]["minimum"], 0);
  EXPECT_EQ(author["properties"]["karma"]["maximum"], 1000);
  EXPECT_EQ(author["properties"]["karma"]["default"], 0);
  EXPECT_EQ(author["properties"]["bio"]["type"], nlohmann::json({"string", "null"}));
  EXPECT_FALSE(author["properties"].contains("id")); // assigned by the database
  EXPECT_EQ(schemas["Author"]["properties"]["id"]["readOnly"], true);
  EXPECT_EQ(schemas["CategoryWrite"]["properties"]["slug"]["pattern"], "^[a-z0-9-]+$");
  EXPECT_EQ(schemas["PostWrite"]["properties"]["tags"]["type"], "array");
  EXPECT_EQ(schemas["Post"]["properties"]["views"]["type"], "string");
  EXPECT_FALSE(schemas["PostPatch"].contains("required"));
  EXPECT_EQ(schemas["PostPublishedInput"]["required"], nlohmann::json({"postId"}));
  EXPECT_TRUE(schemas["Error"]["properties"]["error"]["properties"].contains("details"));
  EXPECT_EQ(doc["components"]["securitySchemes"]["webhookSecret"]["name"], "X-Webhook-Secret");
  const auto& list = doc["paths"]["/api/posts"]["get"]["parameters"];
  std::set<std::string> names;
  for (const auto& p : list) names.insert(p["name"]);
  EXPECT_TRUE(names.count("limit") && names.count("offset") && names.count("sort"));
  EXPECT_TRUE(names.count("authorId"));
  EXPECT_FALSE(names.count("tags")); // lists are not filterable
  EXPECT_EQ(doc["paths"]["/api/posts"]["post"]["responses"]["409"]["$ref"],
            "#/components/responses/Conflict");
}

// Names that clash with the list parameters or with TypeScript names still give a valid document.
TEST(GenOpenapi, ReservedNamesGiveUniqueParameters) {
  nlohmann::json doc =
      documentOf(readFile(std::string(LOCUS_SOURCE_DIR) + "/tests/e2e/gen_api_names.locus"));
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      if (!op.is_object() || !op.contains("parameters")) continue;
      std::set<std::string> seen;
      for (const auto& p : op["parameters"])
        EXPECT_TRUE(
            seen.insert(p["in"].get<std::string>() + ":" + p["name"].get<std::string>()).second)
            << method << " " << path << " repeats " << p["name"];
    }
}

TEST(GenOpenapi, Deterministic) {
  auto ir = irOf(shop());
  EXPECT_EQ(runGenerator(openapiGenerator(), ir).files, runGenerator(openapiGenerator(), ir).files);
}

// Two parts of the API that would get one name in the document are an error naming both, not a
// schema silently replaced by another.
TEST(GenOpenapi, ANameGivenTwiceIsAnErrorNamingBoth) {
  for (const char* source :
       {"database { entity Error { code: String } }",
        "database { entity User { n: String }\n entity UserPage { m: String } }"}) {
    GeneratorOutput out = runGenerator(openapiGenerator(), irOf(source));
    EXPECT_TRUE(out.files.empty()) << source;
    ASSERT_EQ(out.messages.size(), 1u) << source;
    EXPECT_EQ(out.messages[0].kind, DiagKind::GeneratorFailed);
    EXPECT_NE(out.messages[0].message.find("names both"), std::string::npos)
        << out.messages[0].message;
    EXPECT_NE(out.messages[0].message.find("rename"), std::string::npos) << out.messages[0].message;
  }
}

} // namespace
} // namespace locus
