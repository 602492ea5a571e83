// `locus serve` end to end: the real binary on a free loopback port, driven over HTTP like the
// generated Express API's callers: webhooks with good and bad secrets, bad input, an unknown
// workflow, a too-large body, and GET /runs/<id> polled until the run completed.
#include "tests/e2e/runtime_serve_process.h"

#include <httplib.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace locus::test {
namespace {

using nlohmann::json;

constexpr const char* kHooks = R"(workflow Deposit {
  trigger { on:webhook(secret: DEPOSIT_SECRET) }
  input { account: Integer, amountCents: Integer }
  steps {
    delay 200ms
    run credit(account, amountCents)
    const id = run record("deposit", amountCents)
    return id
  }
}

workflow Unconfigured {
  trigger { on:webhook(secret: NOBODY_SET_THIS_SECRET) }
  steps {
    run record("never", 0)
  }
}
)";

json post(const ServeProcess& s, const std::string& path, const std::string& body,
          const std::string& secret, int& status) {
  httplib::Headers headers;
  if (!secret.empty()) headers.emplace("X-Webhook-Secret", secret);
  httplib::Result r = s.client().Post(path.c_str(), headers, body, "application/json");
  if (!r) {
    status = -1;
    return nullptr;
  }
  status = r->status;
  return json::parse(r->body, nullptr, false);
}

