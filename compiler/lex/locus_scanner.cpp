#include "compiler/lex/locus_scanner.h"

#include "LocusLexer.h"

#include <array>
#include <cstring>

namespace locus {

namespace {

using L = locus_grammar::LocusLexer;

bool isLetter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool isIdentStart(unsigned char c) {
  return isLetter(c) || c == '_';
}
bool isIdentPart(unsigned char c) {
  return isIdentStart(c) || isDigit(c);
}
bool isSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}
// TAG_NAME: [A-Za-z_] [A-Za-z0-9_.:-]*
bool isTagNamePart(unsigned char c) {
  return isIdentPart(c) || c == '.' || c == ':' || c == '-';
}
// TAG_BARE: ~[ \t\r\n\f"'=<>{}/\u0000]+
bool isTagBare(unsigned char c) {
  switch (c) {
  case ' ':
  case '\t':
  case '\r':
  case '\n':
  case '\f':
  case '"':
  case '\'':
  case '=':
  case '<':
  case '>':
  case '{':
  case '}':
  case '/':
  case '\0':
    return false;
  default:
    return true;
  }
}

struct Keyword {
  std::string_view text;
  size_t type;
};

// The keyword rules of LocusLexer.g4, in grammar order.
constexpr Keyword kKeywords[] = {
    {"import", L::IMPORT},
    {"type", L::TYPE},
    {"enum", L::ENUM},
    {"database", L::DATABASE},
    {"entity", L::ENTITY},
    {"design_system", L::DESIGN_SYSTEM},
    {"page", L::PAGE},
    {"component", L::COMPONENT},
    {"store", L::STORE},
    {"workflow", L::WORKFLOW},
    {"upload", L::UPLOAD},
    {"action", L::ACTION},
    {"auth", L::AUTH},
    {"access", L::ACCESS},
    {"has_many", L::HAS_MANY},
    {"belongs_to", L::BELONGS_TO},
    {"has_one", L::HAS_ONE},
    {"on_delete", L::ON_DELETE},
    {"inverse", L::INVERSE},
    {"list", L::LIST},
    {"of", L::OF},
    {"nullable", L::NULLABLE},
    {"state", L::STATE},
    {"param", L::PARAM},
    {"on", L::ON},
    {"load", L::LOAD},
    {"on_load", L::ON_LOAD_LEGACY},
    {"ui", L::UI},
    {"style_override", L::STYLE_OVERRIDE},
    {"trigger", L::TRIGGER},
    {"input", L::INPUT},
    {"steps", L::STEPS},
    {"retry", L::RETRY},
    {"concurrency", L::CONCURRENCY},
    {"on_error", L::ON_ERROR},
    {"on_failure", L::ON_FAILURE},
    {"run", L::RUN},
    {"branch", L::BRANCH},
    {"condition", L::CONDITION},
    {"if", L::IF},
    {"else", L::ELSE},
    {"forEach", L::FOREACH},
    {"in", L::IN},
    {"for", L::FOR},
    {"while", L::WHILE},
    {"parallel", L::PARALLEL},
    {"db_tx", L::DB_TX},
    {"try", L::TRY},
    {"catch", L::CATCH},
    {"finally", L::FINALLY},
    {"delay", L::DELAY},
    {"schedule", L::SCHEDULE},
    {"http_request", L::HTTP_REQUEST},
    {"send_email", L::SEND_EMAIL},
    {"queue_publish", L::QUEUE_PUBLISH},
    {"wait_for", L::WAIT_FOR},
    {"break", L::BREAK},
    {"continue", L::CONTINUE},
    {"return", L::RETURN},
    {"throw", L::THROW},
    {"const", L::CONST},
    {"let", L::LET},
    {"not", L::NOT},
    {"and", L::AND},
    {"or", L::OR},
    {"await", L::AWAIT},
    {"field", L::FIELD},
    {"test", L::TEST},
    {"stub", L::STUB},
    {"expect", L::EXPECT},
    {"given", L::GIVEN},
    {"returns", L::RETURNS},
    {"throws", L::THROWS},
    {"true", L::TRUE_KW},
    {"false", L::FALSE_KW},
    {"null", L::NULL_KW},
};

// Keywords bucketed by first letter: a word is compared with at most a handful of them.
struct KeywordTable {
  std::array<std::vector<Keyword>, 128> byFirst;
  KeywordTable() {
    for (const Keyword& k : kKeywords) byFirst[static_cast<unsigned char>(k.text[0])].push_back(k);
  }
  size_t lookup(std::string_view word) const {
    for (const Keyword& k : byFirst[static_cast<unsigned char>(word[0]) & 0x7F])
      if (k.text == word) return k.type;
    return L::IDENT;
  }
};

const KeywordTable& keywords() {
  static const KeywordTable table;
  return table;
}

} // namespace

