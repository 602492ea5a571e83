// A location in a source file: every AST node, IR node and diagnostic carries one.
#pragma once

#include <cstdint>

namespace locus {

// Index into the SourceSet of the current compilation.
using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

struct Span {
  FileId file = kNoFile;
  uint32_t offset = 0; // byte offset of the first character
  uint32_t line = 0;   // 1-based; 0 means "no location"
  uint32_t col = 0;    // 1-based, in bytes
  uint32_t length = 0; // bytes covered (at least 1 when located)

  bool valid() const { return line != 0; }
};

} // namespace locus