TEST(RuntimeServe, WebhookStartsARunThatCompletesInTheBackground) {
  RuntimeProject p;
  p.write("hooks.locus", kHooks);
  ServeProcess serve(p);
  int status = 0;
  json started =
      post(serve, "/webhooks/Deposit", R"({"account": 2, "amountCents": 500})", "s3cret", status);
  ASSERT_EQ(status, 202) << started.dump() << "\n" << p.locus("runs").err;
  std::string run = started["run"];
  EXPECT_EQ(started["workflow"], "Deposit");
  EXPECT_EQ(started["status"], "queued");
  EXPECT_EQ(started["statusUrl"], "/runs/" + run);
  json done;
  for (int i = 0; i < 200; ++i) {
    httplib::Result r = serve.client().Get(("/runs/" + run).c_str());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    done = json::parse(r->body);
    if (done["status"] == "completed" || done["status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(done["status"], "completed") << done.dump();
  EXPECT_TRUE(done["output"].is_number_integer()) << done.dump();
  EXPECT_EQ(p.sql("SELECT balance_cents FROM accounts WHERE id = 2"), "10500");
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'deposit'"), "1");
  httplib::Result missing = serve.client().Get("/runs/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["error"]["code"], "not_found");
}

TEST(RuntimeServe, BadCallsAreRefusedWithJsonErrorsAndStartNothing) {
  RuntimeProject p;
  p.write("hooks.locus", kHooks);
  ServeProcess serve(p, "--max-body 1024");
  const std::string good = R"({"account": 2, "amountCents": 500})";
  int status = 0;
  json e = post(serve, "/webhooks/Deposit", good, "wrong", status);
  EXPECT_EQ(status, 401);
  EXPECT_EQ(e["error"]["code"], "unauthorized");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("X-Webhook-Secret"), std::string::npos);
  e = post(serve, "/webhooks/Deposit", good, "", status);
  EXPECT_EQ(status, 401);
  e = post(serve, "/webhooks/Deposit", R"({"account": "two"})", "s3cret", status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(e["error"]["code"], "validation_failed");
  std::set<std::string> fields;
  for (const json& d : e["error"]["details"]) fields.insert(d["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"account", "amountCents"})) << e.dump();
  e = post(serve, "/webhooks/Deposit", "{not json", "s3cret", status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(e["error"]["code"], "invalid_json");
  e = post(serve, "/webhooks/Nope", good, "s3cret", status);
  EXPECT_EQ(status, 404);
  EXPECT_EQ(e["error"]["code"], "not_found");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("Deposit"), std::string::npos);
  e = post(serve, "/webhooks/Transfer", good, "s3cret", status); // a workflow without webhook
  EXPECT_EQ(status, 404);
  e = post(serve, "/webhooks/Unconfigured", "{}", "anything", status);
  EXPECT_EQ(status, 503);
  EXPECT_EQ(e["error"]["code"], "webhook_not_configured");
  e = post(serve, "/webhooks/Deposit",
           R"({"account": 2, "amountCents": 500, "pad": ")" + std::string(4096, 'x') + "\"}",
           "s3cret", status);
  EXPECT_EQ(status, 413);
  EXPECT_EQ(e["error"]["code"], "payload_too_large");
  // (The background worker may have started the fixture's EveryMinute schedule.)
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs WHERE workflow <> 'EveryMinute'"), "0");
}

// The generated Express API's workflow_runner.ts (built by locusc, compiled by tsc --strict) hands
// a webhook run to `locus serve` when LOCUS_RUNTIME_URL is set, sending the workflow's secret.
TEST(RuntimeServe, GeneratedExpressRunnerHandsOffToServe) {
  const std::string nodeModules = std::string(LOCUS_SOURCE_DIR) + "/scripts/node/node_modules";
  if (!std::filesystem::exists(nodeModules + "/.bin/tsc") || runProcess("node --version").exitCode)
    GTEST_SKIP() << "needs node and scripts/node/node_modules (scripts/setup.sh installs them)";
  RuntimeProject p;
  p.write("hooks.locus", kHooks);
  ProcessResult built =
      runProcess(std::string(LOCUSC_PATH) + " build . -o api --generators express", p.dir);
  ASSERT_EQ(built.exitCode, 0) << built.err;
  std::filesystem::create_directory_symlink(nodeModules, p.dir + "/api/server/node_modules");
  ProcessResult tsc = runProcess(nodeModules + "/.bin/tsc --strict -p .", p.dir + "/api/server");
  ASSERT_EQ(tsc.exitCode, 0) << tsc.out << tsc.err;
  ServeProcess serve(p);
  auto runFromNode = [&](const std::string& env) {
    return runProcess(
        env + " LOCUS_RUNTIME_URL=http://127.0.0.1:" + std::to_string(serve.port) +
            " node -e 'require(\"./dist/workflow_runner\").runWorkflow(\"Deposit\", "
            "{account: 1, amountCents: 7}).then((r) => console.log(JSON.stringify(r)), "
            "(e) => console.log(JSON.stringify({status: e.status, code: e.code})))'",
        p.dir + "/api/server");
  };
  ProcessResult handed = runFromNode("DEPOSIT_SECRET=s3cret");
  ASSERT_EQ(handed.exitCode, 0) << handed.err;
  json started = json::parse(handed.out, nullptr, false);
  ASSERT_TRUE(started.contains("output")) << handed.out;
  std::string run = started["output"]["run"];
  EXPECT_EQ(started["output"]["status"], "queued");
  json done;
  for (int i = 0; i < 200; ++i) {
    httplib::Result r = serve.client().Get(("/runs/" + run).c_str());
    ASSERT_TRUE(r);
    done = json::parse(r->body);
    if (done["status"] == "completed" || done["status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(done["status"], "completed") << done.dump();
  // A wrong secret in the API's environment: serve refuses, the API reports a 502.
  json refused = json::parse(runFromNode("DEPOSIT_SECRET=wrong").out, nullptr, false);
  EXPECT_EQ(refused, json({{"status", 502}, {"code", "workflow_failed"}}));
}

TEST(RuntimeServe, RefusesAPortItCannotUseAndBadOptions) {
  RuntimeProject p;
  ProcessResult r = p.locus("serve --port 70000");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--port"), std::string::npos) << r.err;
  r = p.locus("serve --port 8080 --host 203.0.113.7");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("cannot listen"), std::string::npos) << r.err;
}

} // namespace
} // namespace locus::test
