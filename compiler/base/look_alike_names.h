// Look-alike names: those one edit away from a name, the usual shape of a typosquatting package
// ("audit-field" for "audit-fields"). did-you-mean (suggest.h) finds the closest name to a typo;
// this finds every name close enough to be mistaken for another.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace locus {

// True when `a` and `b` differ by exactly one edit: insert, delete, substitute, or swap of two
// neighbours.
bool oneEditAway(std::string_view a, std::string_view b);

// Those of `candidates` one edit away from `name` (not `name` itself), sorted, without duplicates.
std::vector<std::string> namesOneEditAway(std::string_view name,
                                          const std::vector<std::string>& candidates);

} // namespace locus
