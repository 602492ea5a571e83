// The plugins of one `locus` process (DESIGN §5 "Process model"): the runtime uses the same worker
// pool as the compiler (hooks/worker/worker_pool.h), shared by every run the process executes.
#pragma once

#include "hooks/worker/worker_pool.h"

namespace locus::rt::plugins {

using PluginPool = hooks::WorkerPool;
using hooks::failureText;

} // namespace locus::rt::plugins
