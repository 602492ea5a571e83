// Hand-written scanner for compiler/grammar/LocusLexer.g4. It yields exactly the tokens the
// ANTLR-generated lexer yields (same types, offsets, lines, columns, modes and actions), only
// faster: no per-character DFA lookups or locks, and no token objects. The differential test
// tests/unit/lexer_differential_test.cpp holds it to that. When LocusLexer.g4 changes, change
// this file too (the test fails until both agree).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace locus {

struct RawToken {
  size_t type = 0;  // a LocusLexer token type, or antlr4::Token::EOF
  size_t start = 0; // byte offset of the first byte
  size_t stop = 0;  // byte offset of the last byte (start - 1 for EOF, as in ANTLR)
  size_t line = 1;  // 1-based; only '\n' starts a line
  size_t col = 0;   // 0-based, in bytes
};

class LocusScanner {
public:
  explicit LocusScanner(std::string_view bytes) : s_(bytes) {}

  // The next token, error tokens included; whitespace and comments are skipped. EOF at the end
  // (and on every call after it).
  RawToken next();

  // The grammar's @members state that LocusTokenSource updates after each visible token.
  void disarmPendingBlock() { pending_ = Pending::None; }
  void setLastVisibleType(size_t type) { lastVisibleType_ = type; }
  // Like seeking ANTLR's input to its end: the next token is EOF, line and column stay put.
  void skipToEnd() { pos_ = s_.size(); }
  // Back to the top level (every mode popped) after the lexical filter closed the open blocks.
  void resetToTopLevel() {
    mode_ = 0;
    modeStack_.clear();
    pending_ = Pending::None;
  }

  size_t line() const { return line_; }
  size_t col() const { return col_; }

private:
  enum class Pending { None, Ui, Css };
  struct Match {
    size_t type; // 0 = skipped trivia
    size_t length;
  };

  Match scanDefault();
  Match scanUi();
  Match scanTag();
  Match scanCss();
  Match scanNumber() const;
  Match scanDoubleQuoted() const;
  Match scanSingleQuoted() const;
  Match scanWord();
  Match scanLess();
  void advance(size_t length);
  void pushMode(size_t mode);
  void safePopMode();
  unsigned char at(size_t i) const { return i < s_.size() ? static_cast<unsigned char>(s_[i]) : 0; }
  bool has(size_t i) const { return i < s_.size(); }

  std::string_view s_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t col_ = 0;
  size_t mode_ = 0; // DEFAULT_MODE
  std::vector<size_t> modeStack_;
  Pending pending_ = Pending::None;
  size_t lastVisibleType_ = 0;
};

} // namespace locus
