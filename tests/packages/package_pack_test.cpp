// Packing and reading packages (hooks/packages/pack.h, unpack.h): determinism, the refusal rules,
// and hostile archives (traversal, links, devices, tampering, truncation, decompression bombs).
// Temp folders only; ~100 ms in all.
#include "compiler/base/sha256.h"
#include "hooks/packages/pack.h"
#include "hooks/packages/tar_writer.h"
#include "hooks/packages/unpack.h"
#include "tests/packages/package_test_util.h"

#include <archive.h>
#include <archive_entry.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

namespace locus::packages::testing {
namespace {

using ::testing::HasSubstr;

std::string errorsOf(const PackResult& r) {
  std::string out;
  for (const std::string& e : r.errors) out += e + "\n";
  return out;
}

TEST(PackagePack, SameFolderSameBytes) {
  TempDir t;
  fs::path dir = makePlugin(t.path / "p", "demo", "1.0.0");
  writeText(dir / "lib" / "util.py", "x = 1\n");
  PackResult a = packPlugin(dir);
  ASSERT_TRUE(a.errors.empty()) << errorsOf(a);
  fs::last_write_time(dir / "main.py", fs::file_time_type::clock::now() - std::chrono::hours(5));
  PackResult b = packPlugin(dir);
  EXPECT_EQ(a.archive, b.archive);
  EXPECT_EQ(a.fileName(), "demo-1.0.0.tgz");
  ASSERT_EQ(a.index.files.size(), 3u);
  EXPECT_EQ(a.index.files[0].path, "lib/util.py"); // sorted
  EXPECT_EQ(a.index.files[0].sha256, locus::sha256Hex("x = 1\n"));
}

TEST(PackagePack, RoundTripsThroughUnpack) {
  TempDir t;
  fs::path dir = makePlugin(t.path / "p", "demo", "1.2.0", "\"permissions\": {\"network\": true}");
  PackResult packed = packPlugin(dir);
  ASSERT_TRUE(packed.errors.empty()) << errorsOf(packed);
  UnpackResult r = readPackage(packed.archive);
  ASSERT_TRUE(r.contents) << r.error;
  EXPECT_EQ(r.contents->index.name, "demo");
  EXPECT_EQ(r.contents->index.permissions["network"], true);
  EXPECT_EQ(r.contents->data.at("main.py"), readText(dir / "main.py"));
  ASSERT_EQ(writePackageFiles(*r.contents, t.path / "out"), "");
  EXPECT_EQ(readText(t.path / "out" / "main.py"), readText(dir / "main.py"));
}

TEST(PackagePack, SkipsGitAndCachesAndEarlierPacks) {
  TempDir t;
  fs::path dir = makePlugin(t.path / "p", "demo", "1.0.0");
  writeText(dir / ".git" / "HEAD", "ref\n");
  writeText(dir / "__pycache__" / "main.pyc", "bytes");
  writeText(dir / "demo-0.9.0.tgz", "old");
  PackResult packed = packPlugin(dir);
  ASSERT_TRUE(packed.errors.empty());
  EXPECT_EQ(packed.index.files.size(), 2u);
}

TEST(PackagePack, RefusesSymlinkLeavingThePackage) {
  TempDir t;
  fs::path dir = makePlugin(t.path / "p", "demo", "1.0.0");
  writeText(t.path / "secret.txt", "s3cret");
  fs::create_symlink(t.path / "secret.txt", dir / "leak.txt");
  PackResult packed = packPlugin(dir);
  EXPECT_THAT(errorsOf(packed), HasSubstr("leak.txt: symlink points outside the package"));
}

TEST(PackagePack, StoresSymlinkInsideAsItsFile) {
  TempDir t;
  fs::path dir = makePlugin(t.path / "p", "demo", "1.0.0");
  fs::create_symlink("main.py", dir / "alias.py");
  PackResult packed = packPlugin(dir);
  ASSERT_TRUE(packed.errors.empty()) << errorsOf(packed);
  UnpackResult r = readPackage(packed.archive);
  ASSERT_TRUE(r.contents);
  EXPECT_EQ(r.contents->data.at("alias.py"), readText(dir / "main.py"));
}

TEST(PackagePack, RefusesFifo) {
  TempDir t;
  fs::path dir = makePlugin(t.path / "p", "demo", "1.0.0");
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  EXPECT_THAT(errorsOf(packPlugin(dir)), HasSubstr("pipe: not a regular file"));
}

TEST(PackagePack, RefusesFilesAboveTheLimit) {
  TempDir t;
  fs::path dir = makePlugin(t.path / "p", "demo", "1.0.0");
  writeText(dir / "big.bin", std::string(4096, 'x'));
  PackageLimits limits;
  limits.maxFileBytes = 1000;
  EXPECT_THAT(errorsOf(packPlugin(dir, limits)), HasSubstr("big.bin: 4096 bytes, above the limit"));
}

TEST(PackagePack, RefusesAnInvalidManifest) {
  TempDir t;
  fs::create_directories(t.path / "p");
  writeText(t.path / "p" / "locus-plugin.json", "{\"name\": \"Bad Name\"}");
  EXPECT_FALSE(packPlugin(t.path / "p").errors.empty());
}

// A hand-made archive: `entries` of (path, bytes, type).
struct RawEntry {
  std::string path, bytes;
  mode_t type = AE_IFREG;
  std::string link;
};

std::string rawArchive(const std::vector<RawEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_add_filter_gzip(a);
  archive_write_open(
      a, &out, nullptr,
      [](archive*, void* client, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const RawEntry& r : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, r.path.c_str());
    archive_entry_set_filetype(e, r.type);
    archive_entry_set_perm(e, 0644);
    if (r.type == AE_IFLNK) archive_entry_set_symlink(e, r.link.c_str());
    archive_entry_set_size(e, r.type == AE_IFREG ? static_cast<la_int64_t>(r.bytes.size()) : 0);
    archive_write_header(a, e);
    if (r.type == AE_IFREG) archive_write_data(a, r.bytes.data(), r.bytes.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// A valid package's entries, to be spoiled by each test.
std::vector<RawEntry> validEntries() {
  TempDir t;
  PackResult packed = packPlugin(makePlugin(t.path / "p", "demo", "1.0.0"));
  UnpackResult r = readPackage(packed.archive);
  std::vector<RawEntry> out{{lockfile::kPackageIndexFile, r.contents->indexText, AE_IFREG, ""}};
  for (auto& [path, bytes] : r.contents->data) out.push_back({path, bytes, AE_IFREG, ""});
  return out;
}

TEST(PackageHostile, ValidBaselineIsAccepted) {
  EXPECT_TRUE(readPackage(rawArchive(validEntries())).contents);
}

TEST(PackageHostile, TamperedFileIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.back().bytes += "import os; os.system('curl evil')\n";
  UnpackResult r = readPackage(rawArchive(entries));
  EXPECT_FALSE(r.contents);
  EXPECT_THAT(r.error, HasSubstr("does not match its SHA-256"));
}

TEST(PackageHostile, UnlistedFileIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.push_back({"extra.py", "print(1)", AE_IFREG, ""});
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("extra.py is not listed"));
}

TEST(PackageHostile, PathTraversalIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.push_back({"../../.bashrc", "evil", AE_IFREG, ""});
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("leaves the package"));
  entries.back().path = "lib/../../x";
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("leaves the package"));
}

TEST(PackageHostile, AbsolutePathIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.push_back({"/etc/cron.d/evil", "evil", AE_IFREG, ""});
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("absolute path"));
}

TEST(PackageHostile, SymlinkEntryIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.push_back({"escape", "", AE_IFLNK, "/etc/passwd"});
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("escape: a symbolic link"));
}

