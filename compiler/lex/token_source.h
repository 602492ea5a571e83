// The Locus lexer as the parser sees it: bytes in, tokens out, lexical errors reported and
// removed from the stream so the parser only ever sees well-formed tokens.
#pragma once

#include "LocusLexer.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/lex/lexical_filter.h"

#include <antlr4-runtime.h>
#include <string_view>

namespace locus {

// Feeds ANTLR one code point per *byte*: token indices and columns are then byte offsets, which
// is what spans and llvm::SourceMgr use. Identifiers and keywords are ASCII; other bytes only
// occur inside strings, comments, UI text and CSS, whose text we slice from the original bytes.
class ByteInputStream : public antlr4::ANTLRInputStream {
public:
  explicit ByteInputStream(std::string_view bytes);
};

// The ANTLR-generated lexer behind the shared lexical filter. The hand-written HandTokenSource
// (hand_token_source.h) produces the same tokens and is the default; this one is kept as the
// reference for the differential test and selectable with LOCUS_LEXER=antlr.
class LocusTokenSource : public locus_grammar::LocusLexer {
public:
  LocusTokenSource(antlr4::CharStream* input, std::string_view text, FileId file,
                   DiagnosticSink& sink, uint32_t maxNesting);
  std::unique_ptr<antlr4::Token> nextToken() override;

  // True once nesting exceeded the limit: E0006 was reported and the rest reads as end of file.
  bool aborted() const { return filter_.aborted(); }

private:
  LexicalFilter filter_;
  // Synthetic '}' still to hand out before `held_` (see LexicalFilter::blocksToCloseBefore).
  size_t closers_ = 0;
  std::unique_ptr<antlr4::Token> held_;
  std::unique_ptr<antlr4::Token> closer(const antlr4::Token& at) const;
};

// A CommonTokenStream that can drop tokens the parser will never look at again, so a large
// file does not keep every token alive (the streaming parser discards per declaration).
class StreamingTokenStream : public antlr4::CommonTokenStream {
public:
  using antlr4::CommonTokenStream::CommonTokenStream;
  void discardBefore(size_t index);

  // As CommonTokenStream::LT, in O(1): while every token is on the stream's channel (both our
  // lexers skip trivia instead of hiding it), the k-th token ahead is simply the next k-th one,
  // without the per-call channel scans (5 % of `locusc check`).
  antlr4::Token* LT(ssize_t k) override;

protected:
  // As BufferedTokenStream::fetch, without its dynamic_cast per token (ours are LocusTokens from
  // the hand-written lexer, CommonTokens from the ANTLR one).
  size_t fetch(size_t n) override;
  // As CommonTokenStream::adjustSeekIndex (used by consume and seek), without the channel scan
  // while every token is on the stream's channel.
  ssize_t adjustSeekIndex(size_t i) override;

private:
  size_t discarded_ = 0;
  bool allOnChannel_ = true; // false once a fetched token is on another channel
};

// Span of a token (byte offset, 1-based line/col, byte length).
Span tokenSpan(FileId file, const antlr4::Token* token);

} // namespace locus
