// `readme`: the output folder's README.md — what each folder is, how to run each part (with
// `locus dev`, or one by one for production) and every environment variable the parts read,
// the app's webhook secrets included.
#pragma once

#include "generators/generator.h"

namespace locus {
Generator readmeGenerator();
} // namespace locus
