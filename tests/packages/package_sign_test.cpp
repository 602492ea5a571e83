// minisign-format signatures (hooks/packages/minisign.h), checked both ways against Debian's
// `minisign` tool when it is installed (scripts/setup.sh installs it). ~50 ms.
#include "hooks/packages/minisign.h"
#include "tests/packages/package_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace locus::packages::testing {
namespace {

using ::testing::HasSubstr;

const char* kMinisign = "/usr/bin/minisign";

TEST(Minisign, SignAndVerify) {
  KeyPair pair = generateKeyPair();
  std::string sig = signDetached(pair, "package bytes", "timestamp:1\tfile:x.tgz");
  SignatureCheck c = verifyDetached(sig, "package bytes", {pair.publicKey});
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.keyId, keyIdText(pair.publicKey.keyId));
  EXPECT_EQ(c.trustedComment, "timestamp:1\tfile:x.tgz");
}

TEST(Minisign, ChangedBytesFail) {
  KeyPair pair = generateKeyPair();
  std::string sig = signDetached(pair, "package bytes", "c");
  SignatureCheck c = verifyDetached(sig, "package bytez", {pair.publicKey});
  EXPECT_FALSE(c.ok);
  EXPECT_THAT(c.error, HasSubstr("does not match the file"));
}

TEST(Minisign, UntrustedKeyIsNamed) {
  KeyPair pair = generateKeyPair(), other = generateKeyPair();
  SignatureCheck c = verifyDetached(signDetached(pair, "b", "c"), "b", {other.publicKey});
  EXPECT_FALSE(c.ok);
  EXPECT_THAT(c.error, HasSubstr(keyIdText(pair.publicKey.keyId)));
  EXPECT_THAT(c.error, HasSubstr("not a trusted key"));
}

TEST(Minisign, ForgedKeyIdFails) {
  // A signature by another key that claims the trusted key's id.
  KeyPair trusted = generateKeyPair(), attacker = generateKeyPair();
  attacker.publicKey.keyId = trusted.publicKey.keyId;
  SignatureCheck c = verifyDetached(signDetached(attacker, "b", "c"), "b", {trusted.publicKey});
  EXPECT_FALSE(c.ok);
}

TEST(Minisign, AlteredTrustedCommentFails) {
  KeyPair pair = generateKeyPair();
  std::string sig = signDetached(pair, "b", "file:a.tgz");
  sig.replace(sig.find("file:a.tgz"), 10, "file:b.tgz");
  SignatureCheck c = verifyDetached(sig, "b", {pair.publicKey});
  EXPECT_FALSE(c.ok);
  EXPECT_THAT(c.error, HasSubstr("trusted comment"));
}

TEST(Minisign, GarbageSignatureIsExplained) {
  KeyPair pair = generateKeyPair();
  EXPECT_THAT(verifyDetached("hello", "b", {pair.publicKey}).error, HasSubstr("minisign format"));
}

TEST(Minisign, KeyFilesRoundTrip) {
  KeyPair pair = generateKeyPair();
  std::string error;
  std::optional<KeyPair> back = parseSecretKeyFile(formatSecretKeyFile(pair), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->secretKey, pair.secretKey);
  EXPECT_EQ(back->publicKey.key, pair.publicKey.key);
  std::optional<PublicKey> pub = parsePublicKey(formatPublicKeyFile(pair.publicKey), &error);
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->keyId, pair.publicKey.keyId);
  EXPECT_TRUE(parsePublicKey(publicKeyBase64(pair.publicKey), &error)); // the bare line
}

TEST(Minisign, CorruptSecretKeyIsRefused) {
  KeyPair pair = generateKeyPair();
  std::string text = formatSecretKeyFile(pair);
  std::size_t at = text.find('\n') + 100; // inside the 64 key bytes
  text[at] = text[at] == 'A' ? 'B' : 'A';
  std::string error;
  EXPECT_FALSE(parseSecretKeyFile(text, &error));
}

TEST(Minisign, DebianMinisignVerifiesOurSignature) {
  if (!fs::exists(kMinisign)) GTEST_SKIP() << "minisign is not installed";
  TempDir t;
  KeyPair pair = generateKeyPair();
  writeText(t.path / "demo-1.0.0.tgz", "the package bytes\n");
  writeText(t.path / "demo-1.0.0.tgz.minisig",
            signDetached(pair, "the package bytes\n", "timestamp:1\tfile:demo-1.0.0.tgz"));
  writeText(t.path / "key.pub", formatPublicKeyFile(pair.publicKey));
  std::string cmd = std::string(kMinisign) + " -Vq -p " + (t.path / "key.pub").string() + " -m " +
                    (t.path / "demo-1.0.0.tgz").string() + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  writeText(t.path / "demo-1.0.0.tgz", "the package bytes, changed\n");
  EXPECT_NE(std::system(cmd.c_str()), 0);
}

TEST(Minisign, WeVerifyDebianMinisignSignatures) {
  if (!fs::exists(kMinisign)) GTEST_SKIP() << "minisign is not installed";
  TempDir t;
  std::string dir = t.path.string();
  writeText(t.path / "f.tgz", "bytes");
  std::string cmd = "cd " + dir + " && " + kMinisign +
                    " -GW -p k.pub -s k.key >/dev/null 2>&1 && " + kMinisign +
                    " -S -s k.key -m f.tgz -t 'trusted' </dev/null >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string error;
  std::optional<PublicKey> pub = parsePublicKey(readText(t.path / "k.pub"), &error);
  ASSERT_TRUE(pub) << error;
  SignatureCheck c = verifyDetached(readText(t.path / "f.tgz.minisig"), "bytes", {*pub});
  EXPECT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.trustedComment, "trusted");
  // And its unencrypted secret key signs with locusc.
  std::optional<KeyPair> sk = parseSecretKeyFile(readText(t.path / "k.key"), &error);
  ASSERT_TRUE(sk) << error;
  EXPECT_TRUE(verifyDetached(signDetached(*sk, "x", "c"), "x", {*pub}).ok);
}

} // namespace
} // namespace locus::packages::testing
