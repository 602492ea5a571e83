// examples/plugins/notify-step (Node SDK) end to end: `locus run` executes the plugin's `notify`
// step in its sandbox, which posts to a loopback HTTP server started by the test. The network is
// only there because Locus.toml grants it; without the grant the step fails and says how to fix it.
#include "tests/e2e/plugin_runtime_support.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace locus::test {
namespace {

using nlohmann::json;

struct Receiver {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::vector<json> posts;
  std::vector<std::string> contentTypes;
  std::atomic<int> busyCalls{0};
  Receiver() {
    server.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      posts.push_back(json::parse(req.body, nullptr, false));
      contentTypes.push_back(req.get_header_value("Content-Type"));
      res.set_content("{\"ok\":true}", "application/json");
    });
    server.Post("/busy", [this](const httplib::Request&, httplib::Response& res) {
      res.status = ++busyCalls <= 2 ? 503 : 200;
    });
    server.Post("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 410; });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~Receiver() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
};

constexpr const char* kWorkflow = R"(workflow Announce {
  input { hook: String, orderId: Integer }
  steps {
    const sent = notify { url: hook, message: "order shipped", fields: { orderId: orderId } }
    return sent
  }
  retry { max: 3, delay: 20ms }
}
)";

struct NotifyProject : PluginProject {
  explicit NotifyProject(bool grantNetwork) {
    addExample("notify-step", "main.js");
    write("Locus.toml", std::string("[plugins.notify-step]\npath = \"plugins/notify-step\"\n") +
                            (grantNetwork ? "allow = { network = true }\n" : ""));
    write("announce.locus", kWorkflow);
  }
  ProcessResult announce(const std::string& run, const std::string& url) const {
    return locus("run Announce --json --run-id " + run + " --input '{\"hook\":\"" + url +
                 "\",\"orderId\":7}'");
  }
};

TEST(PluginExamplesNotify, TheStepPostsTheNotificationToTheUrl) {
  Receiver receiver;
  NotifyProject p(/*grantNetwork=*/true);
  ProcessResult r = p.announce("n1", receiver.url("/hook"));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["output"], json({{"status", 200}, {"delivered", true}}));
  std::lock_guard lock(receiver.mutex);
  ASSERT_EQ(receiver.posts.size(), 1u);
  EXPECT_EQ(receiver.posts[0], json({{"message", "order shipped"},
                                     {"orderId", 7},
                                     {"runId", "n1"},
                                     {"stepId", "Announce/sent"},
                                     {"attempt", 1}}));
  EXPECT_EQ(receiver.contentTypes[0], "application/json");
  std::vector<json> grants = p.auditEvents("permission.grant");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0]["permission"], "network");
}

TEST(PluginExamplesNotify, ABusyReceiverIsRetriedAGoneOneIsNot) {
  Receiver receiver;
  NotifyProject p(/*grantNetwork=*/true);
  ProcessResult r = p.announce("n2", receiver.url("/busy"));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(receiver.busyCalls.load(), 3);
  EXPECT_EQ(json::parse(r.out)["output"]["status"], 200);

  ProcessResult gone = p.announce("n3", receiver.url("/gone"));
  EXPECT_EQ(gone.exitCode, 1);
  EXPECT_NE(gone.out.find("refused the notification with 410"), std::string::npos) << gone.out;
  EXPECT_NE(gone.out.find("notify-step"), std::string::npos) << gone.out;
}

TEST(PluginExamplesNotify, WithoutTheNetworkGrantTheStepFailsAndSaysHowToGrantIt) {
  Receiver receiver;
  NotifyProject p(/*grantNetwork=*/false);
  ProcessResult r = p.announce("n4", receiver.url("/hook"));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("allow = { network = true }"), std::string::npos) << r.out << r.err;
  std::lock_guard lock(receiver.mutex);
  EXPECT_TRUE(receiver.posts.empty());
  std::vector<json> denials = p.auditEvents("permission.deny");
  ASSERT_EQ(denials.size(), 1u);
  EXPECT_EQ(denials[0]["permission"], "network");
}

TEST(PluginExamplesNotify, ParametersAreCheckedAtCompileTime) {
  NotifyProject p(/*grantNetwork=*/true);
  p.write("bad.locus",
          "workflow Bad {\n  steps {\n    notify { url: \"http://x\", message: \"m\", colour: 1 }\n"
          "  }\n}\n");
  ProcessResult r = p.locus("run Bad");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("bad.locus:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("notify (plugin notify-step)"), std::string::npos) << r.err;
}

TEST(PluginExamplesNotify, ANonHttpUrlFailsOnceWithoutRetries) {
  NotifyProject p(/*grantNetwork=*/true);
  ProcessResult r = p.announce("n5", "ftp://example.com/x");
  EXPECT_EQ(r.exitCode, 1);
  // The manifest's schema says `^https?://`: the host refuses the resolved URL before the plugin
  // is called, and a broken schema is not retried.
  EXPECT_NE(r.out.find("'url' does not match the pattern '^https?://'"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"retryable\":false"), std::string::npos) << r.out;
  EXPECT_EQ(p.auditEvents("step.execute").size(), 0u) << "the plugin never saw it";
}

} // namespace
} // namespace locus::test
