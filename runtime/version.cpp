#include "runtime/version.h"
#include "compiler/base/core_version.h"

namespace locus {
const char* runtimeVersion() {
  return coreVersion();
}
} // namespace locus
