#include "hooks/core_version.h"
#include "runtime/version.h"

namespace locus {
const char* runtimeVersion() { return coreVersion(); }
} // namespace locus
