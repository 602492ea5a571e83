// locus.lock (hooks/lockfile): deterministic text, located errors, and the installed-files check
// every plugin start runs. In memory and temp folders; ~10 ms.
#include "compiler/base/look_alike_names.h"
#include "compiler/base/sha256.h"
#include "hooks/lockfile/lockfile.h"
#include "tests/packages/package_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace locus::packages::testing {
namespace {

using lockfile::LockedPlugin;
using lockfile::Lockfile;
using ::testing::HasSubstr;

LockedPlugin entry(const std::string& name, const std::string& version) {
  return {name,
          version,
          "^" + version,
          "file:///r",
          std::string(64, 'a'),
          std::string(64, 'b'),
          "ABCD",
          {"network"},
          {}};
}

TEST(Lockfile, SortedAndDeterministic) {
  Lockfile a, b;
  a.put(entry("zeta", "1.0.0"));
  a.put(entry("alpha", "2.0.0"));
  b.put(entry("alpha", "2.0.0"));
  b.put(entry("zeta", "1.0.0"));
  EXPECT_EQ(lockfile::formatLockfile(a), lockfile::formatLockfile(b));
  std::string text = lockfile::formatLockfile(a);
  EXPECT_LT(text.find("alpha"), text.find("zeta"));
}

TEST(Lockfile, RoundTrips) {
  Lockfile lock;
  LockedPlugin p = entry("demo", "1.2.3");
  p.consented = {"env:TOKEN"};
  lock.put(p);
  lockfile::LockRead read = lockfile::parseLockfile(lockfile::formatLockfile(lock), "locus.lock");
  ASSERT_TRUE(read.lock) << read.error;
  EXPECT_EQ(*read.lock, lock);
}

TEST(Lockfile, PutReplaces) {
  Lockfile lock;
  lock.put(entry("demo", "1.0.0"));
  lock.put(entry("demo", "1.1.0"));
  ASSERT_EQ(lock.plugins.size(), 1u);
  EXPECT_EQ(lock.find("demo")->version, "1.1.0");
}

TEST(Lockfile, SyntaxErrorIsLocated) {
  lockfile::LockRead r =
      lockfile::parseLockfile("version = 1\n\n[[plugin]\nname = 1\n", "locus.lock");
  EXPECT_FALSE(r.lock);
  EXPECT_THAT(r.error, HasSubstr("locus.lock:3:"));
  EXPECT_THAT(r.error, HasSubstr("restore it from version control"));
}

TEST(Lockfile, MissingFieldIsLocated) {
  std::string text = lockfile::formatLockfile({{entry("demo", "1.0.0")}});
  text.replace(text.find("key = "), text.find('\n', text.find("key = ")) - text.find("key = ") + 1,
               "");
  lockfile::LockRead r = lockfile::parseLockfile(text, "locus.lock");
  EXPECT_FALSE(r.lock);
  EXPECT_THAT(r.error, HasSubstr("locus.lock:"));
  EXPECT_THAT(r.error, HasSubstr("lacks the string `key`"));
}

TEST(Lockfile, BadDigestIsLocated) {
  std::string text = lockfile::formatLockfile({{entry("demo", "1.0.0")}});
  text.replace(text.find(std::string(64, 'a')), 64, "xyz");
  lockfile::LockRead r = lockfile::parseLockfile(text, "locus.lock");
  EXPECT_THAT(r.error, HasSubstr("64 lower-case hex digits"));
}

TEST(Lockfile, DuplicateEntryIsRefused) {
  std::string one = lockfile::formatLockfile({{entry("demo", "1.0.0")}});
  std::string twice = one + one.substr(one.find("[[plugin]]"));
  EXPECT_THAT(lockfile::parseLockfile(twice, "locus.lock").error, HasSubstr("locked twice"));
}

TEST(Lockfile, MissingFileIsAnEmptyLock) {
  TempDir t;
  lockfile::LockRead r = lockfile::readLockfile(t.path / "locus.lock");
  ASSERT_TRUE(r.lock);
  EXPECT_TRUE(r.lock->plugins.empty());
}

TEST(InstalledFiles, ChangedFileIsNamed) {
  TempDir t;
  std::string index =
      "{\"format\": 1, \"name\": \"demo\", \"version\": \"1.0.0\", \"requiresCore\": "
      "\"*\", \"files\": [{\"path\": \"main.py\", \"sha256\": \"" +
      locus::sha256Hex("print(1)\n") + "\", \"size\": 9}]}";
  writeText(t.path / "locus-package.json", index);
  writeText(t.path / "main.py", "print(1)\n");
  LockedPlugin p = entry("demo", "1.0.0");
  p.content = locus::sha256Hex(index);
  EXPECT_EQ(lockfile::checkInstalledFiles(t.path, p), "");
  writeText(t.path / "main.py", "print(2)\n");
  EXPECT_THAT(lockfile::checkInstalledFiles(t.path, p), HasSubstr("main.py was changed"));
  fs::remove(t.path / "main.py");
  EXPECT_THAT(lockfile::checkInstalledFiles(t.path, p), HasSubstr("main.py is missing"));
  writeText(t.path / "locus-package.json", index + " ");
  EXPECT_THAT(lockfile::checkInstalledFiles(t.path, p), HasSubstr("differs from the file list"));
  EXPECT_THAT(lockfile::checkInstalledFiles(t.path / "nope", p), HasSubstr("not installed"));
}

TEST(SimilarNames, OneEditAway) {
  EXPECT_TRUE(oneEditAway("audit-field", "audit-fields"));  // deletion
  EXPECT_TRUE(oneEditAway("audit-fieldz", "audit-fields")); // substitution
  EXPECT_TRUE(oneEditAway("aduit-fields", "audit-fields")); // swap
  EXPECT_FALSE(oneEditAway("audit-fields", "audit-fields"));
  EXPECT_FALSE(oneEditAway("naming-lint", "audit-fields"));
  EXPECT_EQ(namesOneEditAway("notify-stp", {"notify-step", "naming-lint", "notify-step"}),
            std::vector<std::string>{"notify-step"});
}

} // namespace
} // namespace locus::packages::testing
