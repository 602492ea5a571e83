// Maps byte offsets of a text to 1-based line/column (columns in bytes, as SourceMgr counts).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace locus {

class LineIndex {
public:
  explicit LineIndex(std::string_view text);
  struct Position {
    uint32_t line;
    uint32_t col;
  };
  Position position(uint32_t offset) const;
  uint32_t lineCount() const { return static_cast<uint32_t>(starts_.size()); }

private:
  std::vector<uint32_t> starts_; // byte offset where each line starts
};

} // namespace locus

namespace locus {
// The byte offset of 1-based (line, col) in `text`, clamped to the text's size.
uint32_t offsetOf(std::string_view text, uint32_t line, uint32_t col);
} // namespace locus
