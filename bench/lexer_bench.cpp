// Lexer throughput: the hand-written scanner against the ANTLR-generated lexer it replaced, on
// synthetic/medium's database.locus (33 KB). Results go in docs/performance.md.
#include "compiler/lex/hand_token_source.h"
#include "compiler/lex/token_source.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

const std::string& mediumDatabase() {
  static const std::string text = [] {
    std::ifstream in(std::filesystem::path(LOCUS_SHARED_DIR) /
                         "conformance/peer-corpus/synthetic/medium/database.locus",
                     std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}

void report(benchmark::State& state, size_t tokens) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * mediumDatabase().size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

// The ANTLR 4.9 lexer behind LocusTokenSource (LOCUS_LEXER=antlr).
void BM_LexAntlr(benchmark::State& state) {
  const std::string& text = mediumDatabase();
  size_t tokens = 0;
  for (auto _ : state) {
    locus::DiagnosticSink sink;
    locus::ByteInputStream input(text);
    locus::LocusTokenSource lexer(&input, text, 0, sink, 256);
    tokens = 0;
    while (lexer.nextToken()->getType() != antlr4::Token::EOF) ++tokens;
  }
  report(state, tokens);
}
BENCHMARK(BM_LexAntlr)->Unit(benchmark::kMicrosecond);

// The hand-written scanner, with the CommonToken objects the parser gets.
void BM_LexHandTokens(benchmark::State& state) {
  const std::string& text = mediumDatabase();
  size_t tokens = 0;
  for (auto _ : state) {
    locus::DiagnosticSink sink;
    locus::HandTokenSource lexer(text, text, 0, sink, 256);
    tokens = 0;
    while (lexer.nextToken()->getType() != antlr4::Token::EOF) ++tokens;
  }
  report(state, tokens);
}
BENCHMARK(BM_LexHandTokens)->Unit(benchmark::kMicrosecond);

// The scanner alone (no token objects): the floor of the lexing cost.
void BM_LexHandRaw(benchmark::State& state) {
  const std::string& text = mediumDatabase();
  size_t tokens = 0;
  for (auto _ : state) {
    locus::DiagnosticSink sink;
    locus::HandTokenSource lexer(text, text, 0, sink, 256);
    tokens = 0;
    while (lexer.nextRaw().type != antlr4::Token::EOF) ++tokens;
  }
  report(state, tokens);
}
BENCHMARK(BM_LexHandRaw)->Unit(benchmark::kMicrosecond);

} // namespace
