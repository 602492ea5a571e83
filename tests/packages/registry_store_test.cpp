// The hosted registry's store and publish validation on SQLite (the HTTP contract and
// PostgreSQL are covered by registry_api_e2e.sh): tokens at rest, owners, immutability,
// channels, yank, the generation counter, and each validation check failing on its own.
#include "hooks/packages/pack.h"
#include "hooks/registry/publish_validation.h"
#include "hooks/registry/registry_server.h"
#include "hooks/registry/registry_store.h"
#include "package_test_util.h"

#include <gtest/gtest.h>

namespace locus::registry {
namespace {

using packages::testing::makePlugin;
using packages::testing::TempDir;
using packages::testing::writeText;

struct Published {
  std::string archive, signature;
  packages::KeyPair key;
};

Published packed(const std::filesystem::path& dir) {
  Published out;
  packages::PackResult pack = packages::packPlugin(dir);
  EXPECT_TRUE(pack.errors.empty());
  out.archive = pack.archive;
  out.key = packages::generateKeyPair();
  out.signature = packages::signDetached(out.key, out.archive, "test");
  return out;
}

OwnerKey ownerKey(const packages::KeyPair& key) {
  return {packages::keyIdText(key.publicKey.keyId), packages::publicKeyBase64(key.publicKey)};
}

class RegistryStoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string error;
    store = openStore(dir.path / "reg", "", &error);
    ASSERT_TRUE(store) << error;
  }
  packages::IndexVersion version(const std::string& v, const std::string& channel = "draft") {
    packages::IndexVersion out;
    out.version = v;
    out.channel = channel;
    out.sha256 = std::string(64, 'a');
    out.requiresCore = "*";
    return out;
  }
  TempDir dir;
  std::unique_ptr<RegistryStore> store;
};

TEST_F(RegistryStoreTest, TokensAreStoredAsTheirHashAndNameTheirOwner) {
  std::string error;
  std::optional<std::string> token = store->addToken("ada", &error);
  ASSERT_TRUE(token) << error;
  EXPECT_TRUE(token->starts_with("lrt_"));
  EXPECT_EQ(token->size(), 4u + 64u);
  EXPECT_EQ(store->ownerOfToken(*token, &error), "ada");
  EXPECT_FALSE(store->ownerOfToken(*token + "0", &error));
  EXPECT_TRUE(error.empty());
  EXPECT_NE(*store->addToken("ada", &error), *token); // a new random token each time
  std::string db = packages::testing::readText(dir.path / "reg" / "registry.db");
  EXPECT_EQ(db.find(*token), std::string::npos);
  EXPECT_EQ(tokenHash(*token).size(), 64u);
}

TEST_F(RegistryStoreTest, FirstPublisherOwnsAndVersionsAreImmutable) {
  ASSERT_TRUE(store->insertVersion("alpha", version("1.0.0"), "ada"));
  StoreResult again = store->insertVersion("alpha", version("1.0.0"), "bob");
  EXPECT_EQ(again.kind, StoreResult::Kind::conflict);
  EXPECT_NE(again.error.find("immutable"), std::string::npos);
  EXPECT_EQ(store->insertVersion("alpha", version("1.1.0"), "bob").kind,
            StoreResult::Kind::forbidden);
  ASSERT_TRUE(store->insertVersion("alpha", version("1.1.0"), "ada"));
  std::string error;
  auto all = store->loadAll(&error);
  ASSERT_TRUE(all) << error;
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].owners, std::vector<std::string>{"ada"}); // bob did not become an owner
  ASSERT_EQ((*all)[0].versions.size(), 2u);
  EXPECT_TRUE(store->addOwner("alpha", "bob"));
  EXPECT_EQ((*store->loadAll(&error))[0].owners, (std::vector<std::string>{"ada", "bob"}));
  EXPECT_TRUE(store->insertVersion("alpha", version("1.2.0"), "bob"));
}

TEST_F(RegistryStoreTest, AReservedNameIsPublishedOnlyByItsOwner) {
  ASSERT_TRUE(store->addOwner("reserved", "ada"));
  EXPECT_EQ(store->insertVersion("reserved", version("1.0.0"), "eve").kind,
            StoreResult::Kind::forbidden);
  EXPECT_TRUE(store->insertVersion("reserved", version("1.0.0"), "ada"));
}

TEST_F(RegistryStoreTest, ChannelsMoveForwardAndYankKeepsTheVersion) {
  ASSERT_TRUE(store->insertVersion("alpha", version("1.0.0"), "ada"));
  std::string error;
  long long before = *store->generation(&error);
  packages::IndexVersion updated;
  ASSERT_TRUE(store->updateVersion("alpha", "1.0.0", "ga", std::nullopt, &updated));
  EXPECT_EQ(updated.channel, "ga");
  EXPECT_GT(*store->generation(&error), before);
  StoreResult back = store->updateVersion("alpha", "1.0.0", "beta", std::nullopt, nullptr);
  EXPECT_EQ(back.kind, StoreResult::Kind::conflict);
  ASSERT_TRUE(store->updateVersion("alpha", "1.0.0", std::nullopt, true, &updated));
  EXPECT_TRUE(updated.yanked);
  EXPECT_EQ(updated.channel, "ga");
  auto all = store->loadAll(&error);
  ASSERT_TRUE(all);
  EXPECT_TRUE((*all)[0].versions[0].yanked);
  EXPECT_EQ((*all)[0].versions[0].channel, "ga");
  EXPECT_EQ(store->updateVersion("alpha", "2.0.0", "ga", std::nullopt, nullptr).kind,
            StoreResult::Kind::notFound);
}

