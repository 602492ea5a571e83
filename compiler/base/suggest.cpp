#include "compiler/base/suggest.h"

#include <llvm/ADT/StringRef.h>

namespace locus {

std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates) {
  unsigned limit = std::max<unsigned>(1, (name.size() + 2) / 3); // "titel" -> "title" is 2
  unsigned best = limit + 1;
  std::string result;
  for (const std::string& c : candidates) {
    if (c == name) continue;
    unsigned d = llvm::StringRef(c).edit_distance(llvm::StringRef(name.data(), name.size()),
                                                  /*AllowReplacements=*/true, limit);
    // Case-only differences count as the closest possible match.
    if (llvm::StringRef(c).equals_insensitive(llvm::StringRef(name.data(), name.size()))) d = 0;
    if (d < best) {
      best = d;
      result = c;
    }
  }
  return result;
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string m = closestMatch(name, candidates);
  return m.empty() ? std::string() : "did you mean '" + m + "'?";
}

std::string didYouMeanSuffix(std::string_view name, const std::vector<std::string>& candidates) {
  std::string m = didYouMean(name, candidates);
  return m.empty() ? m : "; " + m;
}

} // namespace locus
