// End-to-end proof for the express, openapi and uploads generators: the generated server/
// type-checks with `tsc --strict`, compiles, starts under node against a real PostgreSQL, and
// serves every CRUD route of every entity of a multi-entity fixture over HTTP, including
// validation failures, unique and foreign-key conflicts, webhooks and uploads. The OpenAPI
// document lists exactly the routes the running app has registered.
#include "generators/express/express_generator.h"
#include "generators/openapi/openapi_generator.h"
#include "generators/registry.h"
#include "generators/uploads/uploads_generator.h"
#include "generators/workflows/workflows_generator.h"
#include "tests/e2e/gen_api_process.h"
#include "tests/e2e/run_process.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using test::runProcess;

const std::string kSource = LOCUS_SOURCE_DIR;
const std::string kNodeModules = kSource + "/scripts/node/node_modules";
const std::string kTsc = kNodeModules + "/.bin/tsc";
const std::string kSecret = "s3cret-value";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

// Runs the four API generators on `ir` and writes their files under `out`.
void writeApi(const locus::OrderedJson& ir, const std::string& out) {
  for (const Generator& gen :
       {expressGenerator(), openapiGenerator(), uploadsGenerator(), workflowsGenerator()}) {
    GeneratorOutput result = testing::runGenerator(gen, ir);
    for (const GeneratorMessage& m : result.messages)
      if (m.kind != DiagKind::GeneratorUnsupported) ADD_FAILURE() << gen.name << ": " << m.message;
    for (const auto& [path, content] : result.files) {
      fs::path file = fs::path(out) / path;
      fs::create_directories(file.parent_path());
      std::ofstream(file, std::ios::binary) << content;
    }
  }
  fs::create_directory_symlink(kNodeModules, fs::path(out) / "server" / "node_modules");
}

std::string sourceOf(const std::vector<std::string>& files) {
  std::string all;
  for (const std::string& f : files) all += readFile(f) + "\n";
  return all;
}

std::string tempDir(const std::string& name) {
  std::string pattern = (fs::temp_directory_path() / (name + ".XXXXXX")).string();
  return mkdtemp(pattern.data()) ? pattern : "";
}

// The PostgreSQL schema to apply: the sql generator's db/postgres/schema.sql, or "" without one.
std::string schemaFile(const locus::OrderedJson& ir, const std::string& dir) {
  for (const Generator& gen : builtinGenerators()) {
    if (gen.name != "sql") continue;
    GeneratorOutput out = testing::runGenerator(gen, ir);
    auto schema = out.files.find("db/postgres/schema.sql");
    if (schema == out.files.end()) break;
    std::ofstream(dir + "/schema.sql") << schema->second;
    return dir + "/schema.sql";
  }
  return "";
}

// The whole app, set up once for the suite.
struct RunningApp {
  std::string dir;
  std::string pgScript;
  std::string pgDir;
  std::string databaseUrl;
  std::unique_ptr<test::ChildProcess> server;
  int port = 0;
  std::string error; // why the set-up failed
};

RunningApp* app = nullptr;

std::string keyValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

std::string setUpApp(RunningApp& a) {
  a.dir = tempDir("gen_api_e2e");
  auto ir = testing::irOf(readFile(kSource + "/tests/e2e/gen_api_fixture.locus"));
  writeApi(ir, a.dir);
  std::string server = a.dir + "/server";
  auto tsc = runProcess(quote(kTsc) + " --strict -p " + quote(server)); // type-check and emit
  if (tsc.exitCode != 0) return "tsc --strict failed:\n" + tsc.out + tsc.err;
  a.pgScript = kSource + "/tests/support/pg_temp.sh";
  auto pg = runProcess(quote(a.pgScript) + " start");
  a.pgDir = keyValue(pg.out, "PG_TEMP_DIR");
  a.databaseUrl = keyValue(pg.out, "DATABASE_URL");
  if (pg.exitCode != 0 || a.databaseUrl.empty()) return "cannot start PostgreSQL:\n" + pg.err;
  std::string schema = schemaFile(ir, a.dir);
  if (schema.empty()) return "the sql generator is not registered or wrote no PostgreSQL schema";
  auto psql =
      runProcess("psql " + quote(a.databaseUrl) + " -v ON_ERROR_STOP=1 -q -f " + quote(schema));
  if (psql.exitCode != 0) return "cannot apply the schema:\n" + psql.err;
  // A stand-in for `locus run` that prints its argv as JSON (the runtime is not in main yet).
  std::string fakeLocus = a.dir + "/fake-locus.js";
  std::ofstream(fakeLocus)
      << "#!/usr/bin/env node\n"
         "if (process.argv.includes('--fail')) process.exit(3);\n"
         "const input = JSON.parse(process.argv[5]);\n"
         "if (input.note === 'fail') { console.error('boom'); process.exit(4); }\n"
         "process.stdout.write(JSON.stringify({ argv: process.argv.slice(2) }));\n";
  fs::permissions(fakeLocus, fs::perms::owner_all);
  auto node = runProcess("command -v node");
  std::string nodeBin = node.out.substr(0, node.out.find('\n'));
  fs::create_directories(a.dir + "/uploads-root");
  a.server = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{nodeBin, "dist/index.js"},
      std::map<std::string, std::string>{{"PORT", "0"},
                                         {"HOST", "127.0.0.1"},
                                         {"DATABASE_URL", a.databaseUrl},
                                         {"PUBLISH_HOOK_SECRET", kSecret},
                                         {"LOCUS_BIN", fakeLocus},
                                         {"LOCUS_PROJECT", "/srv/project"},
                                         {"CORS_ORIGINS", "http://allowed.test"},
                                         {"UPLOADS_ROOT", a.dir + "/uploads-root"}},
      server, a.dir + "/server.err");
  std::string line =
      a.server->waitForLine("listening on http://127.0.0.1:", std::chrono::seconds(20));
  if (line.empty()) return "the server did not start:\n" + readFile(a.dir + "/server.err");
  a.port = std::stoi(line.substr(line.rfind(':') + 1));
  return "";
}

