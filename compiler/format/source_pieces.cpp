#include "compiler/format/source_pieces.h"

#include "LocusLexer.h"
#include "compiler/lex/lexical_filter.h"
#include "compiler/lex/locus_scanner.h"

namespace locus::format {

namespace {

using L = locus_grammar::LocusLexer;

// The scanner driven as HandTokenSource drives it (the grammar's `pending` and
// `lastVisibleType` state), so the tokens and modes are the parser's.
class TokenWalk {
public:
  explicit TokenWalk(std::string_view text) : scanner_(text) {}
  RawToken next() {
    RawToken token = scanner_.next();
    if (token.type != L::UI && token.type != L::STYLE_OVERRIDE) scanner_.disarmPendingBlock();
    scanner_.setLastVisibleType(token.type);
    return token;
  }

private:
  LocusScanner scanner_;
};

bool isEof(const RawToken& t) {
  return t.type == antlr4::Token::EOF;
}

int braceDelta(size_t type) {
  switch (type) {
  case L::LBRACE:
  case L::UI_LBRACE:
  case L::TAG_LBRACE:
  case L::CSS_LBRACE:
    return 1;
  case L::RBRACE:
  case L::UI_RBRACE:
  case L::CSS_RBRACE:
    return -1;
  default:
    return 0;
  }
}

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Adds the comments of the gap [from, to) (only whitespace and comments can be there once the
// text lexed cleanly) and returns the whitespace facts for the piece that follows the gap.
struct GapTail {
  unsigned newlines = 0;
  bool spaced = false;
};

bool readGap(std::string_view text, size_t from, size_t to, std::vector<Piece>& out,
             GapTail& tail) {
  tail = {};
  size_t i = from;
  while (i < to) {
    char c = text[i];
    if (c == '\n') {
      ++tail.newlines;
      tail.spaced = true;
      ++i;
    } else if (c == '\r' && (i + 1 >= to || text[i + 1] != '\n')) {
      ++tail.newlines; // a lone CR ends a line comment as the lexer does
      tail.spaced = true;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      tail.spaced = true;
      ++i;
    } else if (text.substr(i, 2) == "//") {
      size_t end = text.find_first_of("\r\n", i);
      if (end == std::string_view::npos || end > to) end = to;
      out.push_back({Piece::Kind::LineComment, 0, rtrim(text.substr(i, end - i)), tail.newlines,
                     tail.spaced, false});
      tail = {};
      i = end;
    } else if (text.substr(i, 2) == "/*") {
      size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos || end + 2 > to) return false;
      out.push_back({Piece::Kind::BlockComment, 0, text.substr(i, end + 2 - i), tail.newlines,
                     tail.spaced, false});
      tail = {};
      i = end + 2;
    } else {
      return false;
    }
  }
  return true;
}

} // namespace

PieceList splitPieces(std::string_view text) {
  PieceList result;
  TokenWalk walk(text);
  size_t gapStart = 0;
  size_t previousType = 0;
  for (RawToken t = walk.next();; t = walk.next()) {
    if (LexicalFilter::isErrorToken(t.type)) {
      result.error = "line " + std::to_string(t.line) + ": the file does not lex cleanly";
      return result;
    }
    GapTail tail;
    if (!readGap(text, gapStart, isEof(t) ? text.size() : t.start, result.pieces, tail)) {
      result.error = "line " + std::to_string(t.line) + ": unexpected text between tokens";
      return result;
    }
    if (isEof(t)) break;
    Piece piece{Piece::Kind::Token, t.type,      text.substr(t.start, t.stop - t.start + 1),
                tail.newlines,      tail.spaced, false};
    // `ui {` / `style_override {` (the brace right after the keyword) and markup opened directly
    // in a body (a tag where the parser expects a member) start a region copied as it is.
    bool blockRegion =
        t.type == L::LBRACE && (previousType == L::UI || previousType == L::STYLE_OVERRIDE);
    bool implicitRegion = t.type == L::TAG_OPEN;
    if (blockRegion || implicitRegion) {
      int depth = braceDelta(t.type);
      RawToken last = t;
      while (blockRegion ? depth > 0 : depth >= 0) {
        last = walk.next();
        if (isEof(last) || LexicalFilter::isErrorToken(last.type)) {
          result.error = "line " + std::to_string(t.line) + ": unterminated markup or CSS block";
          return result;
        }
        depth += braceDelta(last.type);
      }
      piece.kind = Piece::Kind::Verbatim;
      piece.text = text.substr(t.start, last.stop - t.start + 1);
      piece.closesBlock = implicitRegion;
      t = last;
    }
    result.pieces.push_back(piece);
    previousType = t.type;
    gapStart = t.stop + 1;
  }
  return result;
}

bool samePieces(const std::vector<Piece>& a, const std::vector<Piece>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].type != b[i].type || a[i].text != b[i].text) return false;
  return true;
}

} // namespace locus::format
