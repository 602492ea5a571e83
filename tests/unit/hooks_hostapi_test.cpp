// The host API a plugin reaches during its calls: capability tokens (forged, stolen, replayed and
// missing tokens refused), encrypted secrets granted by manifest AND project and redacted from
// everything the host writes, and plugin state (namespaces, quotas, corruption). Pure parts run
// in-process; the end-to-end cases drive tests/fixtures/plugins/platform-probe in the real sandbox.
// Cost: ~4 s.
#include "hooks/discovery/discover.h"
#include "hooks/hostapi/capability.h"
#include "hooks/secrets/redact.h"
#include "hooks/secrets/secret_store.h"
#include "hooks/state/state_store.h"
#include "hooks/worker/worker_pool.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace locus::hooks {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct TempDir {
  fs::path root;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "locus-hostapi-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

TEST(HooksCapability, OnlyThisWorkersTokenWithAGrowingNonceIsAdmitted) {
  CapabilityGuard guard, other;
  json grants = {{"network", false}};
  std::string token = guard.issue("alpha", grants);
  std::string stolen = other.issue("beta", grants);
  std::string error;
  EXPECT_TRUE(guard.admit({{"token", token}, {"nonce", 1}}, error)) << error;
  EXPECT_TRUE(guard.admit({{"token", token}, {"nonce", 5}}, error)) << error;
  EXPECT_FALSE(guard.admit({{"token", token}, {"nonce", 5}}, error));
  EXPECT_NE(error.find("replayed"), std::string::npos) << error;
  EXPECT_FALSE(guard.admit({{"token", stolen}, {"nonce", 6}}, error));
  EXPECT_NE(error.find("not issued to this worker of plugin 'alpha'"), std::string::npos) << error;
  std::string forged = token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_FALSE(guard.admit({{"token", forged}, {"nonce", 7}}, error));
  EXPECT_FALSE(guard.admit({{"token", "nonsense"}, {"nonce", 8}}, error));
  EXPECT_FALSE(guard.admit(json(), error));
  // A restart issues a new token: the old one is worthless.
  std::string fresh = guard.issue("alpha", grants);
  EXPECT_FALSE(guard.admit({{"token", token}, {"nonce", 9}}, error));
  EXPECT_TRUE(guard.admit({{"token", fresh}, {"nonce", 1}}, error)) << error;
  // Bound to the grants too: the same plugin with other grants gets a different token.
  CapabilityGuard widened;
  EXPECT_NE(widened.issue("alpha", {{"network", true}}).substr(33), fresh.substr(33));
}

