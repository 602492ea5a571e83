// Names one edit (insert, delete, substitute, or swap of neighbours) away from a name: the usual
// shape of a typosquatting package ("audit-field" for "audit-fields").
#pragma once

#include <string>
#include <vector>

namespace locus::packages {

bool oneEditAway(const std::string& a, const std::string& b);
// Those of `known` one edit away from `name` (not `name` itself), sorted, without duplicates.
std::vector<std::string> namesOneEditAway(const std::string& name,
                                          const std::vector<std::string>& known);

} // namespace locus::packages
