// Sign-up, login, guarded pages and policies as a person meets them: a copy of examples/crm-auth
// run by `locus dev` (its private PostgreSQL, the API, the web app under `next dev`) and Debian's
// chromium driven by puppeteer-core (web_auth_browser_e2e.js, which lists each step). Then
// SIGTERM: `locus dev` exits 0 and leaves no process behind. Screenshots go to
// web-auth-browser-e2e/ in the test's build folder.
//
// Cost: about 60 s on 2 cores (the server's tsc, next dev compiling five pages, one browser run).
#include "tests/e2e/dev_session.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

namespace locus {
namespace {

namespace fs = std::filesystem;
using test::runProcess;

const std::string kSource = LOCUS_SOURCE_DIR;
const std::string kChromium = "/usr/bin/chromium";
const char* kMaxFailures = "3"; // AUTH_MAX_FAILURES: the lockout step needs this many wrong logins

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

TEST(WebAuthBrowserE2E, SignUpLoginGuardsAndPolicies) {
  if (!fs::exists(kChromium))
    GTEST_SKIP() << "no " << kChromium << " (scripts/setup.sh installs it)";
  std::string shots = WEB_AUTH_BROWSER_SHOTS;
  fs::remove_all(shots);
  fs::create_directories(shots);
  fs::path project = test::copyExample("crm-auth");
  {
    test::DevSession dev(project, {}, {{"AUTH_MAX_FAILURES", kMaxFailures}});
    test::DevReady ready = test::waitReady(dev);
    ASSERT_GT(ready.web, 0) << dev.stderrText();
    std::string node = runProcess("command -v node").out;
    std::string command =
        "LOCUS_NODE_MODULES=" + quote(kSource + "/scripts/node/node_modules") +
        " CHROMIUM=" + quote(kChromium) + " WEB_URL=http://127.0.0.1:" + std::to_string(ready.web) +
        " API_URL=http://127.0.0.1:" + std::to_string(ready.api) + " SHOTS=" + quote(shots) +
        " MAX_FAILURES=" + kMaxFailures + " " + quote(node.substr(0, node.find('\n'))) + " " +
        quote(kSource + "/tests/e2e/web_auth_browser_e2e.js");
    auto run = runProcess(command);
    EXPECT_EQ(run.exitCode, 0) << run.out << run.err << dev.stderrText();
    EXPECT_NE(run.out.find("ok: auth"), std::string::npos) << run.out;
    kill(dev.pid(), SIGTERM);
    EXPECT_EQ(dev.waitExit(std::chrono::seconds(30)), 0) << dev.stderrText();
  }
  test::expectNoProcessLeft(project.parent_path());
  EXPECT_TRUE(fs::exists(shots + "/03-own-rows.png"));
  if (!std::getenv("LOCUS_KEEP_TMP")) fs::remove_all(project.parent_path());
}

} // namespace
} // namespace locus
