// The `uploads` generator: the upload policies as modules in server/src/uploads/, with one
// multipart route per policy that the express app mounts (docs/generators/uploads.md).
#pragma once

#include "generators/generator.h"

namespace locus {

Generator uploadsGenerator();

} // namespace locus
