// The generated application as a person meets it: a copy of examples/crm run by `locus dev` (the
// one command a user runs: its private PostgreSQL, the runtime, the API and the web app under
// `next dev`), and Debian's chromium driven by puppeteer-core (tests/e2e/web_browser_e2e.js)
// through the pages: a contact created through the form and listed, the workflow its creation
// triggers (WelcomeContact, on:create(Contact)) seen through the API, a duplicate rejected with a
// visible message, the navigation, the theme switch read from computed colors, an action whose
// change shows in another list, the not-found states, the styles of the built-in components, and
// the error state once the API is stopped (SIGSTOP: the web app's proxy gives up after
// LOCUS_API_TIMEOUT_MS). Then SIGTERM: `locus dev` exits 0 and leaves no process behind.
// Screenshots go to web-browser-e2e/ in the test's build folder.
//
// Cost: about 60 s on 2 cores (the server's tsc, next dev compiling four pages, two browser runs).
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
const std::string kNodeModules = kSource + "/scripts/node/node_modules";
const std::string kChromium = "/usr/bin/chromium";

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

std::string nodeBinary() {
  std::string out = runProcess("command -v node").out;
  return out.substr(0, out.find('\n'));
}

// Runs the browser driver in `phase`; returns its output, failing the test when it fails.
std::string drive(const test::DevReady& ready, const std::string& shots, const std::string& phase) {
  std::string command =
      "LOCUS_NODE_MODULES=" + quote(kNodeModules) + " CHROMIUM=" + quote(kChromium) +
      " WEB_URL=http://127.0.0.1:" + std::to_string(ready.web) +
      " API_URL=http://127.0.0.1:" + std::to_string(ready.api) + " SHOTS=" + quote(shots) + " " +
      quote(nodeBinary()) + " " + quote(kSource + "/tests/e2e/web_browser_e2e.js") + " " + phase;
  auto run = runProcess(command);
  EXPECT_EQ(run.exitCode, 0) << phase << ":\n" << run.out << run.err;
  return run.out;
}

TEST(WebBrowserE2E, CrmAsOneSystem) {
  if (!fs::exists(kChromium))
    GTEST_SKIP() << "no " << kChromium << " (scripts/setup.sh installs it)";
  std::string shots = WEB_BROWSER_SHOTS;
  fs::remove_all(shots);
  fs::create_directories(shots);
  fs::path project = test::copyExample("crm");
  {
    test::DevSession dev(project, {}, {{"LOCUS_API_TIMEOUT_MS", "3000"}});
    test::DevReady ready = test::waitReady(dev);
    ASSERT_GT(ready.web, 0);
    std::string up = drive(ready, shots, "up");
    EXPECT_NE(up.find("ok: up"), std::string::npos) << up << dev.stderrText();
    // The API stops answering while the web app keeps running.
    pid_t api = test::processWithCwd(project / "generated" / "server");
    ASSERT_GT(api, 0);
    kill(api, SIGSTOP);
    std::string down = drive(ready, shots, "down");
    EXPECT_NE(down.find("ok: down"), std::string::npos) << down;
    kill(api, SIGCONT);
    kill(dev.pid(), SIGTERM);
    EXPECT_EQ(dev.waitExit(std::chrono::seconds(30)), 0) << dev.stderrText();
  }
  test::expectNoProcessLeft(project.parent_path());
  EXPECT_TRUE(fs::exists(shots + "/01-contacts.png"));
  if (!std::getenv("LOCUS_KEEP_TMP")) fs::remove_all(project.parent_path());
}

} // namespace
} // namespace locus
