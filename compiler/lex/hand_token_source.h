// The default token source: LocusScanner (hand-written) behind the same lexical filter as the
// ANTLR lexer (LocusTokenSource), handing CommonTokens to the ANTLR parser.
#pragma once

#include "compiler/lex/byte_char_stream.h"
#include "compiler/lex/lexical_filter.h"
#include "compiler/lex/locus_scanner.h"

#include <antlr4-runtime.h>
#include <string_view>

namespace locus {

class HandTokenSource : public antlr4::TokenSource {
public:
  // `lexed` is what is scanned (the text with a BOM blanked out); `text` is what diagnostics
  // quote. Both must outlive the tokens.
  HandTokenSource(std::string_view lexed, std::string_view text, FileId file, DiagnosticSink& sink,
                  uint32_t maxNesting);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return scanner_.line(); }
  size_t getCharPositionInLine() override { return scanner_.col(); }
  antlr4::CharStream* getInputStream() override { return &input_; }
  std::string getSourceName() override { return input_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

  // True once nesting exceeded the limit: E0006 was reported and the rest reads as end of file.
  bool aborted() const { return filter_.aborted(); }

  // The next raw token after filtering, without building a token object (for the benchmark
  // and the differential test).
  RawToken nextRaw();

private:
  ByteCharStream input_;
  LocusScanner scanner_;
  LexicalFilter filter_;
  // Synthetic '}' still to hand out before `held_` (see LexicalFilter::blocksToCloseBefore).
  size_t closers_ = 0;
  RawToken closer_, held_;
  bool holding_ = false;
};

} // namespace locus