class GenApiE2E : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    app = new RunningApp;
    app->error = setUpApp(*app);
  }
  static void TearDownTestSuite() {
    if (app->server) app->server->stop();
    if (!app->pgDir.empty()) runProcess(quote(app->pgScript) + " stop " + quote(app->pgDir));
    if (!app->dir.empty() && !std::getenv("LOCUS_KEEP_TMP")) fs::remove_all(app->dir);
    delete app;
    app = nullptr;
  }
  void SetUp() override { ASSERT_EQ(app->error, "") << "set-up failed"; }
};

struct Reply {
  int status = 0;
  json body;
  httplib::Headers headers;
};

Reply call(const std::string& method, const std::string& path, const json& body = nullptr,
           const httplib::Headers& headers = {}, int port = 0) {
  httplib::Client client("127.0.0.1", port != 0 ? port : app->port);
  client.set_read_timeout(10, 0);
  std::string text = body.is_null() ? "" : body.dump();
  httplib::Result r = method == "GET"      ? client.Get(path, headers)
                      : method == "DELETE" ? client.Delete(path, headers)
                      : method == "POST"   ? client.Post(path, headers, text, "application/json")
                      : method == "PUT"    ? client.Put(path, headers, text, "application/json")
                                           : client.Patch(path, headers, text, "application/json");
  Reply reply;
  if (!r) return reply;
  reply.status = r->status;
  reply.headers = r->headers;
  if (!r->body.empty()) reply.body = json::parse(r->body, nullptr, false);
  return reply;
}

// The fields that an error's details name.
std::set<std::string> errorFields(const Reply& r) {
  std::set<std::string> fields;
  if (r.body.contains("error"))
    for (const json& d : r.body["error"]["details"]) fields.insert(d["field"].get<std::string>());
  return fields;
}

int createAuthor(const std::string& email, const std::string& name = "Ada Lovelace") {
  Reply r = call("POST", "/api/authors", {{"name", name}, {"email", email}});
  EXPECT_EQ(r.status, 201) << r.body.dump();
  return r.body.value("id", -1);
}

int createPost(int authorId, const std::string& title, bool published = false) {
  Reply r = call("POST", "/api/posts",
                 {{"title", title},
                  {"body", "text"},
                  {"tags", json::array()},
                  {"authorId", authorId},
                  {"published", published}});
  EXPECT_EQ(r.status, 201) << r.body.dump();
  return r.body.value("id", -1);
}

// --- every CRUD route of every entity ---------------------------------------------------------

struct EntityCase {
  std::string path;
  std::function<json()> create; // a valid body
  json change;                  // a valid PATCH
  std::string changedField;
};

TEST_F(GenApiE2E, EveryCrudRouteOfEveryEntity) {
  int author = createAuthor("crud@example.com");
  int post = createPost(author, "Crud host");
  int n = 0;
  std::vector<EntityCase> cases = {
      {"/api/authors",
       [&] {
         return json{{"name", "Grace"}, {"email", "g" + std::to_string(n++) + "@x.io"}};
       },
       {{"karma", 7}},
       "karma"},
      {"/api/categories",
       [&] {
         return json{{"slug", "cat-" + std::to_string(n++)}, {"label", "Cats"}};
       },
       {{"label", "Dogs"}},
       "label"},
      {"/api/posts",
       [&] {
         return json{{"title", "T"}, {"body", "B"}, {"tags", {"a"}}, {"authorId", author}};
       },
       {{"title", "Changed"}},
       "title"},
      {"/api/comments",
       [&] {
         return json{{"text", "nice"}, {"postId", post}};
       },
       {{"text", "edited"}},
       "text"},
      {"/api/tags",
       [&] {
         return json{{"name", "tag-" + std::to_string(n++)}};
       },
       {{"name", "renamed"}},
       "name"},
  };
  for (const EntityCase& c : cases) {
    SCOPED_TRACE(c.path);
    json body = c.create();
    Reply created = call("POST", c.path, body);
    ASSERT_EQ(created.status, 201) << created.body.dump();
    json idValue = created.body["id"];
    std::string id = idValue.is_string() ? idValue.get<std::string>() : idValue.dump();
    EXPECT_EQ(created.headers.find("Location")->second, c.path + "/" + id);
    for (const auto& [key, value] : body.items()) EXPECT_EQ(created.body[key], value) << key;

    Reply got = call("GET", c.path + "/" + id);
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(got.body, created.body);

    Reply listed = call("GET", c.path + "?limit=100");
    EXPECT_EQ(listed.status, 200);
    bool found = false;
    for (const json& row : listed.body["data"]) found = found || row["id"] == idValue;
    EXPECT_TRUE(found);

    Reply patched = call("PATCH", c.path + "/" + id, c.change);
    EXPECT_EQ(patched.status, 200) << patched.body.dump();
    EXPECT_EQ(patched.body[c.changedField], c.change[c.changedField]);

    json replacement = c.create();
    Reply replaced = call("PUT", c.path + "/" + id, replacement);
    EXPECT_EQ(replaced.status, 200) << replaced.body.dump();
    for (const auto& [key, value] : replacement.items())
      EXPECT_EQ(replaced.body[key], value) << key;

    EXPECT_EQ(call("DELETE", c.path + "/" + id).status, 204);
    EXPECT_EQ(call("GET", c.path + "/" + id).status, 404);
    EXPECT_EQ(call("DELETE", c.path + "/" + id).status, 404);
    EXPECT_EQ(call("PUT", c.path + "/" + id, replacement).status, 404);
    EXPECT_EQ(call("PATCH", c.path + "/" + id, c.change).status, 404);
  }
}

// --- values of every type round-trip ----------------------------------------------------------

TEST_F(GenApiE2E, EveryFieldTypeRoundTrips) {
  int author = createAuthor("types@example.com");
  json body = {{"title", "All types"},
               {"body", "long text"},
               {"rating", 4.5},
               {"price", "12.50"},
               {"views", "9007199254740993"},
               {"published", true},
               {"publishedAt", "2024-05-01T12:00:00.000Z"},
               {"tags", {"x", "y"}},
               {"meta", {{"a", {1, 2}}, {"b", nullptr}}},
               {"externalId", "123e4567-e89b-12d3-a456-426614174000"},
               {"contact", "me@example.com"},
               {"authorId", author},
               {"categoryId", nullptr}};
  Reply r = call("POST", "/api/posts", body);
  ASSERT_EQ(r.status, 201) << r.body.dump();
  for (const auto& [key, value] : body.items()) EXPECT_EQ(r.body[key], value) << key;
  // Omitted fields: defaults from the database, null for optional ones.
  Reply minimal =
      call("POST", "/api/posts",
           {{"title", "m"}, {"body", "b"}, {"tags", json::array()}, {"authorId", author}});
  ASSERT_EQ(minimal.status, 201) << minimal.body.dump();
  EXPECT_EQ(minimal.body["price"], "0");
  EXPECT_EQ(minimal.body["views"], "0");
  EXPECT_EQ(minimal.body["published"], false);
  EXPECT_TRUE(minimal.body["rating"].is_null());
  EXPECT_TRUE(minimal.body["categoryId"].is_null());
}