void LocusScanner::pushMode(size_t mode) {
  modeStack_.push_back(mode_);
  mode_ = mode;
}

void LocusScanner::safePopMode() {
  if (modeStack_.empty()) return;
  mode_ = modeStack_.back();
  modeStack_.pop_back();
}

void LocusScanner::advance(size_t length) {
  const char* p = s_.data() + pos_;
  const char* end = p + length;
  for (;;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    ++line_;
    col_ = 0;
    p = static_cast<const char*>(nl) + 1;
  }
  col_ += static_cast<size_t>(end - p);
  pos_ += length;
}

RawToken LocusScanner::next() {
  for (;;) {
    RawToken token;
    token.start = pos_;
    token.line = line_;
    token.col = col_;
    if (pos_ >= s_.size()) {
      token.type = antlr4::Token::EOF;
      token.stop = pos_ - 1;
      return token;
    }
    Match m = mode_ == L::UI_MODE    ? scanUi()
              : mode_ == L::TAG_MODE ? scanTag()
              : mode_ == L::CSS_MODE ? scanCss()
                                     : scanDefault();
    advance(m.length);
    if (m.type == 0) continue;
    token.type = m.type;
    token.stop = pos_ - 1;
    return token;
  }
}

// ---------------------------------------------------------------------------- DEFAULT_MODE

LocusScanner::Match LocusScanner::scanDefault() {
  size_t p = pos_;
  unsigned char c = at(p);
  unsigned char c1 = has(p + 1) ? at(p + 1) : 0xFF; // 0xFF never continues a punctuator
  switch (c) {
  case ' ':
  case '\t':
  case '\r':
  case '\n':
  case '\f': {
    size_t i = p + 1;
    while (has(i) && isSpace(at(i))) ++i;
    return {0, i - p};
  }
  case '/':
    if (c1 == '*') {
      size_t close = s_.find("*/", p + 2);
      if (close == std::string_view::npos) return {L::UNTERMINATED_COMMENT, s_.size() - p};
      return {0, close + 2 - p};
    }
    if (c1 == '/') {
      size_t i = p + 2;
      while (has(i) && at(i) != '\r' && at(i) != '\n') ++i;
      return {0, i - p};
    }
    return c1 == '=' ? Match{L::SLASH_ASSIGN, 2} : Match{L::SLASH, 1};
  case '"':
    return scanDoubleQuoted();
  case '\'':
    return scanSingleQuoted();
  case '#': {
    size_t i = p + 1;
    while (has(i) && (isLetter(at(i)) || isDigit(at(i)))) ++i;
    return i > p + 1 ? Match{L::COLOR, i - p} : Match{L::ERROR_CHAR, 1};
  }
  case '{':
    pushMode(pending_ == Pending::Ui ? L::UI_MODE : pending_ == Pending::Css ? L::CSS_MODE : 0);
    pending_ = Pending::None;
    return {L::LBRACE, 1};
  case '}':
    safePopMode();
    return {L::RBRACE, 1};
  case '(':
    return {L::LPAREN, 1};
  case ')':
    return {L::RPAREN, 1};
  case '[':
    return {L::LBRACK, 1};
  case ']':
    return {L::RBRACK, 1};
  case ',':
    return {L::COMMA, 1};
  case ';':
    return {L::SEMI, 1};
  case ':':
    return {L::COLON, 1};
  case '@':
    return {L::AT, 1};
  case '%':
    return {L::PERCENT, 1};
  case '.':
    return {L::DOT, 1};
  case '?':
    if (c1 == '.') return {L::QDOT, 2};
    if (c1 == ':') return {L::OPTIONAL_COLON, 2};
    return {L::QUESTION, 1};
  case '+':
    return c1 == '=' ? Match{L::PLUS_ASSIGN, 2} : Match{L::PLUS, 1};
  case '-':
    return c1 == '=' ? Match{L::MINUS_ASSIGN, 2} : Match{L::MINUS, 1};
  case '*':
    return c1 == '=' ? Match{L::STAR_ASSIGN, 2} : Match{L::STAR, 1};
  case '=':
    return c1 == '=' ? Match{L::EQ, 2} : Match{L::ASSIGN, 1};
  case '!':
    return c1 == '=' ? Match{L::NE, 2} : Match{L::BANG, 1};
  case '>':
    return c1 == '=' ? Match{L::GE, 2} : Match{L::GT, 1};
  case '&':
    return c1 == '&' ? Match{L::AND_AND, 2} : Match{L::ERROR_CHAR, 1};
  case '|':
    return c1 == '|' ? Match{L::OR_OR, 2} : Match{L::PIPE, 1};
  case '<':
    return scanLess();
  default:
    if (isIdentStart(c)) return scanWord();
    if (isDigit(c)) return scanNumber();
    return {L::ERROR_CHAR, 1};
  }
}

