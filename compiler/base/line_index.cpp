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
