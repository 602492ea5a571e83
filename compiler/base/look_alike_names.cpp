#include "compiler/base/look_alike_names.h"

#include <algorithm>

namespace locus {

bool oneEditAway(std::string_view a, std::string_view b) {
  if (a == b) return false;
  if (a.size() == b.size()) {
    std::size_t diff = 0, first = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i] && diff++ == 0) first = i;
    if (diff == 1) return true;
    return diff == 2 && first + 1 < a.size() && a[first] == b[first + 1] &&
           a[first + 1] == b[first] && a.substr(first + 2) == b.substr(first + 2);
  }
  std::string_view longer = a.size() > b.size() ? a : b;
  std::string_view shorter = a.size() > b.size() ? b : a;
  if (longer.size() != shorter.size() + 1) return false;
  std::size_t i = 0;
  while (i < shorter.size() && shorter[i] == longer[i]) ++i;
  return shorter.substr(i) == longer.substr(i + 1);
}

std::vector<std::string> namesOneEditAway(std::string_view name,
                                          const std::vector<std::string>& candidates) {
  std::vector<std::string> out;
  for (const std::string& c : candidates)
    if (oneEditAway(name, c)) out.push_back(c);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace locus
