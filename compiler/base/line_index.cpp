#include "compiler/base/line_index.h"

#include <algorithm>

namespace locus {

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

LineIndex::Position LineIndex::position(uint32_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts_.begin()); // 1-based
  return {line, offset - starts_[line - 1] + 1};
}

} // namespace locus

namespace locus {

uint32_t offsetOf(std::string_view text, uint32_t line, uint32_t col) {
  size_t offset = 0;
  for (uint32_t l = 1; l < line && offset < text.size(); ++l) {
    size_t nl = text.find('\n', offset);
    offset = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  return static_cast<uint32_t>(std::min(text.size(), offset + (col ? col - 1 : 0)));
}

} // namespace locus
