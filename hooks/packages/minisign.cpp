#include "hooks/packages/minisign.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <sstream>

namespace locus::packages {

namespace {

using Bytes = std::vector<std::uint8_t>;

void ensureSodium() {
  static const int ready = sodium_init(); // idempotent and thread-safe
  (void)ready;
}

std::string toBase64(const Bytes& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<Bytes> fromBase64(std::string_view text) {
  Bytes out(text.size());
  std::size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

void append(Bytes& out, const void* data, std::size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  out.insert(out.end(), p, p + n);
}

std::array<std::uint8_t, 64> blake2b512(std::string_view bytes) {
  std::array<std::uint8_t, 64> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return out;
}

std::array<std::uint8_t, 32> secretKeyChecksum(const KeyPair& pair) {
  std::array<std::uint8_t, 32> out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("Ed"), 2);
  crypto_generichash_update(&state, pair.publicKey.keyId.data(), pair.publicKey.keyId.size());
  crypto_generichash_update(&state, pair.secretKey.data(), pair.secretKey.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

constexpr std::size_t kSecretKeyBytes = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;

} // namespace

KeyPair generateKeyPair() {
  ensureSodium();
  KeyPair pair;
  crypto_sign_keypair(pair.publicKey.key.data(), pair.secretKey.data());
  randombytes_buf(pair.publicKey.keyId.data(), pair.publicKey.keyId.size());
  return pair;
}

std::string keyIdText(const KeyId& id) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (int i = 7; i >= 0; --i) {
    out += digits[id[i] >> 4];
    out += digits[id[i] & 15];
  }
  return out;
}

std::string publicKeyBase64(const PublicKey& key) {
  Bytes raw{'E', 'd'};
  append(raw, key.keyId.data(), key.keyId.size());
  append(raw, key.key.data(), key.key.size());
  return toBase64(raw);
}

std::string formatPublicKeyFile(const PublicKey& key) {
  return "untrusted comment: minisign public key " + keyIdText(key.keyId) + "\n" +
         publicKeyBase64(key) + "\n";
}

std::string formatSecretKeyFile(const KeyPair& pair) {
  Bytes raw{'E', 'd', 0, 0, 'B', '2'};
  raw.resize(raw.size() + 32 + 8 + 8, 0); // salt and scrypt limits: unused without encryption
  append(raw, pair.publicKey.keyId.data(), 8);
  append(raw, pair.secretKey.data(), 64);
  std::array<std::uint8_t, 32> sum = secretKeyChecksum(pair);
  append(raw, sum.data(), sum.size());
  return "untrusted comment: minisign secret key (unencrypted; keep this file private)\n" +
         toBase64(raw) + "\n";
}

std::optional<PublicKey> parsePublicKey(std::string_view text, std::string* error) {
  std::vector<std::string> ls = lines(text);
  std::string b64;
  for (const std::string& l : ls)
    if (!l.empty() && !l.starts_with("untrusted comment:")) {
      b64 = l;
      break;
    }
  std::optional<Bytes> raw = fromBase64(b64);
  if (!raw || raw->size() != 42 || (*raw)[0] != 'E' || (*raw)[1] != 'd') {
    if (error)
      *error = "not a minisign public key (expected base64 of 42 bytes starting with \"Ed\", as "
               "written by `locusc plugin keygen` or `minisign -G`)";
    return std::nullopt;
  }
  PublicKey key;
  std::copy(raw->begin() + 2, raw->begin() + 10, key.keyId.begin());
  std::copy(raw->begin() + 10, raw->end(), key.key.begin());
  return key;
}

std::optional<KeyPair> parseSecretKeyFile(std::string_view text, std::string* error) {
  std::vector<std::string> ls = lines(text);
  std::optional<Bytes> raw = ls.size() >= 2 ? fromBase64(ls[1]) : std::nullopt;
  auto fail = [&](const std::string& why) -> std::optional<KeyPair> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!raw || raw->size() != kSecretKeyBytes || (*raw)[0] != 'E' || (*raw)[1] != 'd')
    return fail("not a minisign secret key file");
  if ((*raw)[2] != 0 || (*raw)[3] != 0)
    return fail("the secret key is password-protected; locusc reads unencrypted keys only "
                "(create one with `locusc plugin keygen`, or `minisign -G -W`)");
  KeyPair pair;
  std::copy(raw->begin() + 54, raw->begin() + 62, pair.publicKey.keyId.begin());
  std::copy(raw->begin() + 62, raw->begin() + 126, pair.secretKey.begin());
  // minisign 0.11 leaves the checksum zero in unencrypted (-W) keys; a written one must match.
  std::array<std::uint8_t, 32> sum = secretKeyChecksum(pair);
  bool noChecksum =
      std::all_of(raw->begin() + 126, raw->end(), [](std::uint8_t b) { return b == 0; });
  if (!noChecksum && !std::equal(sum.begin(), sum.end(), raw->begin() + 126))
    return fail("the secret key file is corrupt (checksum mismatch)");
  // An Ed25519 secret key is its seed followed by its public key: both halves must agree.
  ensureSodium();
  std::array<std::uint8_t, 64> derived{};
  crypto_sign_seed_keypair(pair.publicKey.key.data(), derived.data(), pair.secretKey.data());
  if (derived != pair.secretKey)
    return fail("the secret key file is corrupt (its public half does not match its seed)");
  return pair;
}

std::string signDetached(const KeyPair& pair, std::string_view bytes,
                         const std::string& trustedComment) {
  ensureSodium();
  std::array<std::uint8_t, 64> digest = blake2b512(bytes);
  std::array<std::uint8_t, 64> sig{};
  crypto_sign_detached(sig.data(), nullptr, digest.data(), digest.size(), pair.secretKey.data());
  Bytes sigLine{'E', 'D'};
  append(sigLine, pair.publicKey.keyId.data(), 8);
  append(sigLine, sig.data(), sig.size());
  Bytes global(sig.begin(), sig.end());
  append(global, trustedComment.data(), trustedComment.size());
  std::array<std::uint8_t, 64> globalSig{};
  crypto_sign_detached(globalSig.data(), nullptr, global.data(), global.size(),
                       pair.secretKey.data());
  return "untrusted comment: signature from locusc secret key\n" + toBase64(sigLine) +
         "\ntrusted comment: " + trustedComment + "\n" +
         toBase64(Bytes(globalSig.begin(), globalSig.end())) + "\n";
}

SignatureCheck verifyDetached(std::string_view signature, std::string_view bytes,
                              const std::vector<PublicKey>& trusted) {
  ensureSodium();
  SignatureCheck out;
  std::vector<std::string> ls = lines(signature);
  const std::string trustedPrefix = "trusted comment: ";
  if (ls.size() < 4 || !ls[0].starts_with("untrusted comment:") ||
      !ls[2].starts_with(trustedPrefix)) {
    out.error = "the signature is not in minisign format (4 lines: untrusted comment, "
                "signature, trusted comment, global signature)";
    return out;
  }
  std::optional<Bytes> sig = fromBase64(ls[1]);
  std::optional<Bytes> global = fromBase64(ls[3]);
  if (!sig || sig->size() != 74 || !global || global->size() != 64) {
    out.error = "the signature is malformed (bad base64 or length)";
    return out;
  }
  bool prehashed = (*sig)[0] == 'E' && (*sig)[1] == 'D';
  if (!prehashed && !((*sig)[0] == 'E' && (*sig)[1] == 'd')) {
    out.error = "the signature uses an unknown algorithm";
    return out;
  }
  KeyId id;
  std::copy(sig->begin() + 2, sig->begin() + 10, id.begin());
  out.keyId = keyIdText(id);
  auto key = std::find_if(trusted.begin(), trusted.end(),
                          [&](const PublicKey& k) { return k.keyId == id; });
  if (key == trusted.end()) {
    out.error = "the signature was made with key " + out.keyId +
                ", which is not a trusted key (add its public key to the registry's `keys` in "
                "Locus.toml if you trust its publisher)";
    return out;
  }
  const std::uint8_t* raw = sig->data() + 10;
  int bad;
  if (prehashed) {
    std::array<std::uint8_t, 64> digest = blake2b512(bytes);
    bad = crypto_sign_verify_detached(raw, digest.data(), digest.size(), key->key.data());
  } else {
    bad = crypto_sign_verify_detached(raw, reinterpret_cast<const unsigned char*>(bytes.data()),
                                      bytes.size(), key->key.data());
  }
  if (bad) {
    out.error = "the signature does not match the file (the file was changed after signing, or "
                "the signature belongs to another file)";
    return out;
  }
  std::string comment = ls[2].substr(trustedPrefix.size());
  Bytes signedComment(raw, raw + 64);
  append(signedComment, comment.data(), comment.size());
  if (crypto_sign_verify_detached(global->data(), signedComment.data(), signedComment.size(),
                                  key->key.data())) {
    out.error = "the trusted comment of the signature was altered";
    return out;
  }
  out.ok = true;
  out.trustedComment = comment;
  return out;
}

} // namespace locus::packages
