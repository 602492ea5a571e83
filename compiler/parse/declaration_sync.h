// Error recovery at the top level of a file. ANTLR's own recovery for a stray token between
// declarations (`model User { … }`, Prisma's spelling) skips to the end of the file, so nothing
// after it would be parsed or checked. This strategy skips only to the next line that starts
// with a declaration keyword (or a name: the next stray line is reported too), and the parser goes
// on from there.
#pragma once

#include <antlr4-runtime.h>

namespace locus {

class DeclarationSyncStrategy : public antlr4::DefaultErrorStrategy {
public:
  void sync(antlr4::Parser* parser) override;
  void recover(antlr4::Parser* parser, std::exception_ptr e) override;
};

// Parses the whole token stream with `parseFile` (the `file` rule), again after each stray
// token the strategy skipped, and hands every top-level declaration to `each`.
template <class Parser, class Each> void parseEveryDeclaration(Parser& parser, Each&& each) {
  for (;;) {
    size_t before = parser.getTokenStream()->index();
    for (auto* decl : parser.file()->topLevel()) each(decl);
    antlr4::TokenStream* tokens = parser.getTokenStream();
    if (tokens->LA(1) == antlr4::Token::EOF || tokens->index() == before) return;
  }
}

} // namespace locus
