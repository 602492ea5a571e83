// install / update / remove / rollback against a directory registry (hooks/packages/operations.h):
// signatures, hashes, channels, yanks, downgrades, permission consent, the audit log, hostile
// registries (nothing installed), and kill -9 at every commit step. Temp folders; ~1 s.
#include "hooks/audit/audit_log.h"
#include "hooks/discovery/discover.h"
#include "hooks/lockfile/lockfile.h"
#include "hooks/packages/operations.h"
#include "hooks/packages/pack.h"
#include "hooks/packages/registry_client.h"
#include "tests/packages/package_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>

namespace locus::packages::testing {
namespace {

using ::testing::HasSubstr;

std::string all(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += s + "\n";
  return out;
}

class Install : public ::testing::Test {
protected:
  TempDir tmp;
  fs::path registryDir = tmp.path / "registry";
  std::string registry = "file://" + (tmp.path / "registry").string();
  fs::path project = tmp.path / "project";
  KeyPair publisher = generateKeyPair();

  void SetUp() override {
    fs::create_directories(registryDir / "index");
    fs::create_directories(project);
    trust(publisher);
  }

  void trust(const KeyPair& key) {
    writeText(project / "Locus.toml", "[registries.default]\nurl = \"" + registry +
                                          "\"\nkeys = [\"" + publicKeyBase64(key.publicKey) +
                                          "\"]\n");
  }

  // Packs, signs and publishes NAME VERSION (extra manifest fields as in makePlugin).
  std::string publish(const std::string& name, const std::string& version,
                      const std::string& extra = "", const std::string& channel = "ga") {
    fs::path dir = makePlugin(tmp.path / "src" / (name + version), name, version, extra);
    PackResult packed = packPlugin(dir);
    EXPECT_TRUE(packed.errors.empty()) << all(packed.errors);
    std::string sig = signDetached(publisher, packed.archive, "file:" + packed.fileName());
    return publishToDirectory(registry, packed.archive, sig, channel);
  }

  OperationReport install(std::vector<std::string> specs, OperationOptions o = {}) {
    o.coreVersion = "0.1.0";
    return installPackages(project, specs, o);
  }

  std::string lockText() { return readText(project / "locus.lock"); }
  lockfile::Lockfile lock() { return *lockfile::readLockfile(project / "locus.lock").lock; }
};

TEST_F(Install, InstallsTheNewestAndLocksIt) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_EQ(publish("demo", "1.1.0"), "");
  OperationReport r = install({"demo"});
  ASSERT_TRUE(r.ok) << all(r.errors);
  EXPECT_EQ(all(r.changes), "+ demo 1.1.0\n");
  lockfile::Lockfile locked = lock();
  const lockfile::LockedPlugin* p = locked.find("demo");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->version, "1.1.0");
  EXPECT_EQ(p->requested, "^1.1.0");
  EXPECT_EQ(p->key, keyIdText(publisher.publicKey.keyId));
  EXPECT_TRUE(fs::exists(lockfile::installedDir(project, *p) / "main.py"));
  // The plugin loader loads it from the lock.
  hooks::PluginSet set = hooks::discoverPlugins(project);
  ASSERT_TRUE(set.find("demo")) << (set.problems.empty() ? "" : set.problems[0].str());
  EXPECT_THAT(set.find("demo")->origin, HasSubstr("locus.lock"));
}

TEST_F(Install, RangeAndTransitiveDependencies) {
  ASSERT_EQ(publish("base", "1.0.0"), "");
  ASSERT_EQ(publish("base", "2.0.0"), "");
  ASSERT_EQ(publish("app", "1.0.0", "\"dependencies\": {\"base\": \"^1.0.0\"}"), "");
  OperationReport r = install({"app@^1.0.0"});
  ASSERT_TRUE(r.ok) << all(r.errors);
  EXPECT_EQ(lock().find("base")->version, "1.0.0");
  EXPECT_EQ(lock().find("base")->requested, "");
}

TEST_F(Install, ConflictIsExplainedAndNothingChanges) {
  ASSERT_EQ(publish("base", "1.0.0"), "");
  ASSERT_EQ(publish("app", "1.0.0", "\"dependencies\": {\"base\": \"^2.0.0\"}"), "");
  OperationReport r = install({"app"});
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(all(r.errors), HasSubstr("app 1.0.0 depends on base ^2.0.0"));
  EXPECT_FALSE(fs::exists(project / "locus.lock"));
}

TEST_F(Install, DraftIsNotInstalledUntilPromoted) {
  ASSERT_EQ(publish("demo", "1.0.0", "", "draft"), "");
  OperationReport r = install({"demo"});
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(all(r.errors), HasSubstr("in the draft channel"));
  OperationOptions beta;
  beta.channel = "draft";
  EXPECT_TRUE(install({"demo"}, beta).ok);
  EXPECT_THAT(updateInDirectory(registry, "demo", "1.0.0", "draft", std::nullopt), "");
  ASSERT_EQ(updateInDirectory(registry, "demo", "1.0.0", "ga", std::nullopt), "");
  EXPECT_THAT(updateInDirectory(registry, "demo", "1.0.0", "beta", std::nullopt),
              HasSubstr("only move forward"));
}

