// Generators (issue 3): IR + options → files. Only the interface exists so far.
#pragma once

#include <map>
#include <string>

namespace locus {
using GeneratedFiles = std::map<std::string, std::string>; // relative path → content
} // namespace locus
