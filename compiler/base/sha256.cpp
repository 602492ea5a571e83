#include "compiler/base/sha256.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace locus {

// OpenSSL's EVP SHA-256 uses the CPU's SHA extensions (SHA-NI) when present: several times
// faster than portable code on the ~20 MB a large build hashes.
Sha256Digest sha256(std::initializer_list<std::string_view> pieces) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  Sha256Digest digest;
  unsigned int length = 0;
  bool ok = context && EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) == 1;
  for (std::string_view piece : pieces)
    ok = ok && EVP_DigestUpdate(context.get(), piece.data(), piece.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(context.get(), digest.data(), &length) == 1;
  if (!ok || length != digest.size()) throw std::runtime_error("SHA-256 failed (OpenSSL EVP)");
  return digest;
}

std::string hexOf(const Sha256Digest& digest) {
  static const char* hex = "0123456789abcdef";
  std::string out(2 * digest.size(), '0');
  for (std::size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  return out;
}

std::string sha256Hex(std::string_view data) {
  // One-shot EVP_Digest: no context allocation for the many small files of a build.
  Sha256Digest digest;
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
  return hexOf(digest);
}

} // namespace locus