TEST_F(Install, YankedIsSkippedButALockStillInstallsIt) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_EQ(publish("demo", "1.1.0"), "");
  ASSERT_TRUE(install({"demo"}).ok);
  ASSERT_EQ(updateInDirectory(registry, "demo", "1.1.0", std::nullopt, true), "");
  fs::remove_all(project / ".locus"); // a fresh clone: the lock only
  OperationReport r = install({});
  ASSERT_TRUE(r.ok) << all(r.errors);
  EXPECT_TRUE(hooks::discoverPlugins(project).find("demo"));
  TempDir other;
  fs::copy_file(project / "Locus.toml", other.path / "Locus.toml");
  OperationOptions o;
  o.coreVersion = "0.1.0";
  OperationReport fresh = installPackages(other.path, {"demo"}, o);
  ASSERT_TRUE(fresh.ok) << all(fresh.errors);
  EXPECT_EQ(all(fresh.changes), "+ demo 1.0.0\n");
}

TEST_F(Install, OfflineFromTheCacheWithALock) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_TRUE(install({"demo"}).ok);
  fs::remove_all(lockfile::packageStoreDir(project));
  fs::remove_all(registryDir); // the registry is gone
  OperationOptions offline;
  offline.offline = true;
  OperationReport r = install({}, offline);
  ASSERT_TRUE(r.ok) << all(r.errors);
  EXPECT_TRUE(hooks::discoverPlugins(project).find("demo"));
}

TEST_F(Install, DowngradeNeedsConsent) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_EQ(publish("demo", "1.1.0"), "");
  ASSERT_TRUE(install({"demo"}).ok);
  std::string before = lockText();
  OperationReport r = install({"demo@1.0.0"});
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(all(r.errors), HasSubstr("refusing to downgrade demo from 1.1.0 to 1.0.0"));
  EXPECT_EQ(lockText(), before);
  OperationOptions o;
  o.allowDowngrade = true;
  ASSERT_TRUE(install({"demo@1.0.0"}, o).ok);
  EXPECT_EQ(lock().find("demo")->version, "1.0.0");
}

TEST_F(Install, WidenedPermissionsNeedConsentWhichIsRecorded) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_TRUE(install({"demo"}).ok);
  ASSERT_EQ(publish("demo", "1.1.0", "\"permissions\": {\"network\": true, \"env\": [\"TOKEN\"]}"),
            "");
  std::string before = lockText();
  OperationReport r = updatePackages(project, {}, {});
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(all(r.errors), HasSubstr("+ env:TOKEN"));
  EXPECT_THAT(all(r.errors), HasSubstr("+ network"));
  EXPECT_EQ(lockText(), before);
  OperationOptions o;
  o.acceptPermissions = true;
  o.coreVersion = "0.1.0";
  r = updatePackages(project, {}, o);
  ASSERT_TRUE(r.ok) << all(r.errors);
  EXPECT_EQ(lock().find("demo")->consented, (std::vector<std::string>{"env:TOKEN", "network"}));
  EXPECT_THAT(readText(hooks::auditLogPath(project)), HasSubstr("consentedPermissions"));
  EXPECT_EQ(hooks::verifyAuditLog(hooks::auditLogPath(project)).status,
            hooks::AuditVerifyResult::Status::Ok);
}

TEST_F(Install, RollbackReturnsToThePreviousLock) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_TRUE(install({"demo@~1.0.0"}).ok);
  std::string first = lockText();
  ASSERT_EQ(publish("demo", "1.1.0"), "");
  ASSERT_TRUE(install({"demo@^1.1.0"}).ok);
  EXPECT_EQ(lock().find("demo")->version, "1.1.0");
  OperationReport r = rollbackPackages(project);
  ASSERT_TRUE(r.ok) << all(r.errors);
  EXPECT_EQ(all(r.changes), "~ demo 1.1.0 -> 1.0.0\n");
  EXPECT_EQ(lockText(), first);
  EXPECT_TRUE(hooks::discoverPlugins(project).find("demo"));
}

TEST_F(Install, RemoveDropsUnneededDependencies) {
  ASSERT_EQ(publish("base", "1.0.0"), "");
  ASSERT_EQ(publish("app", "1.0.0", "\"dependencies\": {\"base\": \"^1.0.0\"}"), "");
  ASSERT_TRUE(install({"app"}).ok);
  EXPECT_THAT(all(removePackage(project, "base").errors), HasSubstr("still needed by app"));
  OperationReport r = removePackage(project, "app");
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(lock().plugins.empty());
}

TEST_F(Install, TyposquatWarning) {
  ASSERT_EQ(publish("audit-fields", "1.0.0"), "");
  ASSERT_EQ(publish("audit-field", "1.0.0"), "");
  OperationReport r = install({"audit-field"});
  ASSERT_TRUE(r.ok);
  EXPECT_THAT(all(r.warnings), HasSubstr("one edit away from 'audit-fields'"));
}

