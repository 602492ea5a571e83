// End-to-end proof of `auth { }` and `access { }` in the generated Express API: `locusc build`
// on tests/e2e/gen_auth_fixture, tsc --strict, the schema applied to a real PostgreSQL, the
// server under node, and every assertion over real HTTP with real cookies:
// sign-up/login/logout/me, session fixation, CSRF (missing token, wrong token, cross-site
// Origin), lockout, the password hash in no response and no log, and a policy matrix
// (anonymous, two members, an admin × list/get/create/update/delete × own/foreign/public rows,
// includes and totals that must not leak, an entity with no policies); email verification and
// password reset with the mails taken from the runtime's outbox (`locus worker --once` sends
// them into a folder), `verify: required` and the per-client login limit behind a proxy on a
// second server built from the same fixture with `verify: required`.
// Cost: two tsc runs, one PostgreSQL, two node servers (about 30 s on the 2-core CI machine).
#include "tests/e2e/gen_api_process.h"
#include "tests/e2e/generated_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
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
const std::string kPassword = "correct horse battery";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) {
  return test::shellQuote(s);
}

struct RunningApp {
  std::string dir, databaseUrl, error;
  test::TempPostgres pg;
  std::unique_ptr<test::ChildProcess> server, strictServer; // strict: `verify: required`
  int port = 0, strictPort = 0;
};

RunningApp* app = nullptr;

std::string buildServer(const std::string& project, const std::string& out) {
  return test::buildTypeCheckedServer(LOCUSC_PATH, kSource, project, out);
}

// Starts the built server on a free port; "" and the port, or what went wrong.
std::string startServer(RunningApp& a, const std::string& out, const std::string& name,
                        std::map<std::string, std::string> env,
                        std::unique_ptr<test::ChildProcess>& child, int& port) {
  auto node = runProcess("command -v node");
  env.insert({{"PORT", "0"}, {"HOST", "127.0.0.1"}, {"DATABASE_URL", a.databaseUrl}});
  child = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{node.out.substr(0, node.out.find('\n')), "dist/index.js"}, env,
      out + "/server", a.dir + "/" + name + ".err");
  std::string line = child->waitForLine("listening on http://127.0.0.1:", std::chrono::seconds(20));
  if (line.empty()) return "the server did not start:\n" + readFile(a.dir + "/" + name + ".err");
  port = std::stoi(line.substr(line.rfind(':') + 1));
  return "";
}

// The runtime delivers the queued mails once: `locus worker --once` on the same database,
// writing them into <dir>/outbox. The first call also creates the runtime's tables (the queue).
std::string deliverMails(const RunningApp& a) {
  auto worker = runProcess(quote(LOCUS_PATH) + " worker --once --quiet --project " +
                           quote(a.dir + "/project") + " --db " + quote(a.databaseUrl) +
                           " --outbox " + quote(a.dir + "/outbox"));
  return worker.exitCode == 0 ? "" : "locus worker failed:\n" + worker.out + worker.err;
}

std::string setUpApp(RunningApp& a) {
  std::string pattern = (fs::temp_directory_path() / "gen_auth_e2e.XXXXXX").string();
  if (!mkdtemp(pattern.data())) return "no temp dir";
  a.dir = pattern;
  fs::copy(kSource + "/tests/e2e/gen_auth_fixture", a.dir + "/project",
           fs::copy_options::recursive);
  std::string problem = buildServer(a.dir + "/project", a.dir + "/out");
  // The same program with `verify: required`, for the tests of that mode.
  fs::create_directory(a.dir + "/strict");
  std::string source = readFile(a.dir + "/project/app.locus");
  std::ofstream(a.dir + "/strict/app.locus")
      << std::regex_replace(source, std::regex("role: role \\}"), "role: role, verify: required }");
  if (problem.empty()) problem = buildServer(a.dir + "/strict", a.dir + "/strict-out");
  if (!problem.empty()) return problem;
  if (std::string e = a.pg.start(kSource, a.dir + "/out/db/postgres/schema.sql"); !e.empty())
    return e;
  a.databaseUrl = a.pg.url;
  if (std::string e = deliverMails(a); !e.empty()) return e;
  if (std::string e = startServer(a, a.dir + "/out", "server",
                                  {{"AUTH_MAX_FAILURES", "3"}, {"AUTH_LOGINS_PER_MINUTE", "1000"}},
                                  a.server, a.port);
      !e.empty())
    return e;
  return startServer(a, a.dir + "/strict-out", "strict", {{"AUTH_LOGINS_PER_MINUTE", "3"}},
                     a.strictServer, a.strictPort);
}

