// jemalloc's start-up options for locusc (read before main; MALLOC_CONF in the environment still
// overrides them). A build of a large project touches ~150 MB of heap; with 4 KB pages every first
// touch is a page fault, which is slow on a VM. Huge pages for the heap and jemalloc's own
// metadata, and one arena for all threads (freed memory is reused by every thread), cut a build's
// faults from ~38,000 to ~3,000 (docs/history/performance-2026-11.md). Without
// jemalloc linked this symbol is unused.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "thp:always,metadata_thp:always,narenas:1";
}
