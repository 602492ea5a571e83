// Dependency cycles among resolved packages (strongly connected components of more than one
// package, or a package depending on itself), each as a sorted list of names; sorted.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace locus::resolver {

std::vector<std::vector<std::string>>
dependencyCycles(const std::map<std::string, std::vector<std::string>>& graph);

} // namespace locus::resolver
