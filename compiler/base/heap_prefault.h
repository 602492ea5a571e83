// Paying for fresh heap memory on an idle core. A large build touches ~100 MB of heap, and on a
// VM the first touch of each page (fault + zeroing) costs about 1 ms per MB, a third of the
// build's CPU time. prefaultHeapAsync touches `bytes` of heap on a background thread and frees it
// again; the allocator keeps the freed pages and hands them to the build's later allocations,
// which then find them ready. Both cores are busy for most of a build, so this moves the faults
// more than it hides them, but alternating runs still measure it ~9 ms faster on L.
// The thread is detached: a process that finishes first simply drops it.
#pragma once

#include <cstddef>

namespace locus {

void prefaultHeapAsync(std::size_t bytes);

} // namespace locus
