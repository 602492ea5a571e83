// Paying for fresh heap memory on an idle core. A large build touches ~100 MB of heap, and on a
// VM the first touch of each page (fault + zeroing) costs about 1 ms per MB, a third of the
// build's CPU time. prefaultHeapAsync touches `bytes` of heap on a background thread and frees it
// again; the allocator keeps the freed pages and hands them to the build's later allocations,
// which then find them ready. The build's own threads rarely fill both cores (parsing waits for
// its largest file, the generators for the slowest one), so the work mostly lands in idle time.
// The thread is detached: a process that finishes first simply drops it.
#pragma once

#include <cstddef>

namespace locus {

void prefaultHeapAsync(std::size_t bytes);

} // namespace locus
