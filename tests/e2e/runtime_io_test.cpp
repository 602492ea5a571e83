// http_request against a loopback HTTP server (cpp-httplib) and send_email to the outbox folder
// and to a loopback SMTP sink, both started by the test.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace locus::test {
namespace {

using nlohmann::json;

constexpr const char* kHttpWorkflows = R"(workflow Fetch {
  input { url: String }
  steps {
    const res = http_request fetch { url: url, method: "POST", body: { hello: "world" }, timeout: 2s }
    return res
  }
  retry { max: 3, delay: 50ms }
}
)";

struct LoopbackHttp {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> echoCalls{0}, flakyCalls{0}, missingCalls{0};
  LoopbackHttp() {
    server.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      ++echoCalls;
      res.set_content(json{{"got", json::parse(req.body)}, {"type", req.get_header_value("Content-Type")}}.dump(),
                      "application/json");
    });
    server.Post("/flaky", [this](const httplib::Request&, httplib::Response& res) {
      if (++flakyCalls <= 2) res.status = 503;
      else res.set_content("{\"ok\":true}", "application/json");
    });
    server.Post("/missing", [this](const httplib::Request&, httplib::Response& res) {
      ++missingCalls;
      res.status = 404;
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~LoopbackHttp() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
};

TEST(RuntimeIo, HttpRequestPostsJsonAndRecordsTheResponse) {
  LoopbackHttp http;
  RuntimeProject p;
  p.write("fetch.locus", kHttpWorkflows);
  ProcessResult r = p.locus("run Fetch --run-id h1 --input '{\"url\":\"" + http.url("/echo") + "\"}'");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  json out = json::parse(r.out);
  EXPECT_EQ(out["status"], 200);
  EXPECT_EQ(out["body"]["got"], json({{"hello", "world"}}));
  EXPECT_EQ(out["body"]["type"], "application/json");
  // The response is the step's checkpoint: running the run again replays it without a request.
  EXPECT_EQ(p.locus("run Fetch --run-id h1 --input '{\"url\":\"" + http.url("/echo") + "\"}'").exitCode, 0);
  EXPECT_EQ(http.echoCalls.load(), 1);
  EXPECT_NE(p.sql("SELECT result FROM locus_checkpoints WHERE run_id = 'h1' AND step_id = 'Fetch/res'"), "");
}

TEST(RuntimeIo, HttpServerErrorsAreRetriedClientErrorsAreNot) {
  LoopbackHttp http;
  RuntimeProject p;
  p.write("fetch.locus", kHttpWorkflows);
  ProcessResult flaky = p.locus("run Fetch --run-id h2 --input '{\"url\":\"" + http.url("/flaky") + "\"}'");
  EXPECT_EQ(flaky.exitCode, 0) << flaky.err;
  EXPECT_EQ(http.flakyCalls.load(), 3);
  ProcessResult missing = p.locus("run Fetch --run-id h3 --input '{\"url\":\"" + http.url("/missing") + "\"}'");
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("answered 404"), std::string::npos) << missing.err;
  EXPECT_EQ(http.missingCalls.load(), 1);
  // Nobody listens: a connection error, retried, then the run fails with curl's reason.
  ProcessResult refused = p.locus("run Fetch --run-id h4 --input '{\"url\":\"http://127.0.0.1:1/x\"}'");
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_EQ(p.trace("h4").size(), 5u); // 4 attempts + the workflow
}

constexpr const char* kMailWorkflow = R"(workflow Mail {
  input { to: String }
  steps {
    send_email { to: to, subject: "Your order", body: "Thanks!" }
  }
}
)";

TEST(RuntimeIo, SendEmailWritesAnEmlFileToTheOutbox) {
  RuntimeProject p;
  p.write("mail.locus", kMailWorkflow);
  ProcessResult r = p.locus("run Mail --run-id m1 --input '{\"to\":\"ann@example.com\"}'");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string file = p.dir + "/.locus/outbox/m1_Mail_send_email_0.eml";
  ASSERT_TRUE(std::filesystem::exists(file));
  std::stringstream text;
  text << std::ifstream(file).rdbuf();
  EXPECT_NE(text.str().find("To: ann@example.com"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("Subject: Your order"), std::string::npos);
  EXPECT_NE(text.str().find("Thanks!"), std::string::npos);
}

// Accepts one SMTP session and keeps what it received.
struct SmtpSink {
  int listener = -1, port = 0;
  std::thread thread;
  std::string received;
  SmtpSink() {
    listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    listen(listener, 1);
    thread = std::thread([this] { serve(); });
  }
  ~SmtpSink() {
    shutdown(listener, SHUT_RDWR);
    close(listener);
    thread.join();
  }
  void serve() {
    int c = accept(listener, nullptr, nullptr);
    if (c < 0) return;
    auto say = [c](const std::string& s) { (void)!write(c, s.data(), s.size()); };
    say("220 sink\r\n");
    std::string buffer;
    bool inData = false;
    char chunk[4096];
    for (ssize_t n; (n = read(c, chunk, sizeof chunk)) > 0;) {
      buffer.append(chunk, static_cast<size_t>(n));
      for (size_t eol; (eol = buffer.find("\r\n")) != std::string::npos;) {
        std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        received += line + "\n";
        if (inData) {
          if (line == ".") {
            inData = false;
            say("250 queued\r\n");
          }
        } else if (line.rfind("DATA", 0) == 0) {
          inData = true;
          say("354 go ahead\r\n");
        } else if (line.rfind("QUIT", 0) == 0) {
          say("221 bye\r\n");
          close(c);
          return;
        } else {
          say("250 ok\r\n");
        }
      }
    }
    close(c);
  }
};

TEST(RuntimeIo, SendEmailThroughSmtpWhenConfigured) {
  RuntimeProject p;
  p.write("mail.locus", kMailWorkflow);
  std::string received;
  {
    SmtpSink sink;
    ProcessResult r = p.locus("run Mail --run-id m2 --smtp smtp://127.0.0.1:" + std::to_string(sink.port) +
                              " --input '{\"to\":\"bob@example.com\"}'");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    sink.thread.join();
    sink.thread = std::thread([] {});
    received = sink.received;
  }
  EXPECT_NE(received.find("RCPT TO:<bob@example.com>"), std::string::npos) << received;
  EXPECT_NE(received.find("Subject: Your order"), std::string::npos) << received;
  EXPECT_FALSE(std::filesystem::exists(p.dir + "/.locus/outbox/m2_Mail_send_email_0.eml"));
}

} // namespace
} // namespace locus::test
