#include "compiler/parse/token_source.h"

#include <cstdio>

namespace locus {

using L = locus_grammar::LocusLexer;

ByteInputStream::ByteInputStream(std::string_view bytes) {
  _data.resize(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) _data[i] = static_cast<unsigned char>(bytes[i]);
  p = 0;
}

LocusTokenSource::LocusTokenSource(antlr4::CharStream* input, std::string_view text, FileId file,
                                   DiagnosticSink& sink, uint32_t maxNesting)
    : LocusLexer(input), text_(text), file_(file), sink_(sink), maxNesting_(maxNesting) {
  removeErrorListeners(); // the lexer never fails: unknown input becomes error tokens
}

Span tokenSpan(FileId file, const antlr4::Token* token) {
  Span span;
  span.file = file;
  span.offset = static_cast<uint32_t>(token->getStartIndex());
  span.line = static_cast<uint32_t>(token->getLine());
  span.col = static_cast<uint32_t>(token->getCharPositionInLine()) + 1;
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  span.length = stop >= start && stop != SIZE_MAX ? static_cast<uint32_t>(stop - start + 1) : 1;
  return span;
}

// "unexpected character '$'", "unexpected NUL byte", … for an invalid-character diagnostic.
static std::string describeChar(std::string_view text, uint32_t offset) {
  unsigned char c = offset < text.size() ? static_cast<unsigned char>(text[offset]) : 0;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", c);
  if (c == 0) return "unexpected NUL byte";
  if (c < 0x20 || c == 0x7F) return std::string("unexpected control character ") + hex;
  if (c >= 0x80) return std::string("unexpected non-ASCII byte ") + hex + " outside a string";
  return std::string("unexpected character '") + static_cast<char>(c) + "'";
}

static bool isErrorToken(size_t type) {
  return type == L::ERROR_CHAR || type == L::TAG_ERROR || type == L::UI_ERROR ||
         type == L::UNTERMINATED_STRING || type == L::UNTERMINATED_COMMENT;
}

void LocusTokenSource::reportLexicalError(const antlr4::Token& token) {
  Span span = tokenSpan(file_, &token);
  switch (token.getType()) {
  case L::UNTERMINATED_STRING: {
    // Underline the rest of the opening line only: the token runs to the end of the file.
    size_t eol = text_.find('\n', span.offset);
    if (eol != std::string_view::npos) span.length = static_cast<uint32_t>(eol - span.offset);
    sink_.emit(DiagKind::UnterminatedString, span,
               "string literal is never closed; add the closing quote");
    return;
  }
  case L::UNTERMINATED_COMMENT:
    span.length = 2;
    sink_.emit(DiagKind::UnterminatedComment, span, "'/*' comment is never closed with '*/'");
    return;
  default: {
    span.length = 1;
    sink_.emit(DiagKind::InvalidCharacter, span, describeChar(text_, span.offset) + "; remove it");
    return;
  }
  }
}

static int depthDelta(size_t type) {
  switch (type) {
  case L::LBRACE:
  case L::LPAREN:
  case L::LBRACK:
  case L::UI_LBRACE:
  case L::TAG_LBRACE:
  case L::CSS_LBRACE:
  case L::TAG_OPEN:
    return 1;
  case L::RBRACE:
  case L::RPAREN:
  case L::RBRACK:
  case L::UI_RBRACE:
  case L::CSS_RBRACE:
  case L::TAG_SLASH_CLOSE:
  case L::TAG_END_OPEN:
    return -1;
  default:
    return 0;
  }
}

// Input nested deeper than the limit is cut off here, before the recursive parser sees it.
void LocusTokenSource::trackNesting(const antlr4::Token& token) {
  depth_ += depthDelta(token.getType());
  if (depth_ <= static_cast<int>(maxNesting_)) return;
  aborted_ = true;
  sink_.emit(DiagKind::NestingTooDeep, tokenSpan(file_, &token),
             "nesting deeper than " + std::to_string(maxNesting_) +
                 " levels of brackets, braces or elements; the rest of the file is not parsed");
  _input->seek(_input->size());
}

void StreamingTokenStream::discardBefore(size_t index) {
  for (size_t i = discarded_; i < index && i < _tokens.size(); ++i) _tokens[i].reset();
  discarded_ = std::max(discarded_, index);
}

std::unique_ptr<antlr4::Token> LocusTokenSource::nextToken() {
  for (;;) {
    std::unique_ptr<antlr4::Token> token = LocusLexer::nextToken();
    size_t type = token->getType();
    if (isErrorToken(type)) {
      reportLexicalError(*token);
      continue;
    }
    // `ui` / `style_override` arm the next `{`; any other visible token disarms it.
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL && type != L::UI &&
        type != L::STYLE_OVERRIDE)
      pending = Pending::None;
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) lastVisibleType = type;
    trackNesting(*token);
    return token;
  }
}

} // namespace locus
