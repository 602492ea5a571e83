// Fuzz target for the parser: any byte string must parse (or be rejected with diagnostics)
// without crashing, hanging or throwing. Works with libFuzzer, AFL++ and fuzz_smoke_main.cpp.
#include "compiler/parse/parse_file.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  locus::DiagnosticSink sink;
  locus::ast::File file = locus::parseFile(0, text, sink);
  // Touch the result so the work cannot be optimised away.
  volatile size_t sink_size = sink.all().size();
  (void)sink_size;
  (void)file;
  return 0;
}
