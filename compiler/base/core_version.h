// The version of the Locus core that plugins check `requiresCore` against.
#pragma once

namespace locus {
const char* coreVersion();
} // namespace locus