// IDENT or a keyword (a keyword wins a tie: it comes first in the grammar). `ui` and
// `style_override` run their grammar actions: they arm the next `{`.
LocusScanner::Match LocusScanner::scanWord() {
  size_t i = pos_ + 1;
  while (has(i) && isIdentPart(at(i))) ++i;
  size_t type = keywords().lookup(s_.substr(pos_, i - pos_));
  if (type == L::UI) pending_ = Pending::Ui;
  if (type == L::STYLE_OVERRIDE) pending_ = Pending::Css;
  return {type, i - pos_};
}

// `<=`, else IMPLICIT_TAG_OPEN when its predicate holds (markup right after `{` or `}`), else LT.
LocusScanner::Match LocusScanner::scanLess() {
  if (has(pos_ + 1) && at(pos_ + 1) == '=') return {L::LE, 2};
  bool letterNext = has(pos_ + 1) && isLetter(at(pos_ + 1));
  bool afterBrace = lastVisibleType_ == L::LBRACE || lastVisibleType_ == L::RBRACE;
  if (letterNext && afterBrace && !modeStack_.empty()) {
    mode_ = L::UI_MODE; // setMode(UI_MODE); pushMode(TAG_MODE); setType(TAG_OPEN)
    pushMode(L::TAG_MODE);
    return {L::TAG_OPEN, 1};
  }
  return {L::LT, 1};
}

// SIZE, DURATION or NUMBER: the longest wins, and on a tie the earlier rule (in that order).
LocusScanner::Match LocusScanner::scanNumber() const {
  auto digitsFrom = [&](size_t i) {
    while (has(i) && isDigit(at(i))) ++i;
    return i;
  };
  size_t intEnd = digitsFrom(pos_);
  size_t fracEnd = intEnd;
  if (has(intEnd + 1) && at(intEnd) == '.' && isDigit(at(intEnd + 1)))
    fracEnd = digitsFrom(intEnd + 1);

  // Size units in either case: 5MB, 10mb, 1.5Gb.
  auto upper = [&](size_t i) { return at(i) >= 'a' && at(i) <= 'z' ? at(i) - 'a' + 'A' : at(i); };
  size_t sizeEnd = 0;
  if (has(fracEnd) && upper(fracEnd) == 'B')
    sizeEnd = fracEnd + 1;
  else if (has(fracEnd + 1) && upper(fracEnd + 1) == 'B' &&
           (upper(fracEnd) == 'K' || upper(fracEnd) == 'M' || upper(fracEnd) == 'G'))
    sizeEnd = fracEnd + 2;

  size_t durationEnd = 0;
  if (has(intEnd)) {
    unsigned char u = at(intEnd);
    if (u == 'm' && has(intEnd + 1) && at(intEnd + 1) == 's')
      durationEnd = intEnd + 2;
    else if (u == 'm' || u == 's' || u == 'h' || u == 'd')
      durationEnd = intEnd + 1;
  }

  size_t numberEnd = fracEnd;
  if (has(fracEnd) && (at(fracEnd) == 'e' || at(fracEnd) == 'E')) {
    size_t i = fracEnd + 1;
    if (has(i) && (at(i) == '+' || at(i) == '-')) ++i;
    if (has(i) && isDigit(at(i))) numberEnd = digitsFrom(i);
  }

  Match best{L::SIZE, sizeEnd > pos_ ? sizeEnd - pos_ : 0};
  if (durationEnd > pos_ && durationEnd - pos_ > best.length)
    best = {L::DURATION, durationEnd - pos_};
  if (numberEnd - pos_ > best.length) best = {L::NUMBER, numberEnd - pos_};
  return best;
}

