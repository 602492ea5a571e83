// The built-in step kinds (docs/design/DESIGN.md §1: implemented against runtime/'s step interface
// only).
#pragma once

#include "runtime/engine/step_api.h"

namespace locus::steps {

// Adds every built-in kind: run, if, branch, forEach, while, break, continue, return, parallel,
// db_tx, try, queue_publish, delay, schedule, wait_for, http_request, send_email.
void registerStdlibSteps(rt::StepRegistry& registry);

} // namespace locus::steps
