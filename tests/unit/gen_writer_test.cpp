// The writer: atomic swap, only changed files rewritten, untracked files carried over, refusals,
// and a failed write (file-size limit = "disk full") leaving the previous output intact; and the
// in-place mode a dev server's output gets (only changed files replaced, folders kept).
#include "generators/output/build_manifest.h"
#include "generators/output/write_output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ino_t inodeOf(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_ino;
}

class WriterTest : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("locus-writer-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    out_ = root_ / "out";
  }
  void TearDown() override { fs::remove_all(root_); }

  // What the build driver does: add the manifest, then write.
  std::optional<std::string> build(GeneratedFiles files, WriteSummary* summary = nullptr,
                                   WriteMode mode = WriteMode::Swap) {
    std::map<std::string, std::string> owner;
    for (const auto& [path, text] : files) owner[path] = path.starts_with("db/") ? "sql" : "app";
    files[kManifestName] = renderManifest(files, owner, "0.1.0", 1);
    WriteSummary local;
    return writeOutput(files, readOutputState(out_.string()), summary ? *summary : local, mode);
  }
  std::optional<std::string> buildInPlace(GeneratedFiles files, WriteSummary* summary = nullptr) {
    return build(std::move(files), summary, WriteMode::InPlace);
  }

  fs::path root_, out_;
};

TEST_F(WriterTest, FirstBuildWritesEveryFileAndTheManifest) {
  WriteSummary s;
  ASSERT_FALSE(build({{"a.txt", "A"}, {"db/x.sql", "X"}}, &s));
  EXPECT_EQ(slurp(out_ / "a.txt"), "A");
  EXPECT_EQ(slurp(out_ / "db/x.sql"), "X");
  std::optional<Manifest> m = readManifest(out_.string());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->at("db/x.sql").generator, "sql");
  EXPECT_EQ(m->at("a.txt").sha256,
            "559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd"); // sha256("A")
  EXPECT_EQ(s.written, 3u);
  EXPECT_FALSE(fs::exists(root_ / ".out.locus-staging"));
}

TEST_F(WriterTest, IdenticalRebuildTouchesNothing) {
  ASSERT_FALSE(build({{"a.txt", "A"}}));
  ino_t before = inodeOf(out_ / "a.txt");
  ino_t dirBefore = inodeOf(out_);
  WriteSummary s;
  ASSERT_FALSE(build({{"a.txt", "A"}}, &s));
  EXPECT_TRUE(s.upToDate);
  EXPECT_EQ(inodeOf(out_ / "a.txt"), before);
  EXPECT_EQ(inodeOf(out_), dirBefore);
}

TEST_F(WriterTest, OnlyChangedFilesAreRewrittenAndRemovedFilesGo) {
  ASSERT_FALSE(build({{"same.txt", "S"}, {"change.txt", "1"}, {"gone.txt", "G"}}));
  ino_t same = inodeOf(out_ / "same.txt");
  ino_t change = inodeOf(out_ / "change.txt");
  WriteSummary s;
  ASSERT_FALSE(build({{"same.txt", "S"}, {"change.txt", "2"}}, &s));
  EXPECT_EQ(inodeOf(out_ / "same.txt"), same); // hard-linked, not rewritten
  EXPECT_NE(inodeOf(out_ / "change.txt"), change);
  EXPECT_EQ(slurp(out_ / "change.txt"), "2");
  EXPECT_FALSE(fs::exists(out_ / "gone.txt"));
  EXPECT_EQ(s.unchanged, 1u);
  EXPECT_EQ(s.removed, 1u);
}

TEST_F(WriterTest, HandEditedOutputIsRestored) {
  ASSERT_FALSE(build({{"a.txt", "A"}}));
  std::ofstream(out_ / "a.txt") << "edited";
  ASSERT_FALSE(build({{"a.txt", "A"}}));
  EXPECT_EQ(slurp(out_ / "a.txt"), "A");
}

TEST_F(WriterTest, UntrackedFilesAreCarriedOver) {
  ASSERT_FALSE(build({{"server/index.ts", "1"}}));
  fs::create_directories(out_ / "server/node_modules/x");
  std::ofstream(out_ / "server/node_modules/x/i.js") << "keep";
  std::ofstream(out_ / "notes.md") << "mine";
  ASSERT_FALSE(build({{"server/index.ts", "2"}}));
  EXPECT_EQ(slurp(out_ / "server/node_modules/x/i.js"), "keep");
  EXPECT_EQ(slurp(out_ / "notes.md"), "mine");
  EXPECT_EQ(slurp(out_ / "server/index.ts"), "2");
}

