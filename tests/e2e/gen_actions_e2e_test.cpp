// End-to-end proof of server actions over the API: `locusc build` on
// tests/e2e/gen_actions_fixture, tsc --strict on the server, the schema on a real PostgreSQL, the
// server under node, and every call over real HTTP with real cookies: POST /api/actions/<name>
// validates the arguments, runs the action as the signed-in user (`currentUser`), filters reads
// and refuses writes by the entities' access policies, rolls the whole action back when one
// write is refused, answers `throw` with 422, and needs the CSRF token like every unsafe route.
// Cost: one tsc run, one PostgreSQL, one node server (about 15 s on the 2-core CI machine).
#include "tests/e2e/gen_api_process.h"
#include "tests/e2e/generated_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using test::runProcess;

const std::string kSource = LOCUS_SOURCE_DIR;
using test::shellQuote;

struct Server {
  std::string dir, error;
  test::TempPostgres pg;
  std::unique_ptr<test::ChildProcess> node;
  int port = 0;
};

Server* server = nullptr;

std::string setUp(Server& s) {
  std::string pattern = (fs::temp_directory_path() / "gen_actions_e2e.XXXXXX").string();
  if (!mkdtemp(pattern.data())) return "no temp dir";
  s.dir = pattern;
  fs::copy(kSource + "/tests/e2e/gen_actions_fixture", s.dir + "/project",
           fs::copy_options::recursive);
  std::string problem =
      test::buildTypeCheckedServer(LOCUSC_PATH, kSource, s.dir + "/project", s.dir + "/out");
  if (problem.empty()) problem = s.pg.start(kSource, s.dir + "/out/db/postgres/schema.sql");
  if (!problem.empty()) return problem;
  auto node = runProcess("command -v node");
  s.node = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{node.out.substr(0, node.out.find('\n')), "dist/index.js"},
      std::map<std::string, std::string>{{"PORT", "0"},
                                         {"HOST", "127.0.0.1"},
                                         {"DATABASE_URL", s.pg.url},
                                         {"AUTH_LOGINS_PER_MINUTE", "1000"}},
      s.dir + "/out/server", s.dir + "/server.err");
  std::string line =
      s.node->waitForLine("listening on http://127.0.0.1:", std::chrono::seconds(20));
  if (line.empty()) return "the server did not start";
  s.port = std::stoi(line.substr(line.rfind(':') + 1));
  return "";
}

class GenActionsE2E : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    server = new Server;
    server->error = setUp(*server);
  }
  static void TearDownTestSuite() {
    if (server->node) server->node->stop();
    server->pg.stop();
    if (!server->dir.empty() && !std::getenv("LOCUS_KEEP_TMP")) fs::remove_all(server->dir);
    delete server;
    server = nullptr;
  }
  void SetUp() override { ASSERT_EQ(server->error, "") << "set-up failed"; }
};

struct Reply {
  int status = 0;
  json body;
  std::string text;
};

// A client that keeps its session and CSRF cookies and sends the token back like the web app.
struct Caller {
  std::string session, csrf;
  bool sendCsrf = true;