// --- validation -------------------------------------------------------------------------------

TEST_F(GenApiE2E, ValidationFailuresName400AndTheField) {
  struct Case {
    json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"email", "v1@example.com"}}, "name"},                                  // required
      {{{"name", "A"}, {"email", "v2@example.com"}}, "name"},                   // @length min
      {{{"name", std::string(41, 'a')}, {"email", "v3@example.com"}}, "name"},  // @length max
      {{{"name", "Bob"}, {"email", "not-an-email"}}, "email"},                  // Email
      {{{"name", "Bob"}, {"email", "v4@example.com"}, {"karma", -1}}, "karma"}, // @min
      {{{"name", "Bob"}, {"email", "v5@example.com"}, {"karma", 1001}}, "karma"},
      {{{"name", "Bob"}, {"email", "v6@example.com"}, {"karma", 1.5}}, "karma"}, // Integer
      {{{"name", "Bob"}, {"email", "v7@example.com"}, {"karma", "3"}}, "karma"},
      {{{"name", "Bob"}, {"email", "v8@example.com"}, {"homepage", "no url"}}, "homepage"}, // URL
      {{{"name", nullptr}, {"email", "v9@example.com"}}, "name"}, // not nullable
      {{{"name", "Bob"}, {"email", "v10@example.com"}, {"nickname", "b"}}, "nickname"}, // unknown
      {{{"name", "Bob"}, {"email", "v11@example.com"}, {"id", 5}}, "id"}, // generated key
  };
  for (const Case& c : cases) {
    Reply r = call("POST", "/api/authors", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump();
    EXPECT_EQ(r.body["error"]["code"], "validation_failed") << c.body.dump();
    EXPECT_TRUE(errorFields(r).count(c.field)) << c.body.dump() << " -> " << r.body.dump();
  }
  Reply slug = call("POST", "/api/categories", {{"slug", "Not Valid"}, {"label", "x"}}); // @pattern
  EXPECT_EQ(slug.status, 400);
  EXPECT_TRUE(errorFields(slug).count("slug"));
  int author = createAuthor("validation@example.com");
  json post = {{"title", "t"}, {"body", "b"}, {"tags", {"ok", 3}}, {"authorId", author}};
  EXPECT_TRUE(errorFields(call("POST", "/api/posts", post)).count("tags")); // list items
  post["tags"] = json::array();
  for (const auto& [field, bad] :
       std::vector<std::pair<std::string, json>>{{"rating", 6},
                                                 {"price", "12,5"},
                                                 {"views", 1.5},
                                                 {"published", "yes"},
                                                 {"publishedAt", "yesterday"},
                                                 {"externalId", "123"},
                                                 {"contact", "nobody"}}) {
    json b = post;
    b[field] = bad;
    Reply r = call("POST", "/api/posts", b);
    EXPECT_EQ(r.status, 400) << field;
    EXPECT_TRUE(errorFields(r).count(field)) << field << " -> " << r.body.dump();
  }
  // Every problem is reported at once.
  Reply many = call("POST", "/api/authors", {{"name", "A"}, {"email", "x"}});
  EXPECT_EQ(errorFields(many), (std::set<std::string>{"name", "email"}));
}

// An enum field takes only its values (a 400 naming them) on create and update; the OpenAPI
// document lists them, and the database default is the enum's declared default.
TEST_F(GenApiE2E, EnumFieldsTakeOnlyTheirValues) {
  int author = createAuthor("enum@example.com");
  json post = {{"title", "t"}, {"body", "b"}, {"tags", json::array()}, {"authorId", author}};
  Reply created = call("POST", "/api/posts", post);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_EQ(created.body["stage"], "draft");
  json bad = post;
  bad["stage"] = "published";
  Reply r = call("POST", "/api/posts", bad);
  EXPECT_EQ(r.status, 400) << r.body.dump();
  EXPECT_EQ(r.body["error"]["code"], "validation_failed");
  ASSERT_EQ(errorFields(r), std::set<std::string>{"stage"}) << r.body.dump();
  EXPECT_EQ(r.body["error"]["details"][0]["message"],
            "must be one of \"draft\", \"review\", \"live\"");
  std::string id = std::to_string(created.body["id"].get<int>());
  Reply patched = call("PATCH", "/api/posts/" + id, {{"stage", "review"}});
  ASSERT_EQ(patched.status, 200) << patched.body.dump();
  EXPECT_EQ(patched.body["stage"], "review");
  Reply wrong = call("PATCH", "/api/posts/" + id, {{"stage", "nope"}});
  EXPECT_EQ(wrong.status, 400) << wrong.body.dump();
  json doc = json::parse(readFile(app->dir + "/server/openapi.json"));
  std::string dump = doc.dump();
  EXPECT_NE(dump.find(R"("enum":["draft","review","live"])"), std::string::npos);
}

