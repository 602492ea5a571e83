#include "compiler/base/heap_prefault.h"

#include <cstdlib>
#include <thread>
#include <vector>

namespace locus {

namespace {

// Below jemalloc's "oversize" threshold (8 MiB), so the chunks come from, and return to, the
// arena that serves the build's own allocations.
constexpr std::size_t kChunk = 4u << 20;
constexpr std::size_t kPage = 4096;

} // namespace

void prefaultHeapAsync(std::size_t bytes) {
  if (bytes < 2 * kChunk) return; // small builds: not worth a thread
  std::thread([bytes] {
    std::vector<void*> chunks;
    for (std::size_t done = 0; done < bytes; done += kChunk) {
      char* chunk = static_cast<char*>(std::malloc(kChunk));
      if (!chunk) break;
      for (std::size_t i = 0; i < kChunk; i += kPage)
        reinterpret_cast<volatile char*>(chunk)[i] = 0;
      chunks.push_back(chunk);
    }
    for (void* chunk : chunks) std::free(chunk); // all at once: held chunks are not reused early
  }).detach();
}

} // namespace locus
