// "Did you mean …?" for names in manifests and configuration (hooks/ cannot use the compiler's).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace locus::hooks {

// The candidate within edit distance max(1, size/3) of `name`, or "" if none is that close.
std::string closestName(std::string_view name, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "".
std::string didYouMeanSuffix(std::string_view name, const std::vector<std::string>& candidates);

} // namespace locus::hooks