TEST_F(Install, CooldownHoldsBackFreshReleases) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  writeText(project / "Locus.toml",
            readText(project / "Locus.toml") + "\n[packages]\nminimumReleaseAge = \"24h\"\n");
  OperationReport r = install({"demo"});
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(all(r.errors), HasSubstr("newer than the minimum release age"));
  OperationOptions later;
  later.now = std::time(nullptr) + 2 * 86400;
  EXPECT_TRUE(install({"demo"}, later).ok);
}

TEST_F(Install, ChangedInstalledFileRefusesToStart) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_TRUE(install({"demo"}).ok);
  fs::path main = lockfile::installedDir(project, *lock().find("demo")) / "main.py";
  writeText(main, "import os\n");
  hooks::PluginSet set = hooks::discoverPlugins(project);
  EXPECT_FALSE(set.find("demo"));
  ASSERT_FALSE(set.problems.empty());
  EXPECT_THAT(set.problems[0].str(), HasSubstr("main.py was changed"));
  ASSERT_TRUE(install({}).ok); // restores it
  EXPECT_TRUE(hooks::discoverPlugins(project).find("demo"));
}

TEST_F(Install, MalformedLockIsALocatedError) {
  writeText(project / "locus.lock", "version = 1\n[[plugin]]\nname = \"x\"\n");
  OperationReport r = install({});
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(all(r.errors), HasSubstr("locus.lock:2:"));
}

// Hostile registries: whatever is wrong, nothing is installed and the lock is unchanged.
class HostileRegistry : public Install {
protected:
  std::string artifactOf(const std::string& name) {
    Fetched<IndexPackage> p = openRegistry(registry, nullptr)->package(name);
    return (registryDir / "artifacts" / (p.value->versions.back().sha256 + ".tgz")).string();
  }
  void expectNothingInstalled(const OperationReport& r, const std::string& why) {
    EXPECT_FALSE(r.ok);
    EXPECT_THAT(all(r.errors), HasSubstr(why));
    EXPECT_FALSE(fs::exists(project / "locus.lock"));
    std::error_code ec;
    EXPECT_TRUE(!fs::exists(lockfile::packageStoreDir(project), ec) ||
                fs::is_empty(lockfile::packageStoreDir(project), ec));
  }
};

TEST_F(HostileRegistry, TamperedTarball) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  std::string a = artifactOf("demo");
  std::string bytes = readText(a);
  bytes[bytes.size() / 2] ^= 0x55;
  writeText(a, bytes);
  expectNothingInstalled(install({"demo"}), "does not match its SHA-256");
}

TEST_F(HostileRegistry, TruncatedDownload) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  std::string a = artifactOf("demo");
  writeText(a, readText(a).substr(0, 100));
  expectNothingInstalled(install({"demo"}), "truncated or altered");
}

TEST_F(HostileRegistry, BadSignature) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  std::string sig = artifactOf("demo") + ".minisig";
  KeyPair evil = generateKeyPair();
  evil.publicKey.keyId = publisher.publicKey.keyId;
  writeText(sig, signDetached(evil, readText(artifactOf("demo")), "x"));
  expectNothingInstalled(install({"demo"}), "signature check failed");
}

TEST_F(HostileRegistry, WrongKey) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  trust(generateKeyPair()); // the project trusts someone else
  expectNothingInstalled(install({"demo"}), "not a trusted key");
}

TEST_F(HostileRegistry, NoTrustedKeys) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  writeText(project / "Locus.toml", "[registries.default]\nurl = \"" + registry + "\"\n");
  expectNothingInstalled(install({"demo"}), "no trusted publisher keys");
}

// kill -9 at each step of the commit: the previous lock and its plugins survive intact, or the
// new ones are complete.
TEST_F(Install, KillNineLeavesAWorkingSet) {
  ASSERT_EQ(publish("demo", "1.0.0"), "");
  ASSERT_TRUE(install({"demo@~1.0.0"}).ok);
  std::string before = lockText();
  ASSERT_EQ(publish("demo", "1.1.0"), "");
  for (const char* point : {"staged", "history", "committed"}) {
    pid_t child = ::fork();
    if (child == 0) {
      ::setenv("LOCUS_PACKAGES_CRASH_AT", point, 1);
      install({"demo@^1.1.0"});
      ::_exit(3); // not reached: the crash point kills the process
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << point;
    std::string now = lockText();
    hooks::PluginSet set = hooks::discoverPlugins(project);
    ASSERT_TRUE(set.find("demo")) << point;
    if (std::string(point) == "committed") {
      EXPECT_EQ(set.find("demo")->manifest.version, "1.1.0");
      ASSERT_TRUE(rollbackPackages(project).ok);
    } else {
      EXPECT_EQ(now, before) << point;
      EXPECT_EQ(set.find("demo")->manifest.version, "1.0.0");
    }
  }
}

} // namespace
} // namespace locus::packages::testing
