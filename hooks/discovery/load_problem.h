// A problem found while loading the project's plugins. Cross-plugin problems (duplicate step
// kinds, ordering cycles, …) name every plugin involved.
#pragma once

#include <string>
#include <vector>

namespace locus::hooks {

struct LoadProblem {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string file;                 // manifest or Locus.toml, when one is to blame
  std::vector<std::string> plugins; // every plugin involved
  std::string message;
  std::string str() const; // "error: Locus.toml: …"
};

} // namespace locus::hooks
