#include "hooks/discovery/load_problem.h"

namespace locus::hooks {

std::string LoadProblem::str() const {
  std::string out = severity == Severity::Error ? "error: " : "warning: ";
  if (!file.empty()) out += file + ": ";
  return out + message;
}

} // namespace locus::hooks
