// The generated application as a person meets it: examples/crm built by the real `locusc build`,
// its API under node on a real PostgreSQL, its web app under `next start`, and Debian's chromium
// driven by puppeteer-core (tests/e2e/web_browser_e2e.js) through the pages: a contact created
// through the form and listed, a duplicate rejected with a visible message, the navigation, the
// theme switch read from computed colors, an action whose change shows in another list, the
// not-found states, the styles of the built-in components, and the error state once the API is
// stopped. Screenshots go to web-browser-e2e/ in the test's build folder.
//
// Cost: one `next build` (~15 s on 2 cores), one tsc of the server (~5 s), two browser runs.
#include "tests/e2e/gen_api_process.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;
using test::runProcess;

const std::string kSource = LOCUS_SOURCE_DIR;
const std::string kNodeModules = kSource + "/scripts/node/node_modules";
const std::string kChromium = "/usr/bin/chromium";

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string keyValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

// A loopback port nobody listens on (next start cannot be asked for port 0).
int freePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), size) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string nodeBinary() {
  std::string out = runProcess("command -v node").out;
  return out.substr(0, out.find('\n'));
}

// Everything the test started, stopped in reverse order however the test ends.
struct System {
  std::string dir, pgScript, pgDir, databaseUrl, shots;
  std::unique_ptr<test::ChildProcess> api, web;
  int apiPort = 0, webPort = 0;

  ~System() {
    if (web) web->stop();
    if (api) api->stop();
    if (!pgDir.empty()) runProcess(quote(pgScript) + " stop " + quote(pgDir));
    if (!dir.empty() && !std::getenv("LOCUS_KEEP_TMP")) fs::remove_all(dir);
  }
};

// Builds examples/crm and starts PostgreSQL (schema applied), the API and the web app.
std::string start(System& s) {
  std::string pattern = (fs::temp_directory_path() / "web_browser_e2e.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return "cannot make a temporary folder";
  s.dir = pattern;
  std::string out = s.dir + "/out";
  auto build = runProcess(quote(LOCUSC_PATH) + " build " + quote(kSource + "/examples/crm") +
                          " -o " + quote(out) + " -q");
  if (build.exitCode != 0) return "locusc build failed:\n" + build.out + build.err;
  fs::create_directory_symlink(kNodeModules, out + "/server/node_modules");
  fs::create_directory_symlink(kNodeModules, out + "/web/node_modules");
  auto tsc = runProcess(quote(kNodeModules + "/.bin/tsc") + " -p " + quote(out + "/server"));
  if (tsc.exitCode != 0) return "tsc of the server failed:\n" + tsc.out + tsc.err;

  s.pgScript = kSource + "/tests/support/pg_temp.sh";
  auto pg = runProcess(quote(s.pgScript) + " start");
  s.pgDir = keyValue(pg.out, "PG_TEMP_DIR");
  s.databaseUrl = keyValue(pg.out, "DATABASE_URL");
  if (pg.exitCode != 0 || s.databaseUrl.empty()) return "cannot start PostgreSQL:\n" + pg.err;
  auto psql = runProcess("psql " + quote(s.databaseUrl) + " -v ON_ERROR_STOP=1 -q -f " +
                         quote(out + "/db/postgres/schema.sql"));
  if (psql.exitCode != 0) return "cannot apply the schema:\n" + psql.err;

  s.api = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{nodeBinary(), "dist/index.js"},
      std::map<std::string, std::string>{
          {"PORT", "0"}, {"HOST", "127.0.0.1"}, {"DATABASE_URL", s.databaseUrl}},
      out + "/server", s.dir + "/api.err");
  std::string line = s.api->waitForLine("listening on http://127.0.0.1:", std::chrono::seconds(20));
  if (line.empty()) return "the API did not start:\n" + readFile(s.dir + "/api.err");
  s.apiPort = std::stoi(line.substr(line.rfind(':') + 1));

  std::string apiUrl = "http://127.0.0.1:" + std::to_string(s.apiPort);
  std::string nextEnv = "NEXT_TELEMETRY_DISABLED=1 LOCUS_API_URL=" + quote(apiUrl) + " ";
  auto nextBuild =
      runProcess(nextEnv + quote(kNodeModules + "/.bin/next") + " build", out + "/web");
  if (nextBuild.exitCode != 0) return "next build failed:\n" + nextBuild.out + nextBuild.err;
  s.webPort = freePort();
  s.web = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{nodeBinary(), kNodeModules + "/next/dist/bin/next", "start", "-H",
                               "127.0.0.1", "-p", std::to_string(s.webPort)},
      std::map<std::string, std::string>{{"NEXT_TELEMETRY_DISABLED", "1"},
                                         {"LOCUS_API_URL", apiUrl}},
      out + "/web", s.dir + "/web.err");
  if (s.web->waitForLine(" \u2713 Ready", std::chrono::seconds(30)).empty()) // "✓ Ready in …"
    return "next start did not get ready:\n" + readFile(s.dir + "/web.err");
  return "";
}

// Runs the browser driver in `phase`; returns its output, failing the test when it fails.
std::string drive(const System& s, const std::string& phase) {
  std::string command =
      "LOCUS_NODE_MODULES=" + quote(kNodeModules) + " CHROMIUM=" + quote(kChromium) +
      " WEB_URL=http://127.0.0.1:" + std::to_string(s.webPort) +
      " API_URL=http://127.0.0.1:" + std::to_string(s.apiPort) + " SHOTS=" + quote(s.shots) + " " +
      quote(nodeBinary()) + " " + quote(kSource + "/tests/e2e/web_browser_e2e.js") + " " + phase;
  auto run = runProcess(command);
  EXPECT_EQ(run.exitCode, 0) << phase << ":\n" << run.out << run.err;
  return run.out;
}

TEST(WebBrowserE2E, CrmAsOneSystem) {
  if (!fs::exists(kChromium))
    GTEST_SKIP() << "no " << kChromium << " (scripts/setup.sh installs it)";
  System s;
  s.shots = WEB_BROWSER_SHOTS;
  fs::remove_all(s.shots);
  fs::create_directories(s.shots);
  std::string error = start(s);
  ASSERT_EQ(error, "");
  std::string up = drive(s, "up");
  EXPECT_NE(up.find("ok: up"), std::string::npos) << up;
  s.api->stop(); // the API goes away while the web app keeps running
  std::string down = drive(s, "down");
  EXPECT_NE(down.find("ok: down"), std::string::npos) << down;
  EXPECT_TRUE(fs::exists(s.shots + "/01-contacts.png"));
}

} // namespace
} // namespace locus
