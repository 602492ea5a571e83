// Ed25519 signatures in minisign's formats (https://jedisct1.github.io/minisign/), so a package
// signed by `locusc plugin sign` verifies with `minisign -Vm FILE -P KEY` and the reverse.
//
// Public key:  "untrusted comment: ...\n" + base64("Ed" || key id (8) || public key (32))
// Secret key:  minisign's unencrypted layout ("Ed", kdf "\0\0", "B2", salt, limits, key id,
//              secret key (64), BLAKE2b-256 checksum); the file itself must be kept private.
// Signature:   "untrusted comment: ...\n" + base64("ED" || key id || Ed25519(BLAKE2b-512(file)))
//              + "\ntrusted comment: TEXT\n" + base64(Ed25519(signature || TEXT)) + "\n"
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locus::packages {

using KeyId = std::array<std::uint8_t, 8>;

struct PublicKey {
  KeyId keyId{};
  std::array<std::uint8_t, 32> key{};
};

struct KeyPair {
  PublicKey publicKey;
  std::array<std::uint8_t, 64> secretKey{};
};

KeyPair generateKeyPair();

// The key id as minisign prints it: 16 upper-case hex digits (the 8 bytes read little-endian).
std::string keyIdText(const KeyId& id);

std::string publicKeyBase64(const PublicKey& key); // the second line of the key file
std::string formatPublicKeyFile(const PublicKey& key);
std::string formatSecretKeyFile(const KeyPair& pair);

// Accepts a key file's text or its bare base64 line. nullopt with `error` set when malformed.
std::optional<PublicKey> parsePublicKey(std::string_view text, std::string* error);
std::optional<KeyPair> parseSecretKeyFile(std::string_view text, std::string* error);

// A signature file for `bytes`; `trustedComment` must not contain a newline.
std::string signDetached(const KeyPair& pair, std::string_view bytes,
                         const std::string& trustedComment);

struct SignatureCheck {
  bool ok = false;
  std::string error;          // what failed, in words a user can act on
  std::string keyId;          // the signing key's id (text), when the signature parsed
  std::string trustedComment; // verified text, when ok
};

// Verifies `signature` (a signature file's text) over `bytes` with the first key in `trusted`
// whose id matches; fails naming the key id when none is trusted.
SignatureCheck verifyDetached(std::string_view signature, std::string_view bytes,
                              const std::vector<PublicKey>& trusted);

} // namespace locus::packages