TEST_F(WriterTest, UntrackedFileInTheWayIsAnErrorAndNothingChanges) {
  ASSERT_FALSE(build({{"a.txt", "1"}}));
  std::ofstream(out_ / "b.txt") << "mine";
  std::optional<std::string> error = build({{"a.txt", "2"}, {"b.txt", "generated"}});
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("b.txt"), std::string::npos) << *error;
  EXPECT_EQ(slurp(out_ / "a.txt"), "1");
  EXPECT_EQ(slurp(out_ / "b.txt"), "mine");
}

TEST_F(WriterTest, RefusesAFolderItDidNotWrite) {
  fs::create_directories(out_);
  std::ofstream(out_ / "precious.c") << "int main;";
  std::optional<std::string> error = build({{"a.txt", "A"}});
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("BUILD_MANIFEST.json"), std::string::npos) << *error;
  EXPECT_EQ(slurp(out_ / "precious.c"), "int main;");
}

TEST_F(WriterTest, OutputPathThatIsAFileIsAnError) {
  std::ofstream(out_) << "file";
  std::optional<std::string> error = build({{"a.txt", "A"}});
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("not a folder"), std::string::npos) << *error;
  EXPECT_EQ(slurp(out_), "file");
}

TEST_F(WriterTest, FullDiskMidWriteLeavesThePreviousOutputIntact) {
  ASSERT_FALSE(build({{"a.txt", "old"}, {"b.txt", "old"}}));
  // A child process with a 4 KiB file-size limit behaves like a full disk for big writes.
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    rlimit lim{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    std::optional<std::string> error =
        build({{"a.txt", "new"}, {"b.txt", std::string(100000, 'x')}});
    ::_exit(error && error->find("b.txt") != std::string::npos ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the write should fail and name b.txt";
  EXPECT_EQ(slurp(out_ / "a.txt"), "old");
  EXPECT_EQ(slurp(out_ / "b.txt"), "old");
  EXPECT_FALSE(fs::exists(root_ / ".out.locus-staging"));
}

TEST_F(WriterTest, StaleFilesAreListed) {
  ASSERT_FALSE(build({{"a.txt", "A"}, {"b.txt", "B"}}));
  std::ofstream(out_ / "a.txt") << "edited";
  GeneratedFiles want{{"a.txt", "A"}, {"c.txt", "C"}};
  std::vector<StaleFile> stale = findStaleFiles(want, readOutputState(out_.string()));
  ASSERT_EQ(stale.size(), 3u);
  EXPECT_EQ(stale[0].path, "a.txt");
  EXPECT_EQ(stale[0].reason, "differs");
  EXPECT_EQ(stale[1].path, "c.txt");
  EXPECT_EQ(stale[1].reason, "missing");
  EXPECT_EQ(stale[2].reason, "would be removed");
}

TEST_F(WriterTest, PreviousFilesAreGroupedByGenerator) {
  ASSERT_FALSE(build({{"a.txt", "A"}, {"db/1.sql", "one"}}));
  GeneratedFiles sql = previousFilesOf(readOutputState(out_.string()), "sql");
  ASSERT_EQ(sql.size(), 1u);
  EXPECT_EQ(sql.at("db/1.sql"), "one");
}

TEST_F(WriterTest, InPlaceReplacesOnlyChangedFilesAndKeepsTheFolders) {
  ASSERT_FALSE(build({{"web/src/a.tsx", "1"}, {"web/src/b.tsx", "B"}, {"server/x.ts", "X"}}));
  fs::create_directories(out_ / "web/.next");
  std::ofstream(out_ / "web/.next/cache") << "compiled";
  ino_t folder = inodeOf(out_ / "web/src"), root = inodeOf(out_),
        b = inodeOf(out_ / "web/src/b.tsx");
  WriteSummary s;
  ASSERT_FALSE(
      buildInPlace({{"web/src/a.tsx", "2"}, {"web/src/b.tsx", "B"}, {"server/x.ts", "X"}}, &s));
  EXPECT_EQ(slurp(out_ / "web/src/a.tsx"), "2");
  EXPECT_EQ(inodeOf(out_), root); // not swapped: a watcher of the folder sees one file change
  EXPECT_EQ(inodeOf(out_ / "web/src"), folder);
  EXPECT_EQ(inodeOf(out_ / "web/src/b.tsx"), b);
  EXPECT_EQ(slurp(out_ / "web/.next/cache"), "compiled");
  EXPECT_EQ(s.unchanged, 2u);
  EXPECT_EQ(s.written, 2u); // a.tsx and the manifest
  EXPECT_EQ(readManifest(out_.string())->at("web/src/a.tsx").sha256,
            "d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35"); // sha256("2")
  for (const auto& entry : fs::recursive_directory_iterator(out_))
    EXPECT_EQ(entry.path().string().find(".locus-new"), std::string::npos) << entry.path();
}

TEST_F(WriterTest, InPlaceAddsAndRemovesFilesAndEmptiedFolders) {
  ASSERT_FALSE(build({{"keep.txt", "K"}, {"old/deep/x.txt", "X"}, {"mixed/y.txt", "Y"}}));
  std::ofstream(out_ / "mixed/mine.txt") << "mine";
  WriteSummary s;
  ASSERT_FALSE(buildInPlace({{"keep.txt", "K"}, {"new/z.txt", "Z"}}, &s));
  EXPECT_EQ(slurp(out_ / "new/z.txt"), "Z");
  EXPECT_FALSE(fs::exists(out_ / "old")); // emptied folders go
  EXPECT_FALSE(fs::exists(out_ / "mixed/y.txt"));
  EXPECT_EQ(slurp(out_ / "mixed/mine.txt"), "mine"); // a folder with untracked files stays
  EXPECT_EQ(s.removed, 2u);
  std::optional<Manifest> m = readManifest(out_.string());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->size(), 2u);
  EXPECT_TRUE(m->count("new/z.txt"));
}

TEST_F(WriterTest, InPlaceStillRefusesAnUntrackedFileInTheWay) {
  ASSERT_FALSE(build({{"a.txt", "1"}}));
  std::ofstream(out_ / "b.txt") << "mine";
  std::optional<std::string> error = buildInPlace({{"a.txt", "2"}, {"b.txt", "generated"}});
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("b.txt"), std::string::npos) << *error;
  EXPECT_EQ(slurp(out_ / "a.txt"), "1");
  EXPECT_EQ(slurp(out_ / "b.txt"), "mine");
}

