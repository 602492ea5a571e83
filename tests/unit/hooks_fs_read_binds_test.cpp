// `fs.read` grants → read-only binds (hooks/sandbox/fs_read_binds.h), the bwrap flags they become,
// and the protected-path rule of the manifest check. The real sandbox is exercised end to end by
// tests/e2e/plugin_fsread_test.cpp.
#include "hooks/manifest/manifest_checks.h"
#include "hooks/permissions/protected_paths.h"
#include "hooks/sandbox/bwrap_argv.h"
#include "hooks/sandbox/fs_read_binds.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace locus::hooks;
namespace fs = std::filesystem;

namespace {

class FsReadBindsTest : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("locus-fsbinds-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    for (const char* file : {"data/a.csv", "data/b.csv", "data/sub/c.csv", "data/notes.txt",
                             "src/app.locus", ".locus/audit.log", "Locus.toml"})
      touch(file);
    root_ = fs::canonical(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void touch(const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << rel;
  }

  // "target" for a bind, "target -> link" for a recreated symlink, relative to /project.
  std::vector<std::string> targets(const std::vector<std::string>& patterns) {
    std::vector<std::string> out;
    for (const ReadOnlyBind& b : resolveFsReadBinds(root_, patterns).binds) {
      std::string rel = b.target.substr(std::string(kSandboxProjectDir).size() + 1);
      if (b.source.empty()) {
        out.push_back(rel + " -> " + b.symlinkTarget);
      } else {
        EXPECT_EQ(b.source, (root_ / rel).string());
        out.push_back(rel);
      }
    }
    return out;
  }

  fs::path root_;
};

using V = std::vector<std::string>;

TEST_F(FsReadBindsTest, AFolderWhollyGrantedIsOneBind) {
  EXPECT_EQ(targets({"data/**"}), V{"data"});
}

TEST_F(FsReadBindsTest, OnlyMatchingFilesAreBound) {
  EXPECT_EQ(targets({"data/*.csv"}), (V{"data/a.csv", "data/b.csv"}));
  EXPECT_EQ(targets({"data/**/*.csv"}), (V{"data/a.csv", "data/b.csv", "data/sub"}));
  EXPECT_EQ(targets({"Locus.toml"}), V{"Locus.toml"});
  EXPECT_EQ(targets({"missing/**", "nothing.txt"}), V{});
}

TEST_F(FsReadBindsTest, OverlappingPatternsGiveNoNestedBinds) {
  EXPECT_EQ(targets({"data/a.csv", "data/**", "data/sub/c.csv"}), V{"data"});
}

TEST_F(FsReadBindsTest, ProtectedPathsAreNeverBoundEvenUnderDoubleStar) {
  touch("data/.env");
  touch("data/keys/server.pem");
  FsReadBinds r = resolveFsReadBinds(root_, {"**"});
  for (const ReadOnlyBind& b : r.binds) {
    EXPECT_EQ(b.target.find(".locus"), std::string::npos) << b.target;
    EXPECT_EQ(b.target.find(".env"), std::string::npos) << b.target;
    EXPECT_EQ(b.target.find(".pem"), std::string::npos) << b.target;
  }
  // data is no longer bound whole: it holds a protected file.
  EXPECT_EQ(targets({"data/**"}), (V{"data/a.csv", "data/b.csv", "data/notes.txt", "data/sub"}));
  EXPECT_NE(std::find(r.skipped.begin(), r.skipped.end(), ".locus: a protected path, never bound"),
            r.skipped.end());
}

TEST_F(FsReadBindsTest, SymlinksAreRecreatedNeverFollowed) {
  fs::create_symlink("../Locus.toml", root_ / "data/up");
  fs::create_symlink("/etc", root_ / "linked");
  EXPECT_EQ(targets({"data/up"}), V{"data/up -> ../Locus.toml"});
  // A symlink to a folder on the pattern's way is not walked through.
  EXPECT_EQ(targets({"linked/passwd"}), V{});
  FsReadBinds r = resolveFsReadBinds(root_, {"linked/*"});
  EXPECT_TRUE(r.binds.empty());
}

TEST_F(FsReadBindsTest, BindsBecomeReadOnlyBwrapFlags) {
  SandboxPolicy policy;
  policy.pluginDir = "/p";
  policy.workspaceDir = "/w";
  policy.entry = {"python3", "main.py"};
  policy.readOnlyBinds = {{"/srv/app/data", "/project/data", ""}, {"", "/project/link", "../x"}};
  std::vector<std::string> argv = buildBwrapArgv(policy);
  V ro{"--ro-bind-try", "/srv/app/data", "/project/data"};
  V link{"--symlink", "../x", "/project/link"};
  EXPECT_NE(std::search(argv.begin(), argv.end(), ro.begin(), ro.end()), argv.end());
  EXPECT_NE(std::search(argv.begin(), argv.end(), link.begin(), link.end()), argv.end());
  // Nothing of the project without a grant.
  policy.readOnlyBinds.clear();
  for (const std::string& a : buildBwrapArgv(policy))
    EXPECT_EQ(a.find("/project"), std::string::npos) << a;
}

TEST(ProtectedPaths, NamesTheReason) {
  EXPECT_TRUE(isProtectedProjectPath(".locus/workspaces/x/evil"));
  EXPECT_TRUE(isProtectedProjectPath("config/.env.production"));
  EXPECT_TRUE(isProtectedProjectPath(".git/config"));
  EXPECT_FALSE(isProtectedProjectPath("data/environment.csv"));
  EXPECT_NE(protectedPatternProblem(".locus/**").find("holds the host's state"), std::string::npos);
  EXPECT_NE(protectedPatternProblem("secrets/*.txt").find("secrets folder"), std::string::npos);
  EXPECT_EQ(protectedPatternProblem("**/*.csv"), "");
  EXPECT_EQ(protectedPatternProblem("data/**"), "");
}

TEST(ProtectedPaths, ManifestCheckRefusesThem) {
  PluginManifest m;
  m.name = "x";
  m.version = "1.0.0";
  m.requiresCore = "^0.1.0";
  m.entry = {"python3", "main.py"};
  m.permissions.fsRead = {".locus/audit.log", "data/**", "/etc/passwd"};
  std::vector<ManifestError> errors = checkManifest(m, defaultCheckContext(), "x.json");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "permissions.fs.read");
  EXPECT_NE(errors[0].message.find("'.locus/audit.log': '.locus' holds the host's state"),
            std::string::npos)
      << errors[0].message;
  EXPECT_NE(errors[1].message.find("must be relative"), std::string::npos) << errors[1].message;
}

} // namespace
