// SHA-256 of BUILD_MANIFEST.json (OpenSSL EVP): FIPS 180-2 test vectors, and the manifest's
// hashes (computed on several threads) equal the single-threaded digest of each file.
#include "compiler/base/sha256.h"
#include "generators/output/build_manifest.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

TEST(OutputSha256, KnownVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(OutputSha256, ManifestHashesEveryFileInOrder) {
  GeneratedFiles files;
  for (int i = 0; i < 300; ++i)
    files["f/" + std::to_string(i)] = std::string(static_cast<size_t>(i) * 97, char('a' + i % 26));
  nlohmann::json doc = nlohmann::json::parse(renderManifest(files, {}, "1.0", 1));
  ASSERT_EQ(doc["files"].size(), files.size());
  size_t i = 0;
  for (const auto& [path, text] : files) {
    EXPECT_EQ(doc["files"][i]["path"], path);
    EXPECT_EQ(doc["files"][i]["sha256"], sha256Hex(text)) << path;
    EXPECT_EQ(doc["files"][i]["size"], text.size());
    ++i;
  }
}

} // namespace
} // namespace locus