// STRING: '"' ( ~["\\] | '\\' . )* '"'; UNTERMINATED_STRING is the same without the closing
// quote, so a lone backslash at the end of the file is left out of it.
LocusScanner::Match LocusScanner::scanDoubleQuoted() const {
  size_t i = pos_ + 1;
  while (has(i)) {
    unsigned char c = at(i);
    if (c == '"') return {L::STRING, i + 1 - pos_};
    if (c == '\\') {
      if (!has(i + 1)) break;
      i += 2;
    } else {
      ++i;
    }
  }
  return {L::UNTERMINATED_STRING, i - pos_};
}

// '\'' ( ~['\\\r\n] | '\\' ~[\r\n] )* '\'': single-quoted strings end at a line break.
LocusScanner::Match LocusScanner::scanSingleQuoted() const {
  size_t i = pos_ + 1;
  while (has(i)) {
    unsigned char c = at(i);
    if (c == '\'') return {L::STRING, i + 1 - pos_};
    if (c == '\r' || c == '\n') break;
    if (c == '\\') {
      if (!has(i + 1) || at(i + 1) == '\r' || at(i + 1) == '\n') break;
      i += 2;
    } else {
      ++i;
    }
  }
  return {L::UNTERMINATED_STRING, i - pos_};
}

// ---------------------------------------------------------------------------- UI_MODE

LocusScanner::Match LocusScanner::scanUi() {
  size_t p = pos_;
  switch (at(p)) {
  case '<':
    if (s_.compare(p, 4, "<!--") == 0) {
      size_t close = s_.find("-->", p + 4);
      if (close != std::string_view::npos) return {0, close + 3 - p};
    }
    pushMode(L::TAG_MODE);
    if (has(p + 1) && at(p + 1) == '/') return {L::TAG_END_OPEN, 2};
    return {L::TAG_OPEN, 1};
  case '{':
    pushMode(0);
    return {L::UI_LBRACE, 1};
  case '}':
    safePopMode();
    return {L::UI_RBRACE, 1};
  case '\0':
    return {L::UI_ERROR, 1};
  default: {
    size_t i = p + 1;
    while (has(i)) {
      unsigned char c = at(i);
      if (c == '<' || c == '{' || c == '}' || c == '\0') break;
      ++i;
    }
    return {L::UI_TEXT, i - p};
  }
  }
}

// ---------------------------------------------------------------------------- TAG_MODE

LocusScanner::Match LocusScanner::scanTag() {
  size_t p = pos_;
  unsigned char c = at(p);
  switch (c) {
  case ' ':
  case '\t':
  case '\r':
  case '\n':
  case '\f': {
    size_t i = p + 1;
    while (has(i) && isSpace(at(i))) ++i;
    return {0, i - p};
  }
  case '/':
    if (has(p + 1) && at(p + 1) == '>') {
      safePopMode();
      return {L::TAG_SLASH_CLOSE, 2};
    }
    return {L::TAG_ERROR, 1};
  case '>':
    safePopMode();
    return {L::TAG_CLOSE, 1};
  case '=':
    return {L::TAG_EQ, 1};
  case '"':
  case '\'': {
    size_t close = s_.find(static_cast<char>(c), p + 1);
    if (close == std::string_view::npos) return {L::TAG_ERROR, 1};
    return {L::TAG_STRING, close + 1 - p};
  }
  case '{':
    pushMode(0);
    return {L::TAG_LBRACE, 1};
  default:
    break;
  }
  size_t bare = p;
  while (has(bare) && isTagBare(at(bare))) ++bare;
  if (isIdentStart(c)) {
    size_t name = p + 1;
    while (has(name) && isTagNamePart(at(name))) ++name;
    // Every name character is also a bare character, so TAG_BARE is at least as long; on a
    // tie TAG_NAME wins (it comes first).
    if (bare == name) return {L::TAG_NAME, name - p};
  }
  if (bare > p) return {L::TAG_BARE, bare - p};
  return {L::TAG_ERROR, 1};
}

// ---------------------------------------------------------------------------- CSS_MODE

LocusScanner::Match LocusScanner::scanCss() {
  size_t p = pos_;
  switch (at(p)) {
  case '{':
    pushMode(L::CSS_MODE);
    return {L::CSS_LBRACE, 1};
  case '}':
    safePopMode();
    return {L::CSS_RBRACE, 1};
  default: {
    size_t i = p + 1;
    while (has(i) && at(i) != '{' && at(i) != '}') ++i;
    return {L::CSS_TEXT, i - p};
  }
  }
}

} // namespace locus
