// Runs a function on a thread with a large stack. Recursive-descent parsing of hostile input
// (thousands of nested constructs) must never overflow the stack, on any thread.
#pragma once

#include <cstddef>
#include <functional>

namespace locus {

inline constexpr size_t kLargeStackBytes = size_t(512) << 20; // reserved, committed lazily

// Blocks until `fn` has returned. `fn` must not throw. When the caller already runs on a large
// stack (inside another runWithLargeStack), `fn` runs right here: thread creation with a large
// stack costs more than parsing a small file.
void runWithLargeStack(const std::function<void()>& fn, size_t stackBytes = kLargeStackBytes);

// True on a thread started by runWithLargeStack.
bool onLargeStack();

} // namespace locus
