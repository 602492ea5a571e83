// One long-lived thread that forks every sandbox. bwrap's --die-with-parent uses
// PR_SET_PDEATHSIG, which fires when the *thread* that forked it exits: a worker started from a
// short-lived or pooled thread would be killed with that thread. Forking from a thread that lives
// as long as the process ties workers to the process instead.
#pragma once

#include <functional>

namespace locus::hooks {

// Runs `task` on the spawner thread and returns when it has finished.
void runOnSpawnerThread(const std::function<void()>& task);

} // namespace locus::hooks
