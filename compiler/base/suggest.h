// "Did you mean …?": the closest candidate by edit distance, if it is close enough.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace locus {

// Returns the best candidate within a distance of max(1, ceil(name.size() / 3)), or "" if none.
std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates);

// "did you mean 'x'?" or "" — ready to append to a message.
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" — for a message that goes on after its first clause.
std::string didYouMeanSuffix(std::string_view name, const std::vector<std::string>& candidates);

} // namespace locus
