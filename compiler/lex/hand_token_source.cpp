#include "compiler/lex/hand_token_source.h"

#include "LocusLexer.h"
#include "compiler/lex/locus_token.h"

namespace locus {

namespace {

using L = locus_grammar::LocusLexer;

Span rawSpan(FileId file, const RawToken& t) {
  Span span;
  span.file = file;
  span.offset = static_cast<uint32_t>(t.start);
  span.line = static_cast<uint32_t>(t.line);
  span.col = static_cast<uint32_t>(t.col) + 1;
  span.length =
      t.stop >= t.start && t.stop != SIZE_MAX ? static_cast<uint32_t>(t.stop - t.start + 1) : 1;
  return span;
}

} // namespace

HandTokenSource::HandTokenSource(std::string_view lexed, std::string_view text, FileId file,
                                 DiagnosticSink& sink, uint32_t maxNesting)
    : input_(lexed), scanner_(lexed), filter_(text, file, sink, maxNesting) {}

antlr4::TokenFactory<antlr4::CommonToken>* HandTokenSource::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

// Mirrors LocusTokenSource::nextToken: drop and report error tokens, keep the grammar's
// `pending` / `lastVisibleType` state, cut off input nested too deeply.
RawToken HandTokenSource::nextRaw() {
  if (closers_ > 0) {
    --closers_;
    return closer_;
  }
  if (holding_) {
    holding_ = false;
    return held_;
  }
  for (;;) {
    RawToken token = scanner_.next();
    if (LexicalFilter::isErrorToken(token.type)) {
      filter_.reportLexicalError(token.type, rawSpan(filter_.file(), token));
      continue;
    }
    if (token.type != L::UI && token.type != L::STYLE_OVERRIDE) scanner_.disarmPendingBlock();
    if (size_t open = filter_.blocksToCloseBefore(token.type, rawSpan(filter_.file(), token))) {
      scanner_.resetToTopLevel();
      scanner_.setLastVisibleType(token.type);
      // Zero-width '}' tokens at the declaration's keyword, then the keyword itself.
      closer_ = RawToken{L::RBRACE, token.start, token.start - 1, token.line, token.col};
      closers_ = open - 1;
      held_ = token;
      holding_ = true;
      return closer_;
    }
    scanner_.setLastVisibleType(token.type);
    if (filter_.exceedsNesting(token.type, rawSpan(filter_.file(), token))) scanner_.skipToEnd();
    return token;
  }
}

std::unique_ptr<antlr4::Token> HandTokenSource::nextToken() {
  RawToken t = nextRaw();
  return std::make_unique<LocusToken>(this, t.type, t.start, t.stop, t.line, t.col);
}

} // namespace locus
