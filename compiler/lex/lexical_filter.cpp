#include "compiler/lex/lexical_filter.h"

#include "LocusLexer.h"

#include <cstdio>
#include <string>

namespace locus {

using L = locus_grammar::LocusLexer;

namespace {

// "unexpected character '$'", "unexpected NUL byte", … for an invalid-character diagnostic.
std::string describeChar(std::string_view text, uint32_t offset) {
  unsigned char c = offset < text.size() ? static_cast<unsigned char>(text[offset]) : 0;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", c);
  if (c == 0) return "unexpected NUL byte";
  if (c < 0x20 || c == 0x7F) return std::string("unexpected control character ") + hex;
  if (c >= 0x80) return std::string("unexpected non-ASCII byte ") + hex + " outside a string";
  return std::string("unexpected character '") + static_cast<char>(c) + "'";
}

int depthDelta(size_t type) {
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

} // namespace

bool LexicalFilter::isErrorToken(size_t type) {
  return type == L::ERROR_CHAR || type == L::TAG_ERROR || type == L::UI_ERROR ||
         type == L::UNTERMINATED_STRING || type == L::UNTERMINATED_COMMENT;
}

void LexicalFilter::reportLexicalError(size_t type, Span span) const {
  switch (type) {
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
  default:
    span.length = 1;
    sink_.emit(DiagKind::InvalidCharacter, span, describeChar(text_, span.offset) + "; remove it");
    return;
  }
}

// Input nested deeper than the limit is cut off here, before the recursive parser sees it.
bool LexicalFilter::exceedsNesting(size_t type, Span span) {
  depth_ += depthDelta(type);
  if (depth_ <= static_cast<int>(maxNesting_)) return false;
  aborted_ = true;
  sink_.emit(DiagKind::NestingTooDeep, span,
             "nesting deeper than " + std::to_string(maxNesting_) +
                 " levels of brackets, braces or elements; the rest of the file is not parsed");
  return true;
}

} // namespace locus
