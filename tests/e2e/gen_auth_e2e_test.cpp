// End-to-end proof of `auth { }` and `access { }` in the generated Express API: `locusc build`
// on tests/e2e/gen_auth_fixture, tsc --strict, the schema applied to a real PostgreSQL, the
// server under node, and every assertion over real HTTP with real cookies:
// sign-up/login/logout/me, session fixation, CSRF (missing token, wrong token, cross-site
// Origin), lockout, the password hash in no response and no log, and a policy matrix
// (anonymous, two members, an admin × list/get/create/update/delete × own/foreign/public rows,
// includes and totals that must not leak, an entity with no policies).
// Cost: one tsc run, one PostgreSQL, one node server (about 15 s on the 2-core CI machine).
#include "tests/e2e/gen_api_process.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
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
const std::string kPassword = "correct horse battery";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

std::string keyValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

struct RunningApp {
  std::string dir, pgScript, pgDir, databaseUrl, error;
  std::unique_ptr<test::ChildProcess> server;
  int port = 0;
};

RunningApp* app = nullptr;

std::string setUpApp(RunningApp& a) {
  std::string pattern = (fs::temp_directory_path() / "gen_auth_e2e.XXXXXX").string();
  if (!mkdtemp(pattern.data())) return "no temp dir";
  a.dir = pattern;
  std::string out = a.dir + "/out";
  auto build =
      runProcess(quote(LOCUSC_PATH) + " build " + quote(kSource + "/tests/e2e/gen_auth_fixture") +
                 " -o " + quote(out) + " -q");
  if (build.exitCode != 0) return "locusc build failed:\n" + build.out + build.err;
  std::string server = out + "/server";
  fs::create_directory_symlink(kNodeModules, server + "/node_modules");
  auto tsc = runProcess(quote(kNodeModules + "/.bin/tsc") + " --strict -p " + quote(server));
  if (tsc.exitCode != 0) return "tsc --strict failed:\n" + tsc.out + tsc.err;
  a.pgScript = kSource + "/tests/support/pg_temp.sh";
  auto pg = runProcess(quote(a.pgScript) + " start");
  a.pgDir = keyValue(pg.out, "PG_TEMP_DIR");
  a.databaseUrl = keyValue(pg.out, "DATABASE_URL");
  if (pg.exitCode != 0 || a.databaseUrl.empty()) return "cannot start PostgreSQL:\n" + pg.err;
  auto psql = runProcess("psql " + quote(a.databaseUrl) + " -v ON_ERROR_STOP=1 -q -f " +
                         quote(out + "/db/postgres/schema.sql"));
  if (psql.exitCode != 0) return "cannot apply the schema:\n" + psql.err;
  auto node = runProcess("command -v node");
  a.server = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{node.out.substr(0, node.out.find('\n')), "dist/index.js"},
      std::map<std::string, std::string>{{"PORT", "0"},
                                         {"HOST", "127.0.0.1"},
                                         {"DATABASE_URL", a.databaseUrl},
                                         {"AUTH_MAX_FAILURES", "3"},
                                         {"AUTH_LOGINS_PER_MINUTE", "1000"}},
      server, a.dir + "/server.err");
  std::string line =
      a.server->waitForLine("listening on http://127.0.0.1:", std::chrono::seconds(20));
  if (line.empty()) return "the server did not start:\n" + readFile(a.dir + "/server.err");
  a.port = std::stoi(line.substr(line.rfind(':') + 1));
  return "";
}

class GenAuthE2E : public ::testing::Test {
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
  std::string text;
  std::vector<std::string> setCookies;
};

// A browser-like client: keeps the session and CSRF cookies it was given and sends the CSRF
// token back in X-CSRF-Token (unless told not to).
struct Browser {
  std::string session, csrf;
  bool sendCsrf = true;
  std::string origin; // sent as Origin when not empty

