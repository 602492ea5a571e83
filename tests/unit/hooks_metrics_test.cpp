// Per-plugin metrics (percentiles, CPU, RSS, failures, budgets, JSON, table) and the permissions
// model (grants, denials and their audit events).
#include "hooks/audit/audit_log.h"
#include "hooks/metrics/plugin_metrics.h"
#include "hooks/permissions/permissions.h"

#include <fstream>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

using namespace locus::hooks;
using nlohmann::json;

TEST(HooksMetrics, NearestRankPercentiles) {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(i); // unsorted on purpose
  EXPECT_EQ(percentile(samples, 50), 50);
  EXPECT_EQ(percentile(samples, 95), 95);
  EXPECT_EQ(percentile(samples, 99), 99);
  EXPECT_EQ(percentile(samples, 100), 100);
  EXPECT_EQ(percentile(samples, 0), 1);
  EXPECT_EQ(percentile({7}, 99), 7);
  EXPECT_EQ(percentile({}, 50), 0);
  EXPECT_EQ(percentile({1, 2, 3, 4}, 50), 2);
}

TEST(HooksMetrics, RecordsCallsPerPluginAndHookAsJson) {
  MetricsBook book;
  for (int i = 1; i <= 20; ++i)
    recordCall(book, "lint", "onPostValidate", {static_cast<double>(i), 0.5, 1000u + i}, i == 20,
               10.0);
  recordCall(book, "lint", "onPreParse", {2, 1, 500}, false, std::nullopt);
  recordStart(book, "lint", 14.5);
  json j = metricsJson(book);
  const json& lint = j["plugins"]["lint"];
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(lint["calls"], 21);
  EXPECT_EQ(lint["failures"], 1);
  EXPECT_EQ(lint["starts"], 1);
  EXPECT_EQ(lint["startMs"], 14.5);
  EXPECT_EQ(lint["maxRssKb"], 1020);
  const json& pv = lint["hooks"]["onPostValidate"];
  EXPECT_EQ(pv["latencyMs"]["p50"], 10);
  EXPECT_EQ(pv["latencyMs"]["p95"], 19);
  EXPECT_EQ(pv["latencyMs"]["p99"], 20);
  EXPECT_EQ(pv["cpuMs"], 10);
  EXPECT_EQ(pv["budgetMs"], 10);
  EXPECT_EQ(pv["overBudget"], 10);
  EXPECT_FALSE(lint["hooks"]["onPreParse"].contains("budgetMs"));

  auto warnings = slowHookWarnings(book);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].plugin, "lint");
  EXPECT_EQ(warnings[0].hook, "onPostValidate");
  EXPECT_NE(
      warnings[0].message.find("p95 19.0 ms exceeds its budget of 10.0 ms (10 of 20 calls over)"),
      std::string::npos)
      << warnings[0].message;

  std::string table = metricsTable(book);
  EXPECT_NE(table.find("lint"), std::string::npos);
  EXPECT_NE(table.find("onPostValidate"), std::string::npos);

  auto file = std::filesystem::temp_directory_path() /
              ("locus_metrics_" + std::to_string(::getpid()) + ".json");
  std::string error;
  ASSERT_TRUE(writeMetricsFile(book, file, error)) << error;
  std::ifstream in(file);
  EXPECT_EQ(json::parse(in), j);
  std::filesystem::remove(file);
  EXPECT_FALSE(writeMetricsFile(book, "/nonexistent-dir/m.json", error));
  EXPECT_NE(error.find("cannot write"), std::string::npos);
}

TEST(HooksMetrics, RecordingIsThreadSafe) {
  MetricsBook book;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) recordCall(book, "p", "generate", {1, 0, 0}, false, {});
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(metricsJson(book)["plugins"]["p"]["calls"], 4000);
}