TEST_F(WriterTest, InPlaceOnAFreshFolderWritesEverything) {
  WriteSummary s;
  ASSERT_FALSE(buildInPlace({{"a.txt", "A"}}, &s));
  EXPECT_EQ(slurp(out_ / "a.txt"), "A");
  EXPECT_TRUE(readManifest(out_.string()));
}

// A full disk (or a crash) halfway through the files: the output is partly new, and every file
// on disk is still tracked (the union manifest went first), so the next build neither refuses a
// file as "not written by locusc" nor leaves one behind.
TEST_F(WriterTest, InPlaceFailureHalfwayLeavesEveryFileTracked) {
  ASSERT_FALSE(build({{"a.txt", "1"}, {"gone.txt", "G"}}));
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    rlimit lim{4096, 4096}; // the manifest and a.txt fit, b.txt does not
    ::setrlimit(RLIMIT_FSIZE, &lim);
    std::optional<std::string> error =
        buildInPlace({{"a.txt", "2"}, {"b.txt", std::string(100000, 'x')}});
    ::_exit(error && error->find("b.txt") != std::string::npos ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the write should fail and name b.txt";
  EXPECT_EQ(slurp(out_ / "a.txt"), "2");
  std::optional<Manifest> halfway = readManifest(out_.string());
  ASSERT_TRUE(halfway);
  EXPECT_TRUE(halfway->count("b.txt") && halfway->count("gone.txt"));
  ASSERT_FALSE(buildInPlace({{"a.txt", "3"}, {"b.txt", "B"}}));
  EXPECT_EQ(slurp(out_ / "b.txt"), "B");
  EXPECT_FALSE(fs::exists(out_ / "gone.txt"));
  EXPECT_EQ(readManifest(out_.string())->size(), 2u);
}

} // namespace
} // namespace locus