  Reply call(const std::string& method, const std::string& path, const json& body = nullptr) {
    httplib::Client client("127.0.0.1", app->port);
    client.set_read_timeout(10, 0);
    httplib::Headers headers;
    std::string cookie;
    if (!session.empty()) cookie += "locus_session=" + session;
    if (!csrf.empty()) cookie += (cookie.empty() ? "" : "; ") + std::string("locus_csrf=") + csrf;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    if (sendCsrf && !csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    if (!origin.empty()) headers.emplace("Origin", origin);
    std::string text = body.is_null() ? "" : body.dump();
    httplib::Result r = method == "GET"      ? client.Get(path, headers)
                        : method == "DELETE" ? client.Delete(path, headers)
                        : method == "POST"   ? client.Post(path, headers, text, "application/json")
                                           : client.Patch(path, headers, text, "application/json");
    Reply reply;
    if (!r) return reply;
    reply.status = r->status;
    reply.text = r->body;
    if (!r->body.empty()) reply.body = json::parse(r->body, nullptr, false);
    auto [from, to] = r->headers.equal_range("Set-Cookie");
    for (auto it = from; it != to; ++it) {
      reply.setCookies.push_back(it->second);
      std::string v = it->second.substr(0, it->second.find(';'));
      std::string name = v.substr(0, v.find('=')), value = v.substr(v.find('=') + 1);
      if (name == "locus_session") session = value;
      if (name == "locus_csrf") csrf = value;
    }
    return reply;
  }
};

Browser signUp(const std::string& email) {
  Browser b;
  Reply r = b.call("POST", "/auth/signup", {{"email", email}, {"password", kPassword}});
  EXPECT_EQ(r.status, 201) << r.text;
  return b;
}

int userId(Browser& b) {
  Reply me = b.call("GET", "/auth/me");
  EXPECT_EQ(me.status, 200) << me.text;
  return me.body["user"].value("id", -1);
}

void makeAdmin(const std::string& email) {
  auto psql =
      runProcess("psql " + quote(app->databaseUrl) +
                 " -q -c \"UPDATE users SET role = 'admin' WHERE email = '" + email + "'\"");
  ASSERT_EQ(psql.exitCode, 0) << psql.err;
}

std::set<int> ids(const Reply& list) {
  std::set<int> out;
  for (const json& row : list.body["data"]) out.insert(row["id"].get<int>());
  return out;
}

// --- sessions, CSRF, lockout ---------------------------------------------------------------

TEST_F(GenAuthE2E, SignupLoginMeLogout) {
  Browser b;
  Reply up =
      b.call("POST", "/auth/signup", {{"email", "sam@example.test"}, {"password", kPassword}});
  ASSERT_EQ(up.status, 201) << up.text;
  EXPECT_EQ(up.body["user"]["email"], "sam@example.test");
  EXPECT_EQ(up.body["user"]["role"], "member"); // @default; not choosable at sign-up
  bool httpOnly = false;
  for (const std::string& c : up.setCookies)
    if (c.rfind("locus_session=", 0) == 0)
      httpOnly =
          c.find("HttpOnly") != std::string::npos && c.find("SameSite=Lax") != std::string::npos;
  EXPECT_TRUE(httpOnly) << "the session cookie must be HttpOnly and SameSite=Lax";
  EXPECT_EQ(b.call("GET", "/auth/me").status, 200);
  EXPECT_EQ(Browser{}.call("GET", "/auth/me").status, 401);
  EXPECT_EQ(
      Browser{}
          .call("POST", "/auth/signup", {{"email", "sam@example.test"}, {"password", kPassword}})
          .status,
      409);
  EXPECT_EQ(Browser{}
                .call("POST", "/auth/signup", {{"email", "x@example.test"}, {"password", "short"}})
                .status,
            400);
  EXPECT_EQ(Browser{}
                .call("POST", "/auth/signup",
                      {{"email", "y@example.test"}, {"password", kPassword}, {"role", "admin"}})
                .status,
            400);
  EXPECT_EQ(b.call("POST", "/auth/logout").status, 204);
  EXPECT_EQ(b.call("GET", "/auth/me").status, 401);
  Browser again;
  Reply in =
      again.call("POST", "/auth/login", {{"email", "sam@example.test"}, {"password", kPassword}});
  EXPECT_EQ(in.status, 200) << in.text;
  EXPECT_EQ(again.call("GET", "/auth/me").body["user"]["email"], "sam@example.test");
  EXPECT_EQ(Browser{}
                .call("POST", "/auth/login",
                      {{"email", "sam@example.test"}, {"password", "wrong password"}})
                .status,
            401);
}

TEST_F(GenAuthE2E, LoginStartsANewSession) {
  Browser b = signUp("fix@example.test");
  std::string before = b.session;
  Browser attacker; // someone who knows the pre-login session id
  attacker.session = before;
  attacker.csrf = b.csrf;
  Reply in =
      b.call("POST", "/auth/login", {{"email", "fix@example.test"}, {"password", kPassword}});
  ASSERT_EQ(in.status, 200) << in.text;
  EXPECT_NE(b.session, before);
  EXPECT_EQ(attacker.call("GET", "/auth/me").status, 401) << "the old session must be gone";
  EXPECT_EQ(b.call("GET", "/auth/me").status, 200);
}

TEST_F(GenAuthE2E, UnsafeRequestsNeedTheCsrfTokenAndTheSameOrigin) {
  Browser b = signUp("csrf@example.test");
  int me = userId(b);
  json project = {{"name", "p"}, {"ownerId", me}};
  b.sendCsrf = false;
  Reply missing = b.call("POST", "/api/projects", project);
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.body["error"]["code"], "csrf_failed");
  b.sendCsrf = true;
  std::string token = b.csrf;
  b.csrf = "forged";
  EXPECT_EQ(b.call("POST", "/api/projects", project).status, 403);
  b.csrf = token;
  b.origin = "http://evil.test";
  EXPECT_EQ(b.call("POST", "/api/projects", project).status, 403);
  b.origin = "http://127.0.0.1:" + std::to_string(app->port); // same origin
  EXPECT_EQ(b.call("POST", "/api/projects", project).status, 201);
  b.origin = "";
  EXPECT_EQ(b.call("POST", "/api/projects", project).status, 201);
  b.sendCsrf = false;
  EXPECT_EQ(b.call("GET", "/api/projects").status, 200) << "safe methods need no token";
}