TEST_F(GenApiE2E, BadRequestsAreJsonErrors) {
  httplib::Client client("127.0.0.1", app->port);
  auto broken = client.Post("/api/authors", "{\"name\": ", "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_EQ(json::parse(broken->body)["error"]["code"], "invalid_json");
  Reply array = call("POST", "/api/authors", json::array({1}));
  EXPECT_EQ(array.status, 400);
  Reply noRoute = call("GET", "/api/nothing");
  EXPECT_EQ(noRoute.status, 404);
  EXPECT_EQ(noRoute.body["error"]["code"], "not_found");
  Reply badId = call("GET", "/api/authors/abc");
  EXPECT_EQ(badId.status, 400);
  EXPECT_TRUE(errorFields(badId).count("id"));
  EXPECT_EQ(call("GET", "/api/authors/99999999").status, 404);
  EXPECT_EQ(call("GET", "/api/authors/99999999999").status, 400); // beyond a 32-bit key
  Reply badUuid = call("GET", "/api/tags/not-a-uuid");
  EXPECT_EQ(badUuid.status, 400);
  EXPECT_TRUE(errorFields(badUuid).count("id"));
  EXPECT_EQ(call("GET", "/api/tags/123e4567-e89b-12d3-a456-426614174000").status, 404);
  // A key with a default (not generated) may be chosen by the client.
  Reply chosen = call("POST", "/api/tags",
                      {{"id", "00000000-0000-4000-8000-000000000001"}, {"name", "chosen"}});
  EXPECT_EQ(chosen.status, 201) << chosen.body.dump();
  EXPECT_EQ(chosen.body["id"], "00000000-0000-4000-8000-000000000001");
}

TEST_F(GenApiE2E, UniqueViolationIs409) {
  createAuthor("taken@example.com");
  Reply r = call("POST", "/api/authors", {{"name", "Other"}, {"email", "taken@example.com"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["error"]["code"], "unique_violation");
  EXPECT_EQ(errorFields(r), std::set<std::string>{"email"});
  int second = createAuthor("free@example.com");
  Reply patch =
      call("PATCH", "/api/authors/" + std::to_string(second), {{"email", "taken@example.com"}});
  EXPECT_EQ(patch.status, 409);
  // A unique column behind @map still names the field.
  ASSERT_EQ(call("POST", "/api/categories", {{"slug", "dup"}, {"label", "a"}}).status, 201);
  EXPECT_EQ(call("POST", "/api/categories", {{"slug", "dup"}, {"label", "b"}}).status, 409);
}

TEST_F(GenApiE2E, ForeignKeysAre422AndBlockedDeletes409) {
  Reply r = call("POST", "/api/posts",
                 {{"title", "t"}, {"body", "b"}, {"tags", json::array()}, {"authorId", 987654}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body["error"]["code"], "foreign_key_violation");
  EXPECT_EQ(errorFields(r), std::set<std::string>{"authorId"});
  int author = createAuthor("fk@example.com");
  int post = createPost(author, "has comments");
  ASSERT_EQ(call("POST", "/api/comments", {{"text", "c"}, {"postId", post}}).status, 201);
  Reply blocked = call("DELETE", "/api/authors/" + std::to_string(author)); // on_delete: restrict
  EXPECT_EQ(blocked.status, 409);
  EXPECT_EQ(blocked.body["error"]["code"], "still_referenced");
  EXPECT_EQ(call("DELETE", "/api/posts/" + std::to_string(post)).status, 204); // cascades
  EXPECT_EQ(call("GET", "/api/comments?postId=" + std::to_string(post)).body["total"], 0);
}

TEST_F(GenApiE2E, PutResetsOmittedFieldsPatchKeepsThem) {
  int author = createAuthor("put@example.com");
  std::string path = "/api/authors/" + std::to_string(author);
  ASSERT_EQ(call("PATCH", path, {{"bio", "hello"}, {"karma", 5}}).status, 200);
  Reply patched = call("PATCH", path, {{"name", "Renamed"}});
  EXPECT_EQ(patched.body["bio"], "hello");
  EXPECT_EQ(patched.body["karma"], 5);
  Reply replaced = call("PUT", path, {{"name", "Replaced"}, {"email", "put@example.com"}});
  EXPECT_EQ(replaced.status, 200) << replaced.body.dump();
  EXPECT_TRUE(replaced.body["bio"].is_null());
  EXPECT_EQ(replaced.body["karma"], 0); // back to its default
  Reply missing = call("PUT", path, {{"name", "No email"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(errorFields(missing).count("email"));
  EXPECT_EQ(call("PATCH", path, {{"id", author}, {"karma", 1}}).status, 200); // same key is fine
  Reply moved = call("PATCH", path, {{"id", author + 1}});
  EXPECT_EQ(moved.status, 400);
  EXPECT_TRUE(errorFields(moved).count("id"));
  EXPECT_EQ(call("PATCH", path, {{"karma", 5000}}).status, 400);
}

// --- list: pagination, filters, sorting -------------------------------------------------------

TEST_F(GenApiE2E, ListPaginatesFiltersAndSorts) {
  int author = createAuthor("list@example.com");
  for (const char* title : {"b-post", "a-post", "c-post"})
    createPost(author, title, std::string(title) != "a-post");
  std::string base = "/api/posts?authorId=" + std::to_string(author);
  Reply all = call("GET", base);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body["total"], 3);
  EXPECT_EQ(all.body["limit"], 50);
  EXPECT_EQ(all.body["offset"], 0);
  Reply page1 = call("GET", base + "&limit=2&sort=title");
  ASSERT_EQ(page1.body["data"].size(), 2u);
  EXPECT_EQ(page1.body["data"][0]["title"], "a-post");
  EXPECT_EQ(page1.body["data"][1]["title"], "b-post");
  EXPECT_EQ(page1.body["total"], 3);
  Reply page2 = call("GET", base + "&limit=2&offset=2&sort=title");
  ASSERT_EQ(page2.body["data"].size(), 1u);
  EXPECT_EQ(page2.body["data"][0]["title"], "c-post");
  Reply desc = call("GET", base + "&sort=-title");
  EXPECT_EQ(desc.body["data"][0]["title"], "c-post");
  Reply published = call("GET", base + "&published=true&sort=title");
  ASSERT_EQ(published.body["total"], 2);
  EXPECT_EQ(published.body["data"][0]["title"], "b-post");
  EXPECT_EQ(call("GET", base + "&title=a-post").body["total"], 1);
  // Filters on a column behind @map use the field name.
  ASSERT_EQ(call("POST", "/api/categories", {{"slug", "mapped"}, {"label", "Mapped Label"}}).status,
            201);
  EXPECT_EQ(call("GET", "/api/categories?label=Mapped%20Label").body["total"], 1);
  // Bad list requests name the parameter.
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"limit=101", "limit"},
                                                        {"limit=-1", "limit"},
                                                        {"offset=x", "offset"},
                                                        {"sort=secret", "sort"},
                                                        {"sort=tags", "sort"},
                                                        {"nope=1", "nope"},
                                                        {"authorId=abc", "authorId"},
                                                        {"published=maybe", "published"},
                                                        {"meta=1", "meta"},
                                                        {"title=a&title=b", "title"}}) {
    Reply r = call("GET", "/api/posts?" + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_TRUE(errorFields(r).count(field)) << query << " -> " << r.body.dump();
  }
  // A filter value is a parameter, never SQL.
  Reply injection = call("GET", "/api/posts?title=x'%20OR%20'1'%3D'1");
  EXPECT_EQ(injection.status, 200);
  EXPECT_EQ(injection.body["total"], 0);
}

// --- webhooks ---------------------------------------------------------------------------------

TEST_F(GenApiE2E, WebhookChecksTheSecretAndStartsTheRuntime) {
  json input = {{"postId", 7}, {"note", "$(touch /tmp/gen_api_pwned) ; echo hi"}};
  EXPECT_EQ(call("POST", "/webhooks/PostPublished", input).status, 401);
  EXPECT_EQ(call("POST", "/webhooks/PostPublished", input, {{"X-Webhook-Secret", "wrong"}}).status,
            401);
  Reply ok = call("POST", "/webhooks/PostPublished", input, {{"X-Webhook-Secret", kSecret}});
  ASSERT_EQ(ok.status, 202) << ok.body.dump();
  EXPECT_EQ(ok.body["workflow"], "PostPublished");
  json argv = ok.body["output"]["argv"];
  ASSERT_EQ(argv.size(), 6u) << ok.body.dump();
  EXPECT_EQ(argv[0], "run");
  EXPECT_EQ(argv[1], "PostPublished");
  EXPECT_EQ(argv[2], "--input");
  EXPECT_EQ(json::parse(argv[3].get<std::string>()), input);
  EXPECT_EQ(argv[4], "--project");
  EXPECT_EQ(argv[5], "/srv/project");
  EXPECT_FALSE(fs::exists("/tmp/gen_api_pwned")); // no shell ever saw the input
  Reply invalid = call("POST", "/webhooks/PostPublished", {{"postId", "seven"}},
                       {{"X-Webhook-Secret", kSecret}});
  EXPECT_EQ(invalid.status, 400);
  EXPECT_TRUE(errorFields(invalid).count("postId"));
  Reply failed = call("POST", "/webhooks/PostPublished", {{"postId", 1}, {"note", "fail"}},
                      {{"X-Webhook-Secret", kSecret}});
  EXPECT_EQ(failed.status, 502);
  EXPECT_NE(failed.body["error"]["message"].get<std::string>().find("boom"), std::string::npos);
}

// --- uploads ----------------------------------------------------------------------------------

struct FilePart {
  std::string field, filename, type, content;
};

Reply upload(const std::vector<FilePart>& parts) {
  httplib::Client client("127.0.0.1", app->port);
  httplib::MultipartFormDataItems items;
  for (const FilePart& p : parts) items.push_back({p.field, p.content, p.filename, p.type});
  auto r = client.Post("/uploads/PostImages", items);
  Reply reply;
  if (!r) return reply;
  reply.status = r->status;
  reply.body = json::parse(r->body, nullptr, false);
  return reply;
}

TEST_F(GenApiE2E, UploadsCheckThePolicyAndStoreByHash) {
  std::string png = "\x89PNG\r\n\x1a\n" + std::string(100, 'p');
  Reply ok = upload({{"cover", "Cover Photo.PNG", "image/png", png},
                     {"gallery", "g1.png", "image/png", png + "1"}});
  ASSERT_EQ(ok.status, 201) << ok.body.dump();
  ASSERT_EQ(ok.body["files"].size(), 2u);
  std::string stored = ok.body["files"][0]["storedAs"];
  EXPECT_EQ(stored.rfind("uploads/posts/", 0), 0u) << stored;
  EXPECT_EQ(stored.substr(stored.size() - 4), ".png");
  EXPECT_EQ(readFile(app->dir + "/uploads-root/" + stored), png);
  EXPECT_EQ(ok.body["files"][0]["size"], png.size());
  Reply tooLarge = upload({{"cover", "big.png", "image/png", std::string(1025, 'x')}});
  EXPECT_EQ(tooLarge.status, 413);
  EXPECT_EQ(errorFields(tooLarge), std::set<std::string>{"cover"});
  Reply wrongType = upload({{"cover", "a.gif", "image/gif", "GIF89a"}});
  EXPECT_EQ(wrongType.status, 400);
  EXPECT_EQ(errorFields(wrongType), std::set<std::string>{"cover"});
  Reply missing = upload({{"gallery", "g.png", "image/png", png}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(errorFields(missing), std::set<std::string>{"cover"});
  Reply tooMany = upload({{"cover", "c.png", "image/png", png},
                          {"gallery", "1.png", "image/png", png},
                          {"gallery", "2.png", "image/png", png},
                          {"gallery", "3.png", "image/png", png}});
  EXPECT_EQ(tooMany.status, 400);
  EXPECT_EQ(errorFields(tooMany), std::set<std::string>{"gallery"});
  Reply unknown =
      upload({{"cover", "c.png", "image/png", png}, {"avatar", "a.png", "image/png", png}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(errorFields(unknown), std::set<std::string>{"avatar"});
  Reply notMultipart = call("POST", "/uploads/PostImages", {{"cover", "x"}});
  EXPECT_EQ(notMultipart.status, 400);
}

TEST_F(GenApiE2E, UploadedFilesAreServedBackUnderThePolicy) {
  std::string png = "\x89PNG\r\n\x1a\n" + std::string(50, 's');
  Reply ok = upload({{"cover", "served.png", "image/png", png}});
  ASSERT_EQ(ok.status, 201) << ok.body.dump();
  std::string url = ok.body["files"][0]["url"];
  EXPECT_EQ(url.rfind("/uploads/PostImages/", 0), 0u) << url;
  httplib::Client client("127.0.0.1", app->port);
  auto served = client.Get(url);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  EXPECT_EQ(served->body, png);
  EXPECT_EQ(served->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(served->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(client.Get("/uploads/PostImages/missing.png")->status, 404);
  EXPECT_EQ(client.Get("/uploads/PostImages/..%2F..%2Fserver.err")->status, 404);
  EXPECT_EQ(client.Get("/uploads/PostImages/.hidden.png")->status, 404);
  // A file of a type the policy does not accept is not served, even when it is there.
  std::ofstream(app->dir + "/uploads-root/uploads/posts/notes.txt") << "secret";
  EXPECT_EQ(client.Get("/uploads/PostImages/notes.txt")->status, 404);
}

// --- OpenAPI = the routes the app registered ---------------------------------------------------

TEST_F(GenApiE2E, OpenapiListsExactlyTheRegisteredRoutes) {
  // The app's own route table (Express 4 internals: router layers with their mount regexps).
  std::string script = app->dir + "/routes.js";
  std::ofstream(script) << R"JS(
const { app } = require(process.argv[2] + "/dist/app.js");
const out = [];
function mountOf(layer) {
  return layer.regexp.source.replace("^\\/", "/").replace("\\/?(?=\\/|$)", "").replace(/\\\//g, "/");
}
function walk(stack, prefix) {
  for (const layer of stack) {
    if (layer.route) {
      // `_all` is the 405 answer for the methods a path does not serve, not a route.
      for (const m of Object.keys(layer.route.methods)) if (m !== "_all") out.push(m + " " + (prefix + layer.route.path).replace(/\/$/, ""));
    } else if (layer.name === "router" && layer.handle.stack) {
      walk(layer.handle.stack, prefix + mountOf(layer));
    }
  }
}
walk(app._router.stack, "");
console.log(JSON.stringify(out.sort()));
process.exit(0);
)JS";
  auto routes = runProcess("DATABASE_URL=postgresql://nobody@127.0.0.1:1/x node " + quote(script) +
                           " " + quote(app->dir + "/server"));
  ASSERT_EQ(routes.exitCode, 0) << routes.err;
  std::set<std::string> registered;
  for (const json& r : json::parse(routes.out)) {
    std::string route = r;
    static const std::regex param(":([A-Za-z_]+)");
    registered.insert(std::regex_replace(route, param, "{$1}"));
  }
  json doc = json::parse(readFile(app->dir + "/server/openapi.json"));
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items())
      if (method != "parameters") documented.insert(method + " " + path);
  EXPECT_EQ(documented, registered);
  // health + 5 entities x 6 + 2 many-to-many ends x 3 + webhook + upload and download
  EXPECT_EQ(registered.size(), 40u);
}

// --- the rest of the data model: links, filters, include --------------------------------------

std::string tagId(const std::string& name) {
  Reply r = call("POST", "/api/tags", {{"name", name}});
  EXPECT_EQ(r.status, 201) << r.body.dump();
  return r.body.value("id", "");
}

TEST_F(GenApiE2E, ManyToManyLinksAreAddedListedAndRemoved) {
  int post = createPost(createAuthor("links@example.com"), "Linked");
  std::string tag = tagId("linked-tag"), other = tagId("other-tag");
  std::string links = "/api/posts/" + std::to_string(post) + "/labels/";
  EXPECT_EQ(call("PUT", links + tag).status, 201);
  EXPECT_EQ(call("PUT", links + tag).status, 204); // already linked
  EXPECT_EQ(call("PUT", links + other).status, 201);
  Reply listed = call("GET", "/api/posts/" + std::to_string(post) + "/labels");
  ASSERT_EQ(listed.status, 200) << listed.body.dump();
  EXPECT_EQ(listed.body["total"], 2);
  std::set<std::string> names;
  for (const json& t : listed.body["data"]) names.insert(t["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"linked-tag", "other-tag"}));
  Reply back = call("GET", "/api/tags/" + tag + "/posts"); // the other end sees the link
  ASSERT_EQ(back.status, 200);
  ASSERT_EQ(back.body["data"].size(), 1u);
  EXPECT_EQ(back.body["data"][0]["id"], post);
  EXPECT_EQ(call("DELETE", links + tag).status, 204);
  Reply notLinked = call("DELETE", links + tag);
  EXPECT_EQ(notLinked.status, 404);
  EXPECT_EQ(notLinked.body["error"]["code"], "not_linked");
  EXPECT_EQ(call("GET", "/api/posts/" + std::to_string(post) + "/labels").body["total"], 1);
  EXPECT_EQ(call("PUT", links + "123e4567-e89b-12d3-a456-426614174000").status, 404);
  Reply badTarget = call("PUT", links + "not-a-uuid");
  EXPECT_EQ(badTarget.status, 400);
  EXPECT_TRUE(errorFields(badTarget).count("labels"));
  EXPECT_EQ(call("GET", "/api/posts/99999999/labels").status, 404);
  // Deleting the post removes its links (the join table cascades).
  EXPECT_EQ(call("DELETE", "/api/posts/" + std::to_string(post)).status, 204);
  EXPECT_EQ(call("GET", "/api/tags/" + other + "/posts").body["total"], 0);
}

TEST_F(GenApiE2E, ListFiltersBeyondEquality) {
  for (auto [name, karma] : {std::pair<std::string, int>{"Filter Lovelace", 3},
                             {"Filter Hopper", 7},
                             {"Filter Turing", 12}}) {
    Reply r = call("POST", "/api/authors",
                   {{"name", name}, {"email", name.substr(7) + "@filters.io"}, {"karma", karma}});
    ASSERT_EQ(r.status, 201) << r.body.dump();
  }
  auto names = [](const std::string& query) {
    Reply r = call("GET", "/api/authors?sort=karma&" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.body.dump();
    std::vector<std::string> out;
    for (const json& a : r.body["data"]) out.push_back(a["name"]);
    return out;
  };
  using V = std::vector<std::string>;
  // Other tests share the database (several "Ada Lovelace" rows): combine with the prefix.
  EXPECT_EQ(names("name[startsWith]=Filter&name[contains]=LOVE"), (V{"Filter Lovelace"}));
  EXPECT_EQ(names("name[startsWith]=filter%20h"), (V{"Filter Hopper"}));
  EXPECT_EQ(names("name[contains]=%25"), V{}); // % is matched literally
  EXPECT_EQ(names("name[startsWith]=Filter&karma[gte]=7&karma[lt]=12"), (V{"Filter Hopper"}));
  EXPECT_EQ(names("name[startsWith]=Filter&karma[in]=3,12"),
            (V{"Filter Lovelace", "Filter Turing"}));
  EXPECT_EQ(names("name[startsWith]=Filter&karma[ne]=7"), (V{"Filter Lovelace", "Filter Turing"}));
  EXPECT_EQ(names("name[startsWith]=Filter&homepage[null]=false"), V{});
  EXPECT_EQ(names("name[startsWith]=Filter&homepage[null]=true").size(), 3u);
  Reply unknownOp = call("GET", "/api/authors?karma[near]=3");
  EXPECT_EQ(unknownOp.status, 400);
  EXPECT_EQ(errorFields(unknownOp), std::set<std::string>{"karma[near]"});
  EXPECT_EQ(call("GET", "/api/authors?karma[contains]=3").status, 400); // text only
  EXPECT_EQ(call("GET", "/api/authors?karma[gte]=many").status, 400);
  EXPECT_EQ(call("GET", "/api/authors?homepage[null]=maybe").status, 400);
}

TEST_F(GenApiE2E, IncludeAddsRelatedRows) {
  int author = createAuthor("include@example.com", "Include Author");
  int post = createPost(author, "Included");
  std::string tag = tagId("include-tag");
  ASSERT_EQ(call("PUT", "/api/posts/" + std::to_string(post) + "/labels/" + tag).status, 201);
  ASSERT_EQ(call("POST", "/api/comments", {{"text", "first"}, {"postId", post}}).status, 201);
  Reply one = call("GET", "/api/posts/" + std::to_string(post) +
                              "?include=author,labels,comments,category");
  ASSERT_EQ(one.status, 200) << one.body.dump();
  EXPECT_EQ(one.body["author"]["name"], "Include Author");
  EXPECT_TRUE(one.body["category"].is_null());
  ASSERT_EQ(one.body["labels"].size(), 1u);
  EXPECT_EQ(one.body["labels"][0]["name"], "include-tag");
  ASSERT_EQ(one.body["comments"].size(), 1u);
  EXPECT_EQ(one.body["comments"][0]["text"], "first");
  Reply list = call("GET", "/api/authors?email=include@example.com&include=posts");
  ASSERT_EQ(list.status, 200) << list.body.dump();
  ASSERT_EQ(list.body["data"].size(), 1u);
  ASSERT_EQ(list.body["data"][0]["posts"].size(), 1u);
  EXPECT_EQ(list.body["data"][0]["posts"][0]["title"], "Included");
  Reply unknown = call("GET", "/api/posts?include=writer");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(errorFields(unknown), std::set<std::string>{"include"});
}

// --- status codes: 405, 415, CORS, health ------------------------------------------------------

TEST_F(GenApiE2E, WrongMethodIs405WithAllow) {
  Reply collection = call("DELETE", "/api/posts");
  EXPECT_EQ(collection.status, 405);
  EXPECT_EQ(collection.body["error"]["code"], "method_not_allowed");
  EXPECT_EQ(collection.headers.find("Allow")->second, "GET, POST, HEAD, OPTIONS");
  Reply item = call("POST", "/api/posts/1", json::object());
  EXPECT_EQ(item.status, 405);
  EXPECT_EQ(item.headers.find("Allow")->second, "GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
  Reply links = call("POST", "/api/posts/1/labels", json::object());
  EXPECT_EQ(links.status, 405);
  httplib::Client client("127.0.0.1", app->port);
  auto options = client.Options("/api/posts");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 204);
  EXPECT_EQ(options->get_header_value("Allow"), "GET, POST, HEAD, OPTIONS");
}

TEST_F(GenApiE2E, NonJsonBodyIs415) {
  httplib::Client client("127.0.0.1", app->port);
  std::string body = R"({"name": "Plain", "email": "plain@example.com"})";
  auto plain = client.Post("/api/authors", body, "text/plain");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 415);
  EXPECT_EQ(json::parse(plain->body)["error"]["code"], "unsupported_media_type");
  auto form = client.Patch("/api/authors/1", "name=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  auto typed = client.Post("/api/authors", body, "application/json; charset=utf-8");
  ASSERT_TRUE(typed);
  EXPECT_EQ(typed->status, 201) << typed->body;
}

TEST_F(GenApiE2E, CorsAllowsOnlyConfiguredOrigins) {
  httplib::Client client("127.0.0.1", app->port);
  auto allowed = client.Get("/api/posts", {{"Origin", "http://allowed.test"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "http://allowed.test");
  auto other = client.Get("/api/posts", {{"Origin", "http://evil.test"}});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  auto preflight =
      client.Options("/api/posts", {{"Origin", "http://allowed.test"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "content-type"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Methods").find("POST"),
            std::string::npos);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Headers"), "content-type");
}

// A second server of the same app on `databaseUrl`; its port, or 0 when it did not start.
int startSecondServer(const std::string& databaseUrl, std::unique_ptr<test::ChildProcess>& server) {
  auto node = runProcess("command -v node");
  server = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{node.out.substr(0, node.out.find('\n')), "dist/index.js"},
      std::map<std::string, std::string>{
          {"PORT", "0"}, {"HOST", "127.0.0.1"}, {"DATABASE_URL", databaseUrl}},
      app->dir + "/server", app->dir + "/second.err");
  std::string line =
      server->waitForLine("listening on http://127.0.0.1:", std::chrono::seconds(20));
  return line.empty() ? 0 : std::stoi(line.substr(line.rfind(':') + 1));
}

TEST_F(GenApiE2E, HealthChecksTheDatabaseAndItsTables) {
  Reply ok = call("GET", "/health");
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["database"], "ok");
  EXPECT_EQ(ok.body["schema"], "ok");
  EXPECT_TRUE(ok.body.contains("schemaVersion"));
  // A database without the schema: up, but not ready.
  ASSERT_EQ(
      runProcess("psql " + quote(app->databaseUrl) + " -q -c 'CREATE DATABASE noschema'").exitCode,
      0);
  std::string empty =
      std::regex_replace(app->databaseUrl, std::regex("/[^/?]+(\\?|$)"), "/noschema$1");
  std::unique_ptr<test::ChildProcess> second;
  int port = startSecondServer(empty, second);
  ASSERT_NE(port, 0) << readFile(app->dir + "/second.err");
  Reply missing = call("GET", "/health", nullptr, {}, port);
  EXPECT_EQ(missing.status, 503);
  EXPECT_NE(missing.body.value("schema", "").find("missing tables: authors"), std::string::npos)
      << missing.body.dump();
  second->stop();
  // No database at all: 503 with the reason.
  port = startSecondServer("postgresql://nobody@127.0.0.1:1/none", second);
  ASSERT_NE(port, 0) << readFile(app->dir + "/second.err");
  Reply down = call("GET", "/health", nullptr, {}, port);
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.body.value("database", "").rfind("unreachable", 0), 0u) << down.body.dump();
  second->stop();
}

// --- examples/shop through `locusc build` ------------------------------------------------------

// The real build of examples/shop: its server type-checks, starts on the sql generator's
// PostgreSQL schema, and serves the shop's entities.
TEST_F(GenApiE2E, ShopBuiltByLocuscServesCrud) {
  std::string out = app->dir + "/shop-out";
  auto build = runProcess(quote(LOCUSC_PATH) + " build " + quote(kSource + "/examples/shop") +
                          " -o " + quote(out) + " -q");
  ASSERT_EQ(build.exitCode, 0) << build.out << build.err;
  for (const char* f :
       {"server/src/app.ts", "server/src/entities/customers.ts", "server/openapi.json",
        "workflows/bundle.json", "db/postgres/schema.sql", "BUILD_MANIFEST.json"})
    EXPECT_TRUE(fs::exists(out + "/" + f)) << f;
  fs::create_directory_symlink(kNodeModules, out + "/server/node_modules");
  auto tsc = runProcess(quote(kTsc) + " --strict -p " + quote(out + "/server"));
  ASSERT_EQ(tsc.exitCode, 0) << tsc.out << tsc.err;
  ASSERT_EQ(
      runProcess("psql " + quote(app->databaseUrl) + " -q -c 'CREATE DATABASE shop'").exitCode, 0);
  std::string shopUrl = app->databaseUrl.substr(0, app->databaseUrl.rfind('/')) + "/shop";
  auto psql = runProcess("psql " + quote(shopUrl) + " -v ON_ERROR_STOP=1 -q -f " +
                         quote(out + "/db/postgres/schema.sql"));
  ASSERT_EQ(psql.exitCode, 0) << psql.err;
  auto node = runProcess("command -v node");
  test::ChildProcess server({node.out.substr(0, node.out.find('\n')), "dist/index.js"},
                            {{"PORT", "0"}, {"HOST", "127.0.0.1"}, {"DATABASE_URL", shopUrl}},
                            out + "/server", app->dir + "/shop-server.err");
  std::string line = server.waitForLine("listening on http://127.0.0.1:", std::chrono::seconds(20));
  ASSERT_FALSE(line.empty()) << readFile(app->dir + "/shop-server.err");
  int port = std::stoi(line.substr(line.rfind(':') + 1));

  Reply customer =
      call("POST", "/api/customers", {{"name", "Ada"}, {"email", "ada@shop.example"}}, {}, port);
  ASSERT_EQ(customer.status, 201) << customer.body.dump();
  EXPECT_EQ(customer.body["tier"], "standard"); // @default
  EXPECT_TRUE(customer.body["createdAt"].is_string());
  EXPECT_EQ(
      call("POST", "/api/customers", {{"name", "Bob"}, {"email", "ada@shop.example"}}, {}, port)
          .status,
      409);
  int customerId = customer.body["id"];
  Reply order =
      call("POST", "/api/orders", {{"customerId", customerId}, {"totalCents", 1250}}, {}, port);
  ASSERT_EQ(order.status, 201) << order.body.dump();
  EXPECT_EQ(order.body["status"], "pending");
  EXPECT_TRUE(order.body["paidAt"].is_null());
  EXPECT_EQ(
      call("POST", "/api/orders", {{"customerId", 424242}, {"totalCents", 1}}, {}, port).status,
      422);
  EXPECT_EQ(call("POST", "/api/orders", {{"customerId", customerId}, {"totalCents", -1}}, {}, port)
                .status,
            400);
  Reply product =
      call("POST", "/api/products",
           {{"sku", "AB-1"}, {"title", "Lamp"}, {"priceCents", 999}, {"tags", {"home"}}}, {}, port);
  ASSERT_EQ(product.status, 201) << product.body.dump();
  EXPECT_EQ(product.body["stock"], 0);
  Reply badSku =
      call("POST", "/api/products",
           {{"sku", "ab 1"}, {"title", "x"}, {"priceCents", 1}, {"tags", json::array()}}, {}, port);
  EXPECT_EQ(badSku.status, 400);
  EXPECT_TRUE(errorFields(badSku).count("sku"));
  Reply orders =
      call("GET", "/api/orders?customerId=" + std::to_string(customerId), nullptr, {}, port);
  EXPECT_EQ(orders.body["total"], 1);
  EXPECT_EQ(
      call("DELETE", "/api/customers/" + std::to_string(customerId), nullptr, {}, port).status,
      204);
  EXPECT_EQ(
      call("GET", "/api/orders/" + std::to_string(order.body["id"].get<int>()), nullptr, {}, port)
          .status,
      404); // cascade
}

// --- examples/shop type-checks ----------------------------------------------------------------

// Entity and field names that clash with names the generated code imports or uses.
TEST(GenApiTypecheck, ClashingNamesPassTscStrict) {
  std::string dir = tempDir("gen_api_names");
  writeApi(testing::irOf(readFile(kSource + "/tests/e2e/gen_api_names.locus")), dir);
  auto tsc = runProcess(quote(kTsc) + " --strict --noEmit -p " + quote(dir + "/server"));
  EXPECT_EQ(tsc.exitCode, 0) << tsc.out << tsc.err;
  fs::remove_all(dir);
}

TEST(GenApiTypecheck, ShopServerPassesTscStrict) {
  std::string dir = tempDir("gen_api_shop");
  std::vector<std::string> files;
  for (const char* f : {"database", "theme", "ui", "workflows"})
    files.push_back(kSource + "/examples/shop/" + f + ".locus");
  writeApi(testing::irOf(sourceOf(files)), dir);
  auto tsc = runProcess(quote(kTsc) + " --strict --noEmit -p " + quote(dir + "/server"));
  EXPECT_EQ(tsc.exitCode, 0) << tsc.out << tsc.err;
  fs::remove_all(dir);
}

} // namespace
} // namespace locus
