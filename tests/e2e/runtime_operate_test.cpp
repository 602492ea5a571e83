// Operating `locus` in production: `locus serve` under slow clients and at its connection
// limit, Prometheus /metrics read by the Prometheus client's own text-format parser,
// Idempotency-Key on webhook starts, cancel over HTTP, the dead-letter queue, run search and
// retention. About 8 s (two serve processes, short runs).
#include "tests/e2e/runtime_serve_process.h"

#include <gtest/gtest.h>

#include <optional>

#include <arpa/inet.h>
#include <chrono>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace locus::test {
namespace {

using nlohmann::json;

const char* kOperateWorkflows = R"(
workflow Deposit {
  trigger { on:webhook(secret: DEPOSIT_SECRET) }
  input { account: Integer, amountCents: Integer }
  steps {
    run credit(account, amountCents)
    const id = run record("deposit", amountCents)
    return id
  }
}

workflow Review {
  trigger { on:webhook(secret: DEPOSIT_SECRET) }
  input { orderId: Integer }
  steps {
    try {
      wait_for ok { approval: "ops" }
    } finally {
      run record("reviewed", orderId)
    }
  }
}

workflow Orphan {
  steps {
    queue_publish { topic: "nobody-listens", payload: { x: 1 } }
  }
}
)";

struct OperateProject : RuntimeProject {
  OperateProject() { write("operate.locus", kOperateWorkflows); }
  std::vector<json> lines(const std::string& args) const {
    std::vector<json> out;
    std::istringstream in(locus(args).out);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(json::parse(line));
    return out;
  }
};

