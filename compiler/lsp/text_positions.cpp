#include "compiler/lsp/text_positions.h"

#include <algorithm>
#include <filesystem>

namespace locus::lsp {

namespace {

// Length in bytes of the UTF-8 sequence led by `c` (1 for stray continuation bytes).
size_t sequenceLength(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

} // namespace

LineMap::LineMap(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

size_t LineMap::offsetOf(uint32_t line, uint32_t character) const {
  if (line >= starts_.size()) return text_.size();
  size_t i = starts_[line];
  uint32_t units = 0;
  while (i < text_.size() && text_[i] != '\n' && units < character) {
    size_t n = sequenceLength(static_cast<unsigned char>(text_[i]));
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return std::min(i, text_.size());
}

nlohmann::json LineMap::positionOf(size_t offset) const {
  offset = std::min(offset, text_.size());
  size_t line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                    starts_.begin()) -
                1;
  uint32_t units = 0;
  for (size_t i = starts_[line]; i < offset;) {
    size_t n = sequenceLength(static_cast<unsigned char>(text_[i]));
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return {{"line", line}, {"character", units}};
}

nlohmann::json LineMap::rangeOf(size_t offset, size_t length) const {
  return {{"start", positionOf(offset)}, {"end", positionOf(offset + length)}};
}

std::string pathFromUri(std::string_view uri) {
  if (uri.starts_with("file://")) uri.remove_prefix(7);
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      path +=
          static_cast<char>(std::strtol(std::string(uri.substr(i + 1, 2)).c_str(), nullptr, 16));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

std::string uriFromPath(std::string_view path) {
  std::string absolute = std::filesystem::absolute(std::string(path)).lexically_normal().string();
  std::string uri = "file://";
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : absolute) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    }
  }
  return uri;
}

} // namespace locus::lsp
