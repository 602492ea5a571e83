#include "runtime/version.h"
#include "hooks/core_version.h"

namespace locus {
const char* runtimeVersion() {
  return coreVersion();
}
} // namespace locus
