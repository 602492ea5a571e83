// The text of one audit log line: {"head":"<64 hex>","entry":<entry JSON>}.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace locus::hooks::audit {

struct Line {
  std::string_view headHex;
  std::string_view entry; // the exact bytes that were hashed
};

std::string formatLine(std::string_view headHex, std::string_view entry); // without '\n'
std::optional<Line> splitLine(std::string_view line);

} // namespace locus::hooks::audit