TEST(PackageHostile, DeviceEntryIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.push_back({"dev", "", AE_IFCHR, ""});
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("a device file"));
}

TEST(PackageHostile, DuplicateEntryIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.push_back(entries.back());
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("appears twice"));
}

TEST(PackageHostile, TruncatedDownloadIsRejected) {
  std::string bytes = rawArchive(validEntries());
  std::size_t streamEnd = bytes.find_last_not_of('\0') + 1; // before tar's zero padding
  UnpackResult r = readPackage(bytes.substr(0, streamEnd - 20));
  EXPECT_FALSE(r.contents);
  EXPECT_THAT(r.error, HasSubstr("truncated or corrupt"));
  r = readPackage(bytes.substr(0, streamEnd / 2));
  EXPECT_FALSE(r.contents);
  EXPECT_THAT(r.error, HasSubstr("truncated or corrupt"));
}

TEST(PackageHostile, NotAnArchiveIsRejected) {
  EXPECT_THAT(readPackage("<html>404</html>").error, HasSubstr("the package is rejected"));
}

TEST(PackageHostile, DecompressionBombStopsAtTheLimit) {
  std::vector<RawEntry> entries = validEntries();
  entries.push_back(
      {"bomb.bin", std::string(8 << 20, 0), AE_IFREG, ""}); // 8 MiB of zeros: ~8 KiB gzip'ed
  std::string bytes = rawArchive(entries);
  EXPECT_LT(bytes.size(), 64u << 10);
  PackageLimits limits;
  limits.maxTotalBytes = 1 << 20;
  UnpackResult r = readPackage(bytes, limits);
  EXPECT_FALSE(r.contents);
  EXPECT_THAT(r.error, HasSubstr("decompresses to more than"));
}

TEST(PackageHostile, MissingIndexIsRejected) {
  std::vector<RawEntry> entries = validEntries();
  entries.erase(entries.begin());
  EXPECT_THAT(readPackage(rawArchive(entries)).error, HasSubstr("no locus-package.json"));
}

TEST(PackageHostile, WriteRefusesAnExistingFolder) {
  TempDir t;
  UnpackResult r = readPackage(rawArchive(validEntries()));
  ASSERT_TRUE(r.contents);
  fs::create_directories(t.path / "x");
  EXPECT_THAT(writePackageFiles(*r.contents, t.path / "x"), HasSubstr("already exists"));
}

} // namespace
} // namespace locus::packages::testing
