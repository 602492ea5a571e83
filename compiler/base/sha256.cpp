#include "generators/output/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace locus {

// OpenSSL's EVP SHA-256 uses the CPU's SHA extensions (SHA-NI) when present: several times
// faster than portable code on the ~20 MB a large build hashes.
std::string sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
  static const char* hex = "0123456789abcdef";
  std::string out(2 * length, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  return out;
}

} // namespace locus