  Reply post(const std::string& path, const json& body) {
    httplib::Client client("127.0.0.1", server->port);
    client.set_read_timeout(10, 0);
    httplib::Headers headers;
    if (!session.empty())
      headers.emplace("Cookie", "locus_session=" + session + "; locus_csrf=" + csrf);
    if (sendCsrf && !csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    httplib::Result r = client.Post(path, headers, body.dump(), "application/json");
    Reply reply;
    if (!r) return reply;
    reply.status = r->status;
    reply.text = r->body;
    reply.body = json::parse(r->body, nullptr, false);
    auto [from, to] = r->headers.equal_range("Set-Cookie");
    for (auto it = from; it != to; ++it) {
      std::string v = it->second.substr(0, it->second.find(';'));
      std::string name = v.substr(0, v.find('=')), value = v.substr(v.find('=') + 1);
      if (name == "locus_session") session = value;
      if (name == "locus_csrf") csrf = value;
    }
    return reply;
  }

  Reply action(const std::string& name, const json& args = json::object()) {
    return post("/api/actions/" + name, args);
  }
};

Caller signUp(const std::string& email) {
  Caller c;
  Reply r = c.post("/auth/signup", {{"email", email}, {"password", "correct horse battery"}});
  EXPECT_EQ(r.status, 201) << r.text;
  return c;
}

int userIdOf(const std::string& email) {
  auto r = runProcess("psql " + shellQuote(server->pg.url) +
                      " -tA -c \"SELECT id FROM users WHERE email = '" + email + "'\"");
  return std::stoi(r.out);
}

long long countRows(const std::string& where) {
  auto r = runProcess("psql " + shellQuote(server->pg.url) +
                      " -tA -c \"SELECT count(*) FROM notes WHERE " + where + "\"");
  return std::stoll(r.out);
}

TEST_F(GenActionsE2E, AnActionSeesTheCallerAsCurrentUser) {
  Reply anonymous = Caller{}.action("whoAmI");
  ASSERT_EQ(anonymous.status, 200) << anonymous.text;
  EXPECT_EQ(anonymous.body["result"], "nobody");
  Caller ann = signUp("ann@example.test");
  Reply me = ann.action("whoAmI");
  ASSERT_EQ(me.status, 200) << me.text;
  EXPECT_EQ(me.body["result"], "ann@example.test");
}

TEST_F(GenActionsE2E, ReadsAreFilteredAndWritesCheckedByThePolicies) {
  Caller bea = signUp("bea@example.test"), cal = signUp("cal@example.test");
  EXPECT_EQ(bea.action("addNote", {{"text", "one"}}).body["result"], 1);
  Reply second = bea.action("addNote", {{"text", "two"}});
  ASSERT_EQ(second.status, 200) << second.text;
  EXPECT_EQ(second.body["result"], 2);
  EXPECT_EQ(cal.action("addNote", {{"text", "mine"}}).body["result"], 1); // bea's are not read
  EXPECT_EQ(bea.action("countNotes").body["result"], 2);
  EXPECT_EQ(countRows("text IN ('one', 'two', 'mine')"), 3);

  int beaNote = std::stoi(runProcess("psql " + shellQuote(server->pg.url) +
                                     " -tA -c \"SELECT id FROM notes WHERE text = 'one'\"")
                              .out);
  Reply own = bea.action("pin", {{"noteId", beaNote}});
  ASSERT_EQ(own.status, 200) << own.text;
  EXPECT_EQ(own.body["result"], true);
  Reply foreign = cal.action("pin", {{"noteId", beaNote}, {"pinned", false}});
  EXPECT_EQ(foreign.status, 404) << foreign.text; // cal cannot read it: as if it did not exist
  EXPECT_EQ(countRows("text = 'one' AND pinned"), 1);

  Reply forged = cal.action("forge", {{"ownerId", userIdOf("bea@example.test")}});
  EXPECT_EQ(forged.status, 403) << forged.text;
  EXPECT_EQ(countRows("text = 'forged'"), 0);
  EXPECT_EQ(Caller{}.action("forge", {{"ownerId", 1}}).status, 401);
}

TEST_F(GenActionsE2E, ARefusedWriteRollsTheWholeActionBack) {
  Caller dan = signUp("dan@example.test");
  signUp("eve@example.test");
  Reply r = dan.action("addTwo", {{"otherOwner", userIdOf("eve@example.test")}});
  EXPECT_EQ(r.status, 403) << r.text;
  EXPECT_EQ(countRows("text LIKE '%of two'"), 0);
}

TEST_F(GenActionsE2E, ThrowIs422AndArgumentsAreValidated) {
  Reply thrown = Caller{}.action("addNote", {{"text", "x"}});
  EXPECT_EQ(thrown.status, 422) << thrown.text;
  EXPECT_EQ(thrown.body["error"]["code"], "action_failed");
  EXPECT_EQ(thrown.body["error"]["message"], "sign in to add notes");
  Caller fay = signUp("fay@example.test");
  EXPECT_EQ(fay.action("addNote").status, 400);                            // missing
  EXPECT_EQ(fay.action("addNote", {{"text", 5}}).status, 400);             // wrong type
  EXPECT_EQ(fay.action("addNote", {{"text", "a"}, {"x", 1}}).status, 400); // unknown
  EXPECT_EQ(fay.post("/api/actions/addNote", json::array()).status, 400);
  EXPECT_EQ(fay.action("noSuchAction").status, 404);
}

TEST_F(GenActionsE2E, AnActionNeedsTheCsrfTokenOfTheSession) {
  Caller gus = signUp("gus@example.test");
  gus.sendCsrf = false;
  Reply r = gus.action("addNote", {{"text", "csrf"}});
  EXPECT_EQ(r.status, 403) << r.text;
  EXPECT_EQ(r.body["error"]["code"], "csrf_failed");
  EXPECT_EQ(countRows("text = 'csrf'"), 0);
}

} // namespace
} // namespace locus
