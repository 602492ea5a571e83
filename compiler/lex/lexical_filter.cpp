#include "compiler/lex/lexical_filter.h"

#include "LocusLexer.h"

#include <algorithm>
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
  case L::UNTERMINATED_STRING:
    reportUnterminatedString(span);
    return;
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

// The rest of the opening line of `span` (a string or brace runs on; its line is what to show).
static Span firstLine(std::string_view text, Span span) {
  size_t eol = text.find('\n', span.offset);
  if (eol != std::string_view::npos && eol - span.offset < span.length)
    span.length = static_cast<uint32_t>(eol - span.offset);
  return span;
}

// An unterminated string runs to the end of the file. When it starts on the line where a
// string over several lines ended, that earlier string is the one missing its closing quote
// (`title: "abc` ⏎ `body: "text"`): it took the next string's opening quote as its end, which
// left the next string's closing quote opening a string that never ends. Reported there.
void LexicalFilter::reportUnterminatedString(Span span) const {
  span = firstLine(text_, span);
  if (lastMultiLine_.endLine == span.line && lastMultiLine_.span.offset < span.offset) {
    Diagnostic& d = sink_.emit(DiagKind::UnterminatedString, firstLine(text_, lastMultiLine_.span),
                               "string literal is not closed on its line; add the closing quote");
    d.notes.push_back({Span{span.file, span.offset, span.line, span.col, 1},
                       "the string ran on to the quote before this line's text, so this quote "
                       "opens a string that never ends"});
    return;
  }
  sink_.emit(DiagKind::UnterminatedString, span,
             "string literal is never closed; add the closing quote");
}

// `page Home {` at the start of a line: a top-level declaration (the keyword, then a brace, a
// string, or a name followed by `{`, `(`, `=` or the end of the line — a field named `page` or an
// upload's `store strategy: local` is followed by ':').
bool LexicalFilter::startsDeclaration(size_t type, Span span) const {
  if (span.col != 1) return false;
  switch (type) {
  case L::PAGE:
  case L::COMPONENT:
  case L::STORE:
  case L::WORKFLOW:
  case L::ENTITY:
  case L::ENUM:
  case L::DATABASE:
  case L::DESIGN_SYSTEM:
  case L::UPLOAD:
  case L::AUTH:
  case L::TEST:
  case L::IMPORT:
  case L::TYPE:
    break;
  default:
    return false;
  }
  if ((type == L::ENTITY || type == L::ENUM) && open_.size() == 1 && open_[0].database)
    return false;
  auto isName = [](char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  auto skipSpaces = [&](size_t i) {
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    return i;
  };
  size_t i = skipSpaces(span.offset + span.length);
  if (i >= text_.size()) return false;
  if (text_[i] == '{' || text_[i] == '"') return true;
  if (!isName(text_[i])) return false;
  while (i < text_.size() && isName(text_[i])) ++i;
  i = skipSpaces(i);
  if (i >= text_.size()) return false;
  char c = text_[i];
  return c == '{' || c == '(' || c == '=' || c == '\n' || c == '\r';
}

size_t LexicalFilter::blocksToCloseBefore(size_t type, Span span) {
  if (type == L::STRING &&
      text_.substr(span.offset, span.length).find('\n') != std::string_view::npos) {
    std::string_view body = text_.substr(span.offset, span.length);
    lastMultiLine_ = {span, span.line +
                                static_cast<uint32_t>(std::count(body.begin(), body.end(), '\n'))};
  }
  size_t toClose = 0;
  if (!open_.empty() && startsDeclaration(type, span)) {
    std::string keyword(text_.substr(span.offset, span.length));
    Diagnostic& d =
        sink_.emit(DiagKind::UnclosedBlock, span,
                   "a block is still open where '" + keyword + "' starts; add '}' before it");
    d.notes.push_back({open_.back().span, "this '{' is never closed"});
    toClose = open_.size();
    depth_ = 0; // back at the top level
    open_.clear();
  }
  switch (type) {
  case L::LBRACE:
  case L::UI_LBRACE:
  case L::TAG_LBRACE:
  case L::CSS_LBRACE:
    open_.push_back({span, lastType_ == L::DATABASE});
    break;
  case L::RBRACE:
  case L::UI_RBRACE:
  case L::CSS_RBRACE:
    if (!open_.empty()) open_.pop_back();
    break;
  default:
    break;
  }
  lastType_ = type;
  return toClose;
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
