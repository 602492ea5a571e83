// The /auth routes in the OpenAPI document of a program with `auth { }`: every route auth.ts
// registers is documented with its bodies and answers, the session cookie is a security scheme,
// every unsafe operation takes the X-CSRF-Token header, and the password is in no schema.
#include "gen_test_util.h"
#include "generators/common/api_model.h"
#include "generators/express/express_generator.h"
#include "generators/openapi/openapi_document.h"
#include "generators/openapi/openapi_generator.h"

#include <regex>
#include <set>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

const char* kApp = R"(
auth { user: User, identity: email, password: passwordHash, role: role }
entity User {
  email: Email @unique
  passwordHash: String
  role: String @default("member")
  name: String?
  access { read: currentUser.id == id }
}
entity Deal {
  title: String
  ownerId: Integer
  access { read: currentUser.id == ownerId, create: currentUser.id == ownerId }
}
)";

nlohmann::json documentOf(const std::string& source) {
  GeneratorOutput out = runGenerator(openapiGenerator(), irOf(source));
  return nlohmann::json::parse(out.files.at("server/openapi.json"));
}

TEST(GenOpenapiAuth, DocumentsEveryAuthRouteTheServerRegisters) {
  nlohmann::json doc = documentOf(kApp);
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items())
    if (path.rfind("/auth/", 0) == 0)
      for (const auto& [method, op] : item.items()) documented.insert(method + " " + path);
  std::set<std::string> registered;
  const std::string auth =
      runGenerator(expressGenerator(), irOf(kApp)).files.at("server/src/auth.ts");
  std::regex route("authRouter\\.(get|post)\\(\"(/[a-z]+)\"");
  for (std::sregex_iterator it(auth.begin(), auth.end(), route), end; it != end; ++it)
    registered.insert((*it)[1].str() + " /auth" + (*it)[2].str());
  EXPECT_EQ(documented, registered);
  EXPECT_EQ(documented.size(), 7u);
  std::set<std::string> modelled;
  for (const api::ApiRoute& r : api::authRoutes()) modelled.insert(r.method + " " + r.path);
  EXPECT_EQ(modelled, documented);
}

TEST(GenOpenapiAuth, BodiesAnswersAndEveryRefResolve) {
  nlohmann::json doc = documentOf(kApp);
  const nlohmann::json& login = doc["paths"]["/auth/login"]["post"];
  EXPECT_EQ(login["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/AuthLogin");
  for (const char* status : {"200", "401", "403", "429"})
    EXPECT_TRUE(login["responses"].contains(status)) << status;
  const nlohmann::json& schemas = doc["components"]["schemas"];
  EXPECT_EQ(schemas["AuthLogin"]["required"], nlohmann::json::array({"email", "password"}));
  EXPECT_EQ(schemas["AuthSignup"]["allOf"][0]["$ref"], "#/components/schemas/UserWrite");
  EXPECT_EQ(schemas["AuthReset"]["properties"]["password"]["minLength"], 8);
  EXPECT_EQ(doc["paths"]["/auth/forgot"]["post"]["responses"].count("202"), 1u);
  EXPECT_EQ(doc.dump().find("passwordHash"), std::string::npos) << "the hash field is in no schema";
  std::vector<std::string> refs;
  std::function<void(const nlohmann::json&)> collect = [&](const nlohmann::json& node) {
    if (node.is_object() && node.contains("$ref")) refs.push_back(node["$ref"]);
    if (node.is_structured())
      for (const auto& child : node) collect(child);
  };
  collect(doc);
  for (const std::string& ref : refs)
    EXPECT_TRUE(doc.contains(nlohmann::json::json_pointer(ref.substr(1)))) << ref;
}

TEST(GenOpenapiAuth, SessionCookieAndCsrfHeader) {
  nlohmann::json doc = documentOf(kApp);
  EXPECT_EQ(doc["components"]["securitySchemes"]["sessionCookie"]["in"], "cookie");
  EXPECT_EQ(doc["components"]["securitySchemes"]["sessionCookie"]["name"], "locus_session");
  EXPECT_EQ(doc["components"]["parameters"]["CsrfToken"]["name"], "X-CSRF-Token");
  EXPECT_EQ(doc["security"][1].count("sessionCookie"), 1u);
  size_t unsafe = 0;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      if (method != "post" && method != "put" && method != "patch" && method != "delete") continue;
      ++unsafe;
      ASSERT_TRUE(op.contains("parameters")) << method << " " << path;
      EXPECT_EQ(op["parameters"][0]["$ref"], "#/components/parameters/CsrfToken")
          << method << " " << path;
    }
  EXPECT_GT(unsafe, 10u);
}

TEST(GenOpenapiAuth, ProgramsWithoutAuthDocumentNoneOfIt) {
  nlohmann::json doc = documentOf("entity Note { body: String }");
  EXPECT_FALSE(doc.contains("security"));
  EXPECT_FALSE(doc["components"].contains("parameters"));
  EXPECT_FALSE(doc["components"].contains("securitySchemes"));
  for (const auto& [path, item] : doc["paths"].items())
    EXPECT_NE(path.rfind("/auth/", 0), 0u) << path;
}

} // namespace
} // namespace locus
