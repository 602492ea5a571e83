// Size limits on packages, enforced when packing and again when reading untrusted bytes (so a
// decompression bomb stops at the limit instead of filling the disk).
#pragma once

#include <cstdint>

namespace locus::packages {

struct PackageLimits {
  std::uint64_t maxFileBytes = 16u << 20;    // one file, uncompressed
  std::uint64_t maxTotalBytes = 64u << 20;   // all files, uncompressed
  std::uint64_t maxArchiveBytes = 32u << 20; // the .tgz itself
  std::uint64_t maxFiles = 4096;
  std::uint64_t maxPathLength = 512;
};

} // namespace locus::packages
