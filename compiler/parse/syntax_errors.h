// Turns ANTLR's syntax errors into located diagnostics with readable messages:
// "unexpected '}'; expected a name or ':'" plus a did-you-mean for misspelled keywords.
#pragma once

#include "compiler/diagnostics/diagnostic.h"

#include <antlr4-runtime.h>
#include <string_view>

namespace locus {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
public:
  SyntaxErrorListener(std::string_view text, FileId file, DiagnosticSink& sink)
      : text_(text), file_(file), sink_(sink) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t charPositionInLine, const std::string& msg,
                   std::exception_ptr e) override;

  size_t errorCount() const { return count_; }

private:
  bool explainedByUnterminatedToken(const antlr4::Token& offending) const;

  std::string_view text_;
  FileId file_;
  DiagnosticSink& sink_;
  size_t count_ = 0;
};

} // namespace locus
