// Parser and front-end throughput on the peer corpus and the synthetic "medium" project, so our
// figures sit next to the peer's (notes/peer-locus.md §6). Results go in docs/performance.md.
#include "compiler/frontend/compile.h"
#include "compiler/parse/parse_file.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(LOCUS_SHARED_DIR) / "conformance" / "peer-corpus";
const fs::path kMedium = kCorpus / "synthetic" / "medium";

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The files the peer itself parses ("OK" in expectations.tsv): a fair common workload.
const std::vector<std::string>& okCorpus() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    std::ifstream tsv(kCorpus / "expectations.tsv");
    std::string line;
    std::getline(tsv, line); // header
    while (std::getline(tsv, line)) {
      std::istringstream cols(line);
      std::string file, parse;
      std::getline(cols, file, '\t');
      std::getline(cols, parse, '\t');
      if (parse == "OK") out.push_back(readFile(kCorpus / file));
    }
    return out;
  }();
  return texts;
}

void parseTexts(benchmark::State& state, const std::vector<std::string>& texts) {
  if (texts.empty()) {
    state.SkipWithError("corpus not found under LOCUS_SHARED_DIR");
    return;
  }
  int64_t bytes = 0;
  for (const std::string& t : texts) bytes += static_cast<int64_t>(t.size());
  size_t errors = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) {
      locus::DiagnosticSink sink;
      locus::ast::File file = locus::parseFile(0, t, sink);
      benchmark::DoNotOptimize(file);
      errors += sink.errorCount();
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(texts.size()));
  state.counters["files"] = static_cast<double>(texts.size());
  // Errors are expected on a few peer files we reject by design; reported so a change is visible.
  state.counters["errors_per_pass"] =
      static_cast<double>(errors) / static_cast<double>(state.iterations());
}

// Lex + parse + AST building of every peer file the peer parses, one parseFile call each.
void BM_ParsePeerCorpus(benchmark::State& state) {
  parseTexts(state, okCorpus());
}
// parseFile runs on its own large-stack thread, so the CPU clock must cover the whole process.
BENCHMARK(BM_ParsePeerCorpus)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

// The peer's own parser benchmark input: it reports 37.9 ms per parse with a new parser per
// file (its CLI's behaviour) and 0.085 ms with a reused one (notes/peer-locus.md §6).
void BM_ParsePeerSample(benchmark::State& state) {
  static const std::vector<std::string> texts = {
      readFile(kCorpus / "standalone" / "scripts__sample.locus")};
  parseTexts(state, texts);
}
BENCHMARK(BM_ParsePeerSample)->Unit(benchmark::kMicrosecond)->MeasureProcessCPUTime();

// One larger file (100 entities, 33 KB): throughput once per-file overhead is amortised.
void BM_ParseMediumDatabase(benchmark::State& state) {
  static const std::vector<std::string> texts = {readFile(kMedium / "database.locus")};
  parseTexts(state, texts);
}
BENCHMARK(BM_ParseMediumDatabase)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

// The whole front end on synthetic/medium: read, parse (parallel), merge, check.
void BM_FrontEndMedium(benchmark::State& state) {
  int64_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(kMedium))
    if (entry.path().extension() == ".locus") bytes += static_cast<int64_t>(entry.file_size());
  size_t errors = 0;
  for (auto _ : state) {
    auto result = locus::runFrontEnd(kMedium.string(), locus::FrontEndOptions{});
    errors += result->diagnostics.errorCount();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations());
  if (errors != 0) state.SkipWithError("synthetic/medium no longer checks cleanly");
}
// Parsing is parallel here: wall time is what a user waits for; CPU time is the whole process's.
BENCHMARK(BM_FrontEndMedium)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

} // namespace