class GenAuthE2E : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    app = new RunningApp;
    app->error = setUpApp(*app);
  }
  static void TearDownTestSuite() {
    if (app->server) app->server->stop();
    if (app->strictServer) app->strictServer->stop();
    app->pg.stop();
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
  std::string origin;       // sent as Origin when not empty
  std::string forwardedFor; // sent as X-Forwarded-For when not empty (as a proxy would)
  int port = 0;             // the server's (0: the main one)

  Reply call(const std::string& method, const std::string& path, const json& body = nullptr) {
    httplib::Client client("127.0.0.1", port == 0 ? app->port : port);
    client.set_read_timeout(10, 0);
    httplib::Headers headers;
    std::string cookie;
    if (!session.empty()) cookie += "locus_session=" + session;
    if (!csrf.empty()) cookie += (cookie.empty() ? "" : "; ") + std::string("locus_csrf=") + csrf;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    if (sendCsrf && !csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    if (!origin.empty()) headers.emplace("Origin", origin);
    if (!forwardedFor.empty()) headers.emplace("X-Forwarded-For", forwardedFor);
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

// --- mails: verification and password reset through the runtime's outbox ------------------

struct Mail {
  std::string subject, token;
};

// The newest mail the runtime wrote for `to` (after delivering what is queued), with the token
// of its link; an empty mail when there is none.
Mail newestMailTo(const std::string& to) {
  EXPECT_EQ(deliverMails(*app), "");
  Mail newest;
  long newestSeq = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(app->dir + "/outbox", ec)) {
    std::string text = readFile(entry.path().string());
    if (text.find("\r\nTo: " + to + "\r\n") == std::string::npos) continue;
    // Files are named after the run, whose ID carries the queue message's sequence number.
    std::smatch seq, subject, token;
    std::string name = entry.path().filename().string();
    if (!std::regex_search(name, seq, std::regex("^m([0-9]+)-"))) continue;
    if (std::stol(seq[1]) < newestSeq) continue;
    newestSeq = std::stol(seq[1]);
    newest = {};
    if (std::regex_search(text, subject, std::regex("Subject: ([^\r]*)")))
      newest.subject = subject[1];
    if (std::regex_search(text, token, std::regex("token=([A-Za-z0-9_-]+)")))
      newest.token = token[1];
  }
  return newest;
}

void expireTokensOf(const std::string& email) {
  auto psql = runProcess("psql " + quote(app->databaseUrl) +
                         " -q -c \"UPDATE locus_auth_tokens SET expires_at = now() - interval '1 "
                         "second' WHERE user_id = (SELECT id FROM users WHERE email = '" +
                         email + "')\"");
  ASSERT_EQ(psql.exitCode, 0) << psql.err;
}

TEST_F(GenAuthE2E, PasswordResetThroughTheOutbox) {
  Browser first = signUp("reset@example.test"), second;
  ASSERT_EQ(
      second.call("POST", "/auth/login", {{"email", "reset@example.test"}, {"password", kPassword}})
          .status,
      200);
  // The same answer for a registered and an unknown address, and no mail to the unknown one.
  Reply known = Browser{}.call("POST", "/auth/forgot", {{"email", "reset@example.test"}});
  Reply unknown = Browser{}.call("POST", "/auth/forgot", {{"email", "nobody@example.test"}});
  EXPECT_EQ(known.status, 202) << known.text;
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.text, known.text);
  Mail mail = newestMailTo("reset@example.test");
  EXPECT_EQ(mail.subject, "Reset your password");
  ASSERT_FALSE(mail.token.empty()) << "no reset mail in " << app->dir << "/outbox";
  EXPECT_TRUE(newestMailTo("nobody@example.test").subject.empty());
  // The table keeps only the token's SHA-256.
  auto stored = runProcess("psql " + quote(app->databaseUrl) +
                           " -tA -c \"SELECT count(*) FILTER (WHERE token_hash = '" + mail.token +
                           "'), count(*) FILTER (WHERE token_hash = encode(sha256('" + mail.token +
                           "'::bytea), 'hex')) FROM locus_auth_tokens\"");
  EXPECT_EQ(stored.out, "0|1\n");

  const std::string fresh = "a brand new passphrase";
  EXPECT_EQ(
      Browser{}.call("POST", "/auth/reset", {{"token", mail.token}, {"password", "short"}}).status,
      400);
  // The link is opened in a browser where someone else is signed in (a shared computer).
  Browser bystander = signUp("bystander@example.test");
  Browser bystanderBefore = bystander; // its cookies as they were before the reset
  Reply reset = bystander.call("POST", "/auth/reset", {{"token", mail.token}, {"password", fresh}});
  ASSERT_EQ(reset.status, 200) << reset.text;
  EXPECT_EQ(first.call("GET", "/auth/me").status, 401) << "every old session ends at a reset";
  EXPECT_EQ(second.call("GET", "/auth/me").status, 401);
  EXPECT_EQ(bystanderBefore.call("GET", "/auth/me").status, 401)
      << "the browser that reset the password no longer shows someone else signed in";
  EXPECT_EQ(
      Browser{}
          .call("POST", "/auth/login", {{"email", "reset@example.test"}, {"password", kPassword}})
          .status,
      401);
  Browser after;
  EXPECT_EQ(
      after.call("POST", "/auth/login", {{"email", "reset@example.test"}, {"password", fresh}})
          .status,
      200);
  Reply reused =
      Browser{}.call("POST", "/auth/reset", {{"token", mail.token}, {"password", kPassword}});
  EXPECT_EQ(reused.status, 400) << "a reset link works once";
  EXPECT_EQ(reused.body["error"]["code"], "invalid_token");

  // An expired link is refused, and a verification token is no reset token.
  ASSERT_EQ(Browser{}.call("POST", "/auth/forgot", {{"email", "reset@example.test"}}).status, 202);
  Mail late = newestMailTo("reset@example.test");
  ASSERT_FALSE(late.token.empty());
  ASSERT_NE(late.token, mail.token);
  expireTokensOf("reset@example.test");
  Reply expired =
      Browser{}.call("POST", "/auth/reset", {{"token", late.token}, {"password", kPassword}});
  EXPECT_EQ(expired.status, 400) << expired.text;
  EXPECT_EQ(expired.body["error"]["code"], "invalid_token");
  signUp("other-reset@example.test");
  Mail verify = newestMailTo("other-reset@example.test");
  EXPECT_EQ(
      Browser{}.call("POST", "/auth/reset", {{"token", verify.token}, {"password", fresh}}).status,
      400);
  EXPECT_EQ(after.call("GET", "/auth/me").status, 200) << "failed resets end no session";
}

TEST_F(GenAuthE2E, EmailVerificationThroughTheOutbox) {
  Browser b = signUp("verify@example.test");
  EXPECT_EQ(b.call("GET", "/auth/me").body["verified"], false);
  Mail mail = newestMailTo("verify@example.test");
  EXPECT_EQ(mail.subject, "Confirm your email address");
  ASSERT_FALSE(mail.token.empty());
  Reply bad = Browser{}.call("POST", "/auth/verify", {{"token", "not-a-token"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["code"], "invalid_token");
  Reply ok = Browser{}.call("POST", "/auth/verify", {{"token", mail.token}});
  EXPECT_EQ(ok.status, 200) << ok.text;
  EXPECT_EQ(b.call("GET", "/auth/me").body["verified"], true);
  EXPECT_EQ(Browser{}.call("POST", "/auth/verify", {{"token", mail.token}}).status, 400)
      << "a verification link works once";
}

TEST_F(GenAuthE2E, VerifyRequiredRefusesLoginUntilVerified) {
  Browser b;
  b.port = app->strictPort;
  b.forwardedFor = "10.0.0.10";
  Reply up =
      b.call("POST", "/auth/signup", {{"email", "strict@example.test"}, {"password", kPassword}});
  ASSERT_EQ(up.status, 201) << up.text;
  EXPECT_TRUE(b.session.empty()) << "no session before the address is verified";
  Reply refused =
      b.call("POST", "/auth/login", {{"email", "strict@example.test"}, {"password", kPassword}});
  EXPECT_EQ(refused.status, 403) << refused.text;
  EXPECT_EQ(refused.body["error"]["code"], "unverified");
  EXPECT_TRUE(b.session.empty());
  // The refused login sent a fresh link; the one from sign-up no longer works.
  Mail mail = newestMailTo("strict@example.test");
  ASSERT_FALSE(mail.token.empty());
  EXPECT_EQ(b.call("POST", "/auth/verify", {{"token", mail.token}}).status, 200);
  Reply in =
      b.call("POST", "/auth/login", {{"email", "strict@example.test"}, {"password", kPassword}});
  EXPECT_EQ(in.status, 200) << in.text;
  EXPECT_EQ(b.call("GET", "/auth/me").body["verified"], true);
  // A wrong password says nothing about verification.
  Reply wrong = Browser{"", "", true, "", "10.0.0.11", app->strictPort}.call(
      "POST", "/auth/login", {{"email", "strict@example.test"}, {"password", "wrong password"}});
  EXPECT_EQ(wrong.status, 401);
}

// Behind the web app's proxy every request comes from loopback; the proxy names the browser in
// X-Forwarded-For, so each browser has its own allowance (the strict server allows 3 a minute).
TEST_F(GenAuthE2E, LoginLimitCountsEachForwardedClient) {
  auto attempt = [](const std::string& forwardedFor) {
    Browser b;
    b.port = app->strictPort;
    b.forwardedFor = forwardedFor;
    return b
        .call("POST", "/auth/login",
              {{"email", "limit@example.test"}, {"password", "wrong password"}})
        .status;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt("10.1.0.1"), 401);
  EXPECT_EQ(attempt("10.1.0.1"), 429);
  // Only the last entry counts (the one the proxy added); what the client put before it does not.
  EXPECT_EQ(attempt("10.9.9.9, 10.1.0.1"), 429);
  EXPECT_EQ(attempt("10.1.0.2"), 401) << "another browser behind the same proxy";
  EXPECT_EQ(attempt("10.1.0.1, 10.1.0.3"), 401);
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
