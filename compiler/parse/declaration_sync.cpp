#include "compiler/parse/declaration_sync.h"

#include "LocusParser.h"

namespace locus {

using P = locus_grammar::LocusParser;

// Between two declarations ANTLR's sync would skip a stray line itself, up to the next token
// that may start a declaration wherever it is; a mismatch here goes through recover() instead.
void DeclarationSyncStrategy::sync(antlr4::Parser* parser) {
  if (dynamic_cast<P::FileContext*>(parser->getContext()) && !inErrorRecoveryMode(parser)) {
    size_t next = parser->getTokenStream()->LA(1);
    if (next != antlr4::Token::EOF && !parser->getExpectedTokens().contains(next))
      throw antlr4::InputMismatchException(parser);
  }
  DefaultErrorStrategy::sync(parser);
}

void DeclarationSyncStrategy::recover(antlr4::Parser* parser, std::exception_ptr e) {
  if (!dynamic_cast<P::FileContext*>(parser->getContext()))
    return DefaultErrorStrategy::recover(parser, e);
  // What may start a declaration here (the `file` rule's loop expects exactly that, and EOF).
  antlr4::misc::IntervalSet starts = parser->getExpectedTokens();
  antlr4::TokenStream* tokens = parser->getTokenStream();
  if (tokens->LA(1) == antlr4::Token::EOF) return;
  parser->consume(); // the stray token
  for (;;) {
    antlr4::Token* t = tokens->LT(1);
    if (t->getType() == antlr4::Token::EOF) break;
    // A line that starts with a declaration, or with a name (another stray one: `query x {`).
    if (t->getCharPositionInLine() == 0 &&
        (starts.contains(t->getType()) || t->getType() == P::IDENT))
      break;
    parser->consume();
  }
  endErrorCondition(parser); // the next stray token is reported too
}

} // namespace locus
