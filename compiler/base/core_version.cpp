#include "compiler/base/core_version.h"

namespace locus {
const char* coreVersion() {
  return "0.1.0";
}
} // namespace locus
