// LSP positions (0-based line, character in UTF-16 code units) ↔ byte offsets of a text.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace locus::lsp {

class LineMap {
public:
  explicit LineMap(std::string_view text);
  size_t offsetOf(uint32_t line, uint32_t character) const; // clamped to the text
  nlohmann::json positionOf(size_t offset) const;           // {"line","character"}
  nlohmann::json rangeOf(size_t offset, size_t length) const;

private:
  std::string_view text_;
  std::vector<size_t> starts_; // byte offset of each line's first byte
};

// file:// URIs ↔ paths (percent-encoding decoded / applied).
std::string pathFromUri(std::string_view uri);
std::string uriFromPath(std::string_view path);

} // namespace locus::lsp