TEST_F(GenAuthE2E, RepeatedFailuresLockTheAccount) {
  signUp("lock@example.test");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Browser{}
                  .call("POST", "/auth/login",
                        {{"email", "lock@example.test"}, {"password", "nope nope"}})
                  .status,
              401);
  Reply locked = Browser{}.call("POST", "/auth/login",
                                {{"email", "lock@example.test"}, {"password", kPassword}});
  EXPECT_EQ(locked.status, 429) << locked.text;
  EXPECT_EQ(locked.body["error"]["code"], "locked");
}

// --- the policy matrix ---------------------------------------------------------------------

TEST_F(GenAuthE2E, PolicyMatrix) {
  Browser alice = signUp("alice@example.test"), bob = signUp("bob@example.test");
  Browser carol = signUp("carol@example.test"), anon;
  makeAdmin("carol@example.test");
  int a = userId(alice), b = userId(bob);

  // create: only for yourself, only signed in
  Reply p1 = alice.call("POST", "/api/projects", {{"name", "alice private"}, {"ownerId", a}});
  ASSERT_EQ(p1.status, 201) << p1.text;
  Reply p2 = alice.call("POST", "/api/projects",
                        {{"name", "alice public"}, {"ownerId", a}, {"public", true}});
  Reply p3 = bob.call("POST", "/api/projects", {{"name", "bob private"}, {"ownerId", b}});
  ASSERT_EQ(p3.status, 201) << p3.text;
  EXPECT_EQ(anon.call("POST", "/api/projects", {{"name", "x"}, {"ownerId", a}}).status, 401);
  EXPECT_EQ(bob.call("POST", "/api/projects", {{"name", "x"}, {"ownerId", a}}).status, 403);
  int id1 = p1.body["id"], id2 = p2.body["id"], id3 = p3.body["id"];
  std::string path1 = "/api/projects/" + std::to_string(id1);

  // list: filtered in SQL, totals count only what may be read
  auto mine = [&](Browser& who) {
    Reply r = who.call("GET", "/api/projects?limit=100");
    EXPECT_EQ(r.status, 200) << r.text;
    std::set<int> seen = ids(r);
    EXPECT_EQ(r.body["total"].get<size_t>(), seen.size());
    std::set<int> relevant;
    for (int id : {id1, id2, id3})
      if (seen.count(id)) relevant.insert(id);
    return relevant;
  };
  EXPECT_EQ(mine(anon), (std::set<int>{id2}));
  EXPECT_EQ(mine(alice), (std::set<int>{id1, id2}));
  EXPECT_EQ(mine(bob), (std::set<int>{id2, id3}));
  EXPECT_EQ(mine(carol), (std::set<int>{id1, id2, id3}));
  EXPECT_EQ(bob.call("GET", "/api/projects?name=alice%20private").body["total"], 0);

  // get: unreadable is 404 (existence is not revealed)
  EXPECT_EQ(bob.call("GET", path1).status, 404);
  EXPECT_EQ(anon.call("GET", path1).status, 404);
  EXPECT_EQ(alice.call("GET", path1).status, 200);
  EXPECT_EQ(carol.call("GET", path1).status, 200);

  // update: 404 unreadable, 403 readable but refused, and the result must still pass
  EXPECT_EQ(bob.call("PATCH", path1, {{"name", "mine now"}}).status, 404);
  EXPECT_EQ(bob.call("PATCH", "/api/projects/" + std::to_string(id2), {{"name", "x"}}).status, 403);
  EXPECT_EQ(anon.call("PATCH", "/api/projects/" + std::to_string(id2), {{"name", "x"}}).status,
            401);
  EXPECT_EQ(alice.call("PATCH", path1, {{"name", "renamed"}}).status, 200);
  EXPECT_EQ(alice.call("PATCH", path1, {{"ownerId", b}}).status, 403) << "cannot give a row away";
  EXPECT_EQ(alice.call("GET", path1).body["ownerId"], a);

  // delete: admins only
  EXPECT_EQ(alice.call("DELETE", path1).status, 403);
  EXPECT_EQ(bob.call("DELETE", path1).status, 404);

  // includes never leak: tasks are private to their owner, whatever the project
  Reply t1 = alice.call("POST", "/api/tasks",
                        {{"title", "alice task"}, {"projectId", id2}, {"ownerId", a}});
  Reply t2 =
      bob.call("POST", "/api/tasks", {{"title", "bob task"}, {"projectId", id2}, {"ownerId", b}});
  Reply t3 = bob.call("POST", "/api/tasks",
                      {{"title", "bob in alice's"}, {"projectId", id1}, {"ownerId", b}});
  ASSERT_EQ(t1.status, 201) << t1.text;
  ASSERT_EQ(t2.status, 201) << t2.text;
  ASSERT_EQ(t3.status, 201) << t3.text;
  EXPECT_EQ(
      anon.call("POST", "/api/tasks", {{"title", "x"}, {"projectId", id2}, {"ownerId", a}}).status,
      401);
  Reply withTasks = bob.call("GET", "/api/projects/" + std::to_string(id2) + "?include=tasks");
  ASSERT_EQ(withTasks.status, 200) << withTasks.text;
  ASSERT_EQ(withTasks.body["tasks"].size(), 1u) << withTasks.text;
  EXPECT_EQ(withTasks.body["tasks"][0]["title"], "bob task");
  Reply listed = alice.call("GET", "/api/projects?include=tasks");
  for (const json& p : listed.body["data"])
    for (const json& t : p["tasks"]) {
      EXPECT_EQ(t["ownerId"], a) << listed.text;
    }
  Reply bobTasks = bob.call("GET", "/api/tasks?include=project");
  ASSERT_EQ(bobTasks.status, 200);
  for (const json& t : bobTasks.body["data"]) {
    EXPECT_EQ(t["ownerId"], b);
    if (t["projectId"] == id1) {
      EXPECT_TRUE(t["project"].is_null()) << "alice's private project leaked";
    } else if (t["projectId"] == id2) {
      EXPECT_EQ(t["project"]["name"], "alice public");
    }
  }

  // the admin deletes; the user entity shows each user only themselves (admins everyone)
  EXPECT_EQ(carol.call("DELETE", path1).status, 204);
  EXPECT_EQ(ids(alice.call("GET", "/api/users")), (std::set<int>{a}));
  EXPECT_GE(carol.call("GET", "/api/users").body["total"].get<int>(), 3);
  EXPECT_EQ(bob.call("GET", "/api/users/" + std::to_string(a)).status, 404);
  EXPECT_EQ(bob.call("PATCH", "/api/users/" + std::to_string(b), {{"name", "Bob"}}).status, 200);

  // no policies at all: nobody may do anything
  EXPECT_EQ(carol.call("POST", "/api/audits", {{"note", "x"}}).status, 403);
  EXPECT_EQ(carol.call("GET", "/api/audits").body["total"], 0);
}

TEST_F(GenAuthE2E, ThePasswordHashIsInNoResponseAndNoLog) {
  Browser b = signUp("hash@example.test");
  makeAdmin("hash@example.test");
  std::string all;
  for (const char* path :
       {"/auth/me", "/api/users", "/api/users?include=", "/api/projects?include=owner"})
    all += b.call("GET", path).text;
  all +=
      b.call("POST", "/auth/login", {{"email", "hash@example.test"}, {"password", kPassword}}).text;
  all += b.call("GET", "/api/users/" + std::to_string(userId(b))).text;
  all += b.call("GET", "/api/users?passwordHash=x").text;
  EXPECT_EQ(all.find("argon2"), std::string::npos) << all;
  EXPECT_EQ(all.find("\"passwordHash\":"), std::string::npos) << all;
  auto stored =
      runProcess("psql " + quote(app->databaseUrl) +
                 " -tA -c \"SELECT password_hash FROM users WHERE email = 'hash@example.test'\"");
  EXPECT_EQ(stored.out.rfind("$argon2id$", 0), 0u) << "stored as an argon2id hash: " << stored.out;
  EXPECT_EQ(readFile(app->dir + "/server.err").find("argon2"), std::string::npos);
}

} // namespace
} // namespace locus
