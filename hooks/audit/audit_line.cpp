#include "hooks/audit/audit_line.h"

namespace locus::hooks::audit {

namespace {
constexpr std::string_view kPrefix = "{\"head\":\"";
constexpr std::string_view kMiddle = "\",\"entry\":";
constexpr std::size_t kHexSize = 64;
} // namespace

std::string formatLine(std::string_view headHex, std::string_view entry) {
  std::string out;
  out.reserve(kPrefix.size() + headHex.size() + kMiddle.size() + entry.size() + 1);
  out.append(kPrefix).append(headHex).append(kMiddle).append(entry).push_back('}');
  return out;
}

std::optional<Line> splitLine(std::string_view line) {
  std::size_t fixed = kPrefix.size() + kHexSize + kMiddle.size();
  if (line.size() < fixed + 3 || !line.starts_with(kPrefix) || line.back() != '}') return {};
  if (line.substr(kPrefix.size() + kHexSize, kMiddle.size()) != kMiddle) return {};
  Line out{line.substr(kPrefix.size(), kHexSize), line.substr(fixed, line.size() - fixed - 1)};
  for (char c : out.headHex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return {};
  return out;
}

} // namespace locus::hooks::audit