TEST_F(RegistryStoreTest, ADirectoryIndexIsImportedOnceWithoutOwners) {
  writeText(
      dir.path / "reg" / "index" / "beta-pkg.json",
      packages::toJson(packages::IndexPackage{"beta-pkg", {}, {version("1.0.0", "ga")}}).dump());
  int imported = 0;
  EXPECT_EQ(importDirectoryIndex(*store, dir.path / "reg", &imported), "");
  EXPECT_EQ(imported, 1);
  imported = 0;
  EXPECT_EQ(importDirectoryIndex(*store, dir.path / "reg", &imported), "");
  EXPECT_EQ(imported, 0);
  std::string error;
  auto all = store->loadAll(&error);
  ASSERT_TRUE(all);
  EXPECT_TRUE((*all)[0].owners.empty());
}

TEST(RegistryDb, SqliteNumbersParametersOutsideStrings) {
  EXPECT_EQ(sqliteParameters("SELECT $2, '$1' WHERE a = $1"), "SELECT ?2, '$1' WHERE a = ?1");
}

TEST(RegistryDb, AnUnknownDatabaseUrlSaysWhatIsAccepted) {
  std::string error;
  EXPECT_FALSE(openRegistryDb("mysql://x", "/tmp", &error));
  EXPECT_NE(error.find("postgres://"), std::string::npos);
}

TEST(RegistryDb, AnUnreachablePostgresSaysHowToFixIt) {
  std::string error;
  EXPECT_FALSE(
      openRegistryDb("postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "/tmp", &error));
  EXPECT_NE(error.find("--db postgres://"), std::string::npos) << error;
}

class PublishValidationTest : public ::testing::Test {
protected:
  TempDir dir;
};

TEST_F(PublishValidationTest, AValidPackageRecordsProvenanceAndRunsItsFixtures) {
  auto plugin = makePlugin(dir.path / "p", "alpha", "1.0.0");
  writeText(plugin / "fixtures" / "onPostValidate.json", "{}");
  Published p = packed(plugin);
  ValidationCheck failed;
  auto contents = inspectPackage(p.archive, &failed);
  ASSERT_TRUE(contents) << failed.message;
  std::filesystem::path ranIn;
  Validation v = validatePackage(*contents, p.archive, p.signature, {ownerKey(p.key)}, "ada",
                                 "beta", [&](const std::filesystem::path& d) {
                                   ranIn = d;
                                   EXPECT_TRUE(std::filesystem::exists(d / "fixtures"));
                                   return FixtureOutcome{1, ""};
                                 });
  ASSERT_TRUE(v.ok()) << v.toJson().dump();
  EXPECT_FALSE(std::filesystem::exists(ranIn)); // the scratch copy is gone
  EXPECT_EQ(v.version.channel, "beta");
  EXPECT_EQ(v.version.hooks, std::vector<std::string>{"onPostValidate"});
  EXPECT_EQ(v.version.provenance["publisher"], "ada");
  EXPECT_EQ(v.version.provenance["publisherKey"], ownerKey(p.key).keyId);
  EXPECT_EQ(v.version.provenance["checks"]["fixtures"], "1 fixture(s) passed");
}

TEST_F(PublishValidationTest, EachCheckFailsOnItsOwn) {
  Published p = packed(makePlugin(dir.path / "p", "alpha", "1.0.0"));
  ValidationCheck failed;
  EXPECT_FALSE(inspectPackage(p.archive.substr(0, p.archive.size() / 2), &failed));
  EXPECT_EQ(failed.name, "pack");
  auto contents = inspectPackage(p.archive, &failed);
  ASSERT_TRUE(contents);
  auto failedCheck = [](const Validation& v) {
    for (const ValidationCheck& c : v.checks)
      if (!c.ok) return c.name;
    return std::string();
  };
  // No key registered; a key of someone else.
  EXPECT_EQ(failedCheck(validatePackage(*contents, p.archive, p.signature, {}, "ada", "draft", {})),
            "signature");
  OwnerKey other = ownerKey(packages::generateKeyPair());
  EXPECT_EQ(
      failedCheck(validatePackage(*contents, p.archive, p.signature, {other}, "ada", "draft", {})),
      "signature");
  // A fixture that fails; the runner is not reached after a failed signature.
  bool ran = false;
  auto failing = [&](const std::filesystem::path&) {
    ran = true;
    return FixtureOutcome{1, "DIFFERS"};
  };
  EXPECT_EQ(failedCheck(validatePackage(*contents, p.archive, p.signature, {other}, "ada", "draft",
                                        failing)),
            "signature");
  EXPECT_FALSE(ran);
  EXPECT_EQ(failedCheck(validatePackage(*contents, p.archive, p.signature, {ownerKey(p.key)}, "ada",
                                        "draft", failing)),
            "fixtures");
  // A manifest that breaks the schema (the archive itself is well-formed).
  auto bad = *contents;
  bad.data["locus-plugin.json"] = R"({"name": "alpha", "version": "1.0.0", "protocol": "one"})";
  EXPECT_EQ(failedCheck(validatePackage(bad, p.archive, p.signature, {ownerKey(p.key)}, "ada",
                                        "draft", {})),
            "manifest");
}

} // namespace
} // namespace locus::registry