TEST(HooksSecrets, StoredEncryptedWithAPrivateKeyFile) {
  TempDir t;
  ::unsetenv("LOCUS_SECRETS_KEY");
  std::string error;
  auto store = SecretStore::open(t.root, /*createKey=*/true, error);
  ASSERT_TRUE(store) << error;
  store->set("API_TOKEN", "tok-5f1e-very-secret");
  ASSERT_TRUE(store->save(error)) << error;
  struct stat info;
  ASSERT_EQ(::stat(secretKeyPath(t.root).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(secretStorePath(t.root).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(slurp(secretStorePath(t.root)).find("tok-5f1e"), std::string::npos) << "plain text";

  auto again = SecretStore::open(t.root, false, error);
  ASSERT_TRUE(again) << error;
  EXPECT_EQ(again->get("API_TOKEN"), "tok-5f1e-very-secret");
  EXPECT_EQ(again->names(), std::vector<std::string>{"API_TOKEN"});

  ::chmod(secretKeyPath(t.root).c_str(), 0644);
  EXPECT_FALSE(SecretStore::open(t.root, false, error));
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;
  ::chmod(secretKeyPath(t.root).c_str(), 0600);

  ::setenv("LOCUS_SECRETS_KEY", std::string(64, 'a').c_str(), 1); // another key
  EXPECT_FALSE(SecretStore::open(t.root, false, error));
  EXPECT_NE(error.find("does not decrypt"), std::string::npos) << error;
  ::setenv("LOCUS_SECRETS_KEY", "short", 1);
  EXPECT_FALSE(SecretStore::open(t.root, false, error));
  EXPECT_NE(error.find("64 hex digits"), std::string::npos) << error;
  ::unsetenv("LOCUS_SECRETS_KEY");
}

TEST(HooksSecrets, DotEnvServesDevelopmentAndOnlyTheAskedValueIsRedacted) {
  TempDir t;
  write(t.root / ".env", "# dev\nexport DEV_TOKEN=\"dev-token-123\"\nPORT=3000\n");
  std::string error;
  EXPECT_EQ(lookupSecret(t.root, "DEV_TOKEN", error), "dev-token-123");
  EXPECT_EQ(lookupSecret(t.root, "MISSING", error), std::nullopt);
  EXPECT_EQ(redactSecrets("token dev-token-123 on port 3000"), "token [redacted] on port 3000");
  json j = {{"a", {"dev-token-123", 1}}, {"dev-token-123", true}};
  redactSecretsIn(j);
  EXPECT_EQ(j.dump(), R"({"[redacted]":true,"a":["[redacted]",1]})");
}

TEST(HooksState, NamespacedQuotaCheckedAndCorruptionDetected) {
  TempDir t;
  StateStore store(stateStorePath(t.root));
  StateQuota quota{3, 200};
  EXPECT_TRUE(store.put("a", "count", 1, quota).ok());
  EXPECT_TRUE(store.put("a", "count", 2, quota).ok()) << "an update is not a new key";
  EXPECT_TRUE(store.put("b", "count", 9, quota).ok());
  EXPECT_EQ(store.get("a", "count").value, json(2));
  EXPECT_EQ(store.get("b", "count").value, json(9));
  EXPECT_FALSE(store.get("a", "nope").value);
  EXPECT_TRUE(store.put("a", "k2", "x", quota).ok());
  EXPECT_TRUE(store.put("a", "k3", "x", quota).ok());
  StateResult full = store.put("a", "k4", "x", quota);
  EXPECT_NE(full.error.find("state quota of plugin 'a' exceeded: 4 keys, the limit is 3"),
            std::string::npos)
      << full.error;
  StateResult big = store.put("a", "k3", std::string(300, 'x'), quota);
  EXPECT_NE(big.error.find("bytes, the limit is 200"), std::string::npos) << big.error;
  EXPECT_EQ(store.list("a", "k").keys, (std::vector<std::string>{"k2", "k3"}));
  EXPECT_TRUE(store.remove("a", "k2").ok());
  EXPECT_EQ(store.list("a", "").keys, (std::vector<std::string>{"count", "k3"}));

  // Damage a value behind the store's back: the checksum catches it, the row is dropped.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(stateStorePath(t.root).c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "UPDATE plugin_state SET value = '3' WHERE plugin = 'a' AND key = 'count'",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  StateResult corrupt = store.get("a", "count");
  EXPECT_NE(corrupt.error.find("was corrupted"), std::string::npos) << corrupt.error;
  StateResult after = store.get("a", "count");
  EXPECT_TRUE(after.ok());
  EXPECT_FALSE(after.value) << "removed, so the plugin can put it again";
}

// The probe plugin in a scratch project (as in hooks_platform_test.cpp).
struct ProbeProject {
  TempDir t;
  ProbeProject(const std::string& pluginTable) {
    fs::path plugin = t.root / "plugins/platform-probe";
    fs::create_directories(plugin.parent_path());
    fs::copy(fs::path(LOCUS_SOURCE_DIR) / "tests/fixtures/plugins/platform-probe", plugin,
             fs::copy_options::recursive);
    fs::copy_file(fs::path(LOCUS_SOURCE_DIR) / "hooks/sdk/locus_plugin.py",
                  plugin / "locus_plugin.py");
    write(t.root / "Locus.toml", "[plugins]\npaths = [\"plugins/platform-probe\"]\n" + pluginTable);
  }
  PluginSet load() {
    PluginSet set = discoverPlugins(t.root);
    for (const LoadProblem& p : set.problems) ADD_FAILURE() << p.str();
    return set;
  }
};

TEST(HooksHostApi, StateIsKeptAcrossWorkersAndBuilds) {
  ProbeProject p("");
  for (int build = 1; build <= 2; ++build) {
    WorkerPool pool(p.t.root, p.load());
    HookCallResult r = pool.call("platform-probe", "counter", json::object());
    ASSERT_TRUE(r.result) << r.failure->message;
    EXPECT_EQ((*r.result)["count"], build);
  }
  WorkerPool pool(p.t.root, p.load());
  HookCallResult quota = pool.call("platform-probe", "overQuota", {{"bytes", 70000}});
  ASSERT_TRUE(quota.result);
  EXPECT_NE((*quota.result)["error"].get<std::string>().find("limits.stateKb"), std::string::npos)
      << quota.result->dump();
}

TEST(HooksHostApi, ASecretReachesOnlyTheGrantedPluginAndNeverAnyOutput) {
  const std::string secret = "sk-live-4242-do-not-leak";
  ProbeProject p("[plugins.platform-probe]\nallow = { secrets = [\"API_TOKEN\"] }\n");
  std::string error;
  ::unsetenv("LOCUS_SECRETS_KEY");
  {
    auto store = SecretStore::open(p.t.root, true, error);
    ASSERT_TRUE(store) << error;
    store->set("API_TOKEN", secret);
    store->set("OTHER_TOKEN", "other-secret-value");
    ASSERT_TRUE(store->save(error)) << error;
  }
  std::vector<std::string> echoed;
  std::string failure;
  {
    WorkerPool pool(p.t.root, p.load(),
                    [&](const std::string&, const std::string& line) { echoed.push_back(line); });
    HookCallResult r =
        pool.call("platform-probe", "useSecret", {{"name", "API_TOKEN"}, {"other", "OTHER_TOKEN"}});
    ASSERT_TRUE(r.result) << r.failure->message;
    EXPECT_EQ((*r.result)["length"], secret.size()) << "the plugin got the value";
    EXPECT_FALSE((*r.result)["inEnvironment"]) << "never in the environment";
    EXPECT_NE((*r.result)["other"].get<std::string>().find("not granted to plugin"),
              std::string::npos)
        << r.result->dump();
    // An error reply that quotes the secret is redacted too.
    HookCallResult bad = pool.call("platform-probe", "fail", {{"say", secret}});
    ASSERT_TRUE(bad.failure);
    failure = bad.failure->message;
    EXPECT_NE(failure.find("cannot go on with [redacted]"), std::string::npos) << failure;
    pool.shutdownAll();
  }
  for (const std::string& line : echoed) EXPECT_EQ(line.find(secret), std::string::npos) << line;
  EXPECT_NE(std::find(echoed.begin(), echoed.end(), "the secret is [redacted]"), echoed.end());
  EXPECT_EQ(failure.find(secret), std::string::npos) << failure;
  // Grep everything the host wrote: logs, audit log, state, metrics (the workspace is the
  // plugin's own folder, where it wrote the value itself on purpose, so it is left out).
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(p.t.root / ".locus")) {
    if (!e.is_regular_file() || e.path().string().find("/workspaces/") != std::string::npos)
      continue;
    EXPECT_EQ(slurp(e.path()).find(secret), std::string::npos) << e.path();
  }
  std::string audit = slurp(p.t.root / ".locus/audit.log");
  EXPECT_NE(audit.find("\"secret.access\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"granted\":false"), std::string::npos) << "the refused OTHER_TOKEN";
}

TEST(HooksHostApi, ForgedStolenReplayedAndMissingCapabilitiesAreRefused) {
  ProbeProject p("");
  fs::path second = p.t.root / "plugins/probe-two";
  fs::copy(p.t.root / "plugins/platform-probe", second, fs::copy_options::recursive);
  json manifest = json::parse(slurp(second / "locus-plugin.json"));
  manifest["name"] = "probe-two";
  write(second / "locus-plugin.json", manifest.dump());
  std::string main = slurp(second / "main.py");
  const std::string from = "Plugin(\"platform-probe\"";
  main.replace(main.find(from), from.size(), "Plugin(\"probe-two\"");
  write(second / "main.py", main);
  write(p.t.root / "Locus.toml",
        "[plugins]\npaths = [\"plugins/platform-probe\", \"plugins/probe-two\"]\n");
  WorkerPool pool(p.t.root, p.load());
  HookCallResult token = pool.call("probe-two", "token", json::object());
  ASSERT_TRUE(token.result) << token.failure->message;
  HookCallResult r = pool.call("platform-probe", "forge", {{"stolen", (*token.result)["token"]}});
  ASSERT_TRUE(r.result) << r.failure->message;
  const json& out = *r.result;
  EXPECT_NE(out["stolen"].get<std::string>().find("not issued to this worker of plugin "
                                                  "'platform-probe'"),
            std::string::npos)
      << out.dump();
  EXPECT_NE(out["forged"].get<std::string>().find("capability refused"), std::string::npos);
  EXPECT_EQ(out["fresh"], "accepted");
  EXPECT_NE(out["replayed"].get<std::string>().find("replayed"), std::string::npos);
  EXPECT_NE(out["missing"].get<std::string>().find("no `capability"), std::string::npos);
}

} // namespace
} // namespace locus::hooks
