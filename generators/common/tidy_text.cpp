#include "generators/common/tidy_text.h"

namespace locus::react {

std::string tidyText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  bool previousBlank = false, previousOpens = false;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
    if (blank) line.clear();
    bool keep = !blank || (!previousBlank && !previousOpens && !out.empty());
    if (keep) {
      out += line;
      out += '\n';
      previousBlank = blank;
      if (!blank) previousOpens = line.back() == '{';
    }
    start = end + 1;
  }
  return out;
}

} // namespace locus::react
