#include "hooks/packages/similar_names.h"

#include <algorithm>
#include <set>

namespace locus::packages {

bool oneEditAway(const std::string& a, const std::string& b) {
  if (a == b) return false;
  if (a.size() == b.size()) {
    std::size_t diff = 0, first = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i] && diff++ == 0) first = i;
    if (diff == 1) return true;
    return diff == 2 && first + 1 < a.size() && a[first] == b[first + 1] &&
           a[first + 1] == b[first] && a.substr(first + 2) == b.substr(first + 2);
  }
  const std::string& longer = a.size() > b.size() ? a : b;
  const std::string& shorter = a.size() > b.size() ? b : a;
  if (longer.size() != shorter.size() + 1) return false;
  std::size_t i = 0;
  while (i < shorter.size() && shorter[i] == longer[i]) ++i;
  return shorter.compare(i, std::string::npos, longer, i + 1, std::string::npos) == 0;
}

std::vector<std::string> namesOneEditAway(const std::string& name,
                                          const std::vector<std::string>& known) {
  std::set<std::string> out;
  for (const std::string& k : known)
    if (oneEditAway(name, k)) out.insert(k);
  return {out.begin(), out.end()};
}

} // namespace locus::packages
