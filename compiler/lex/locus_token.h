// The token object the hand-written lexer gives the parser: 56 bytes instead of CommonToken's 112
// (32-bit fields, no std::string member), built without the token factory. A file's tokens stay
// alive while its largest declaration is parsed (all of `database { … }`), so their size shows
// up directly as fresh pages, which are expensive on our VMs (docs/performance.md).
// Behaves as a CommonToken with the same fields would.
#pragma once

#include <antlr4-runtime.h>
#include <cstdint>
#include <memory>
#include <string>

namespace locus {

class LocusToken final : public antlr4::WritableToken {
public:
  // `source` must outlive the token; its input stream holds the text. `stop` may be start - 1
  // (EOF, an empty token).
  LocusToken(antlr4::TokenSource* source, size_t type, size_t start, size_t stop, size_t line,
             size_t col);

  std::string getText() const override;
  size_t getType() const override { return type_ == UINT32_MAX ? antlr4::Token::EOF : type_; }
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() const override { return col_; }
  size_t getChannel() const override { return channel_; }
  size_t getTokenIndex() const override;
  size_t getStartIndex() const override { return start_; }
  size_t getStopIndex() const override { return static_cast<size_t>(start_) + length_ - 1; }
  antlr4::TokenSource* getTokenSource() const override { return source_; }
  antlr4::CharStream* getInputStream() const override { return source_->getInputStream(); }
  std::string toString() const override;

  void setText(const std::string& text) override;
  void setType(size_t type) override { type_ = static_cast<uint32_t>(type); }
  void setLine(size_t line) override { line_ = static_cast<uint32_t>(line); }
  void setCharPositionInLine(size_t col) override { col_ = static_cast<uint32_t>(col); }
  void setChannel(size_t channel) override { channel_ = static_cast<uint32_t>(channel); }
  void setTokenIndex(size_t index) override;

private:
  antlr4::TokenSource* source_;
  std::unique_ptr<std::string> text_; // only when set explicitly (setText)
  uint32_t type_;                     // antlr4::Token::EOF is stored as UINT32_MAX
  uint32_t start_;
  uint32_t length_;
  uint32_t line_;
  uint32_t col_;
  uint32_t channel_ = antlr4::Token::DEFAULT_CHANNEL;
  uint32_t index_ = UINT32_MAX; // INVALID_INDEX until the token stream numbers it
};

} // namespace locus