int connectIdle(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

double secondsFor(const std::function<void()>& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

json postJson(const ServeProcess& s, const std::string& path, const std::string& body,
              const httplib::Headers& headers, int& status) {
  httplib::Result r = s.client().Post(path.c_str(), headers, body, "application/json");
  status = r ? r->status : -1;
  return r ? json::parse(r->body, nullptr, false) : json();
}

json waitForStatus(const ServeProcess& s, const std::string& run, const std::string& want) {
  json doc;
  for (int i = 0; i < 200; ++i) {
    httplib::Result r = s.client().Get(("/runs/" + run).c_str());
    if (r) doc = json::parse(r->body, nullptr, false);
    if (doc.is_object() && doc["status"] == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return doc;
}

TEST(RuntimeOperate, SlowClientsDoNotStallHealth) {
  OperateProject p;
  ServeProcess serve(p, "--read-timeout-ms 800");
  std::vector<int> idle;
  for (int i = 0; i < 12; ++i) idle.push_back(connectIdle(serve.port)); // more than 8 threads
  std::optional<httplib::Result> health;
  double seconds = secondsFor([&] { health.emplace(serve.client().Get("/health")); });
  ASSERT_TRUE(health.has_value());
  ASSERT_TRUE(*health);
  EXPECT_EQ((*health)->status, 200);
  EXPECT_LT(seconds, 0.5);
  // The read timeout closes a connection that never sends a request.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  char byte;
  EXPECT_EQ(recv(idle[0], &byte, 1, 0), 0) << "an idle connection was not closed";
  for (int fd : idle) close(fd);
}

TEST(RuntimeOperate, ConnectionsOverTheLimitGet503AtOnce) {
  OperateProject p;
  // The idle connections must outlive the polling below on a loaded host (CI runs two tests at
  // once): a 10 s read timeout, against which "at once" is measured.
  ServeProcess serve(p, "--max-connections 3 --read-timeout-ms 10000");
  std::vector<int> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(connectIdle(serve.port));
  // Once the server has accepted the three (a busy host may take a while), it sheds at once.
  std::optional<httplib::Result> shed;
  double seconds = 0;
  for (int i = 0; i < 40; ++i) {
    seconds = secondsFor([&] { shed.emplace(serve.client().Get("/health")); });
    if (*shed && (*shed)->status == 503) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(shed.has_value() && *shed);
  EXPECT_EQ((*shed)->status, 503);
  EXPECT_NE((*shed)->body.find("too_many_connections"), std::string::npos) << (*shed)->body;
  EXPECT_LT(seconds, 2.0); // not after the read timeout
  for (int fd : idle) close(fd);
}

TEST(RuntimeOperate, MetricsParseWithThePrometheusParser) {
  OperateProject p;
  ServeProcess serve(p);
  int status = 0;
  json started = postJson(serve, "/webhooks/Deposit", R"({"account": 2, "amountCents": 5})",
                          {{"X-Webhook-Secret", "s3cret"}}, status);
  ASSERT_EQ(status, 202) << started.dump();
  EXPECT_EQ(waitForStatus(serve, started["run"], "completed")["status"], "completed");
  httplib::Result metrics = serve.client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  p.write("metrics.txt", metrics->body);
  // prometheus_client (Debian python3-prometheus-client, so the system python) is Prometheus's
  // reference parser.
  ProcessResult parsed = // (runProcess gives the command /dev/null as stdin: the file is named)
      runProcess("/usr/bin/python3 -c 'import sys, json\n"
                 "from prometheus_client.parser import text_string_to_metric_families as parse\n"
                 "print(json.dumps([[s.name, s.labels, s.value] for f in "
                 "parse(open(sys.argv[1]).read()) for s in f.samples]))' metrics.txt",
                 p.dir);
  ASSERT_EQ(parsed.exitCode, 0) << parsed.err << metrics->body;
  json samples = json::parse(parsed.out);
  auto value = [&](const std::string& name, const json& labels) -> double {
    for (const json& s : samples)
      if (s[0] == name && s[1] == labels) return s[2];
    return -1;
  };
  EXPECT_EQ(value("locus_runs", {{"workflow", "Deposit"}, {"status", "completed"}}), 1);
  EXPECT_EQ(value("locus_step_duration_seconds_count", {{"workflow", "Deposit"}, {"kind", "run"}}),
            2);
  EXPECT_EQ(value("locus_step_duration_seconds_bucket",
                  {{"workflow", "Deposit"}, {"kind", "run"}, {"le", "+Inf"}}),
            2);
  EXPECT_GE(value("locus_timers_due", json::object()), 0);
  EXPECT_GE(value("locus_store_query_seconds_count", json::object()), 1);
}

TEST(RuntimeOperate, IdempotencyKeyStartsOneRun) {
  OperateProject p;
  ServeProcess serve(p);
  httplib::Headers headers = {{"X-Webhook-Secret", "s3cret"}, {"Idempotency-Key", "order-7"}};
  int first = 0, again = 0, other = 0;
  json a =
      postJson(serve, "/webhooks/Deposit", R"({"account": 1, "amountCents": 7})", headers, first);
  json b =
      postJson(serve, "/webhooks/Deposit", R"({"account": 1, "amountCents": 7})", headers, again);
  json c =
      postJson(serve, "/webhooks/Deposit", R"({"account": 1, "amountCents": 8})", headers, other);
  EXPECT_EQ(first, 202) << a.dump();
  EXPECT_EQ(again, 200) << b.dump();
  EXPECT_EQ(a["run"], b["run"]);
  EXPECT_EQ(other, 409) << c.dump();
  // (The fixture's every-minute schedule may start runs of its own.)
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs WHERE workflow = 'Deposit'"), "1");
}

TEST(RuntimeOperate, CancelOverHttpNeedsTheAdminToken) {
  OperateProject p;
  ServeProcess serve(p, "", "DEPOSIT_SECRET=s3cret LOCUS_ADMIN_TOKEN=adm1n");
  int status = 0;
  json started = postJson(serve, "/webhooks/Review", R"({"orderId": 7})",
                          {{"X-Webhook-Secret", "s3cret"}}, status);
  ASSERT_EQ(status, 202);
  std::string run = started["run"];
  ASSERT_EQ(waitForStatus(serve, run, "waiting")["status"], "waiting");
  postJson(serve, "/runs/" + run + "/cancel", "{}", {{"X-Locus-Admin-Token", "wrong"}}, status);
  EXPECT_EQ(status, 401);
  json accepted = postJson(serve, "/runs/" + run + "/cancel", R"({"reason": "duplicate"})",
                           {{"X-Locus-Admin-Token", "adm1n"}}, status);
  EXPECT_EQ(status, 202) << accepted.dump();
  json done = waitForStatus(serve, run, "cancelled");
  EXPECT_EQ(done["status"], "cancelled") << done.dump();
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'reviewed'"), "1"); // finally ran
  postJson(serve, "/runs/" + run + "/terminate", "{}", {{"X-Locus-Admin-Token", "adm1n"}}, status);
  EXPECT_EQ(status, 409); // already ended
}

TEST(RuntimeOperate, UndeliverableMessagesAreDeadLetteredOnce) {
  OperateProject p;
  ASSERT_EQ(p.locus("run Orphan").exitCode, 0);
  ProcessResult worker = p.locus("worker --once --dead-letter-after 1");
  EXPECT_EQ(worker.exitCode, 0);
  size_t logged = 0;
  for (size_t at = 0; (at = worker.err.find("dead-lettered", at)) != std::string::npos; ++at)
    ++logged;
  EXPECT_EQ(logged, 1u) << worker.err;
  std::vector<json> dead = p.lines("messages --dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0]["topic"], "nobody-listens");
  EXPECT_NE(dead[0]["lastError"].get<std::string>().find("no workflow subscribes"),
            std::string::npos);
  std::string seq = std::to_string(dead[0]["seq"].get<int64_t>());
  EXPECT_EQ(p.locus("messages --retry " + seq).exitCode, 0);
  EXPECT_TRUE(p.lines("messages --dead").empty());
  EXPECT_EQ(p.locus("messages --drop " + seq).exitCode, 1); // pending, not dead
  ProcessResult quiet = p.locus("worker --once --dead-letter-after 3");
  EXPECT_EQ(quiet.err.find("dead-lettered"), std::string::npos) << quiet.err; // 1 of 3: silent
  EXPECT_TRUE(p.lines("messages --dead").empty());
}

TEST(RuntimeOperate, RunsSearchByWorkflowTimeAndInput) {
  OperateProject p;
  for (int items : {1, 2, 3})
    ASSERT_EQ(p.locus("run Loops --input '{\"items\":[" + std::to_string(items) + "]}'").exitCode,
              0);
  ASSERT_EQ(p.locus("run Orphan").exitCode, 0);
  EXPECT_EQ(p.lines("runs --json --workflow Loops").size(), 3u);
  std::vector<json> two = p.lines("runs --json --where 'input.items = [2]'");
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0]["input"]["items"], json::array({2}));
  EXPECT_EQ(p.lines("runs --json --workflow Loops --where 'input.items != [2]'").size(), 2u);
  EXPECT_EQ(p.lines("runs --json --since 1h").size(), 4u);
  EXPECT_TRUE(p.lines("runs --json --since 2099-01-01T00:00:00Z").empty());
  ProcessResult bad = p.locus("runs --where 'orderId = 7'");
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find("input.FIELD = VALUE"), std::string::npos) << bad.err;
}

TEST(RuntimeOperate, PruneArchivesThenDeletesEndedRuns) {
  OperateProject p;
  ASSERT_EQ(p.locus("run Loops --run-id old1 --input '{\"items\":[1]}'").exitCode, 0);
  ASSERT_EQ(p.locus("run Approval --run-id open1").exitCode, 3); // waiting: never pruned
  ProcessResult dry = p.locus("prune --older-than 0s --dry-run");
  EXPECT_NE(dry.out.find("would delete 1 run(s)"), std::string::npos) << dry.out;
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs"), "2");
  ProcessResult pruned = p.locus("prune --older-than 0s --archive old.jsonl");
  EXPECT_EQ(pruned.exitCode, 0) << pruned.err;
  EXPECT_EQ(p.sql("SELECT group_concat(id) FROM locus_runs"), "open1");
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_checkpoints WHERE run_id = 'old1'"), "0");
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_trace WHERE run_id = 'old1'"), "0");
  std::ifstream archive(p.dir + "/old.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(archive, line));
  json archived = json::parse(line);
  EXPECT_EQ(archived["run"]["id"], "old1");
  EXPECT_FALSE(archived["checkpoints"].empty());
  EXPECT_FALSE(archived["trace"].empty());
  EXPECT_EQ(p.locus("prune --older-than soon").exitCode, 2);
  // A worker with a retention setting prunes too.
  ASSERT_EQ(p.locus("run Loops --run-id old2 --input '{\"items\":[1]}'").exitCode, 0);
  EXPECT_EQ(p.locus("worker --once --retention 1ms").exitCode, 0);
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs WHERE id = 'old2'"), "0");
}

} // namespace
} // namespace locus::test