namespace {
PluginManifest wanting(bool network, std::vector<std::string> env, std::vector<std::string> read,
                       std::vector<std::string> write) {
  PluginManifest m;
  m.name = "slack-notify";
  m.permissions = {network, std::move(read), std::move(write), std::move(env)};
  return m;
}

const PermissionEvent* event(const PermissionDecision& d, const std::string& permission) {
  for (const PermissionEvent& e : d.events)
    if (e.permission == permission) return &e;
  return nullptr;
}
} // namespace

TEST(HooksPermissions, NetworkEnvAndProjectFilesNeedAGrantFromTheProject) {
  PluginManifest m = wanting(true, {"SLACK_TOKEN", "AWS_SECRET"}, {"templates/**"}, {"cache/**"});
  PermissionDecision none = decidePermissions(m, {});
  EXPECT_FALSE(none.granted.network);
  EXPECT_TRUE(none.granted.env.empty());
  EXPECT_TRUE(none.granted.fsRead.empty()) << "a manifest asking is not the project consenting";
  EXPECT_EQ(none.granted.fsWrite, std::vector<std::string>{"cache/**"});
  ASSERT_NE(event(none, "network"), nullptr);
  EXPECT_FALSE(event(none, "network")->granted);
  EXPECT_NE(event(none, "network")->reason.find("allow = { network = true }"), std::string::npos);
  EXPECT_FALSE(event(none, "env:SLACK_TOKEN")->granted);
  EXPECT_FALSE(event(none, "fs.read:templates/**")->granted);
  EXPECT_NE(event(none, "fs.read:templates/**")->reason.find("allow = { fs.read = [...] }"),
            std::string::npos);
  EXPECT_EQ(none.events.size(), 5u);

  PermissionPolicy policy;
  policy.allowNetwork = true;
  policy.allowEnv = {"SLACK_TOKEN"};
  policy.allowFsRead = {"templates/**"};
  PermissionDecision some = decidePermissions(m, policy);
  EXPECT_EQ(some.granted.fsRead, std::vector<std::string>{"templates/**"});
  EXPECT_TRUE(some.granted.network);
  EXPECT_EQ(some.granted.env, std::vector<std::string>{"SLACK_TOKEN"});
  EXPECT_TRUE(event(some, "env:SLACK_TOKEN")->granted);
  EXPECT_FALSE(event(some, "env:AWS_SECRET")->granted);
}

TEST(HooksPermissions, DenyRevokesEvenDefaults) {
  PluginManifest m = wanting(true, {"X"}, {"data/**"}, {"out/**"});
  PermissionPolicy policy;
  policy.allowNetwork = true;
  policy.allowEnv = {"X"};
  policy.allowFsRead = {"data/**"};
  policy.deny = {"network", "fs.read"};
  PermissionDecision d = decidePermissions(m, policy);
  EXPECT_FALSE(d.granted.network);
  EXPECT_TRUE(d.granted.fsRead.empty());
  EXPECT_EQ(d.granted.env, std::vector<std::string>{"X"});
  EXPECT_NE(event(d, "network")->reason.find("deny"), std::string::npos);
}

TEST(HooksPermissions, NothingRequestedNothingRecorded) {
  PermissionDecision d = decidePermissions(wanting(false, {}, {}, {}), {});
  EXPECT_TRUE(d.events.empty());
}

TEST(HooksPermissions, DecisionsAreAuditable) {
  PermissionDecision d = decidePermissions(wanting(true, {}, {}, {}), {});
  json e = d.events.at(0).toJson();
  EXPECT_EQ(e["event"], "permission.deny");
  EXPECT_EQ(e["plugin"], "slack-notify");
  EXPECT_EQ(e["permission"], "network");
  auto log = std::filesystem::temp_directory_path() / ("locus_perm_" + std::to_string(::getpid())) /
             "audit.log";
  ASSERT_TRUE(appendAudit(log, {e}).ok);
  EXPECT_EQ(verifyAuditLog(log).status, AuditVerifyResult::Status::Ok);
  std::filesystem::remove_all(log.parent_path());
}
