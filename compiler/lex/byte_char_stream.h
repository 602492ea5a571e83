// An ANTLR CharStream that views the file's bytes in place: one symbol per byte, no copy.
// Tokens of the hand-written lexer point at it, so Token::getText() returns the raw bytes.
#pragma once

#include <antlr4-runtime.h>
#include <string_view>

namespace locus {

class ByteCharStream : public antlr4::CharStream {
public:
  explicit ByteCharStream(std::string_view bytes) : bytes_(bytes) {}

  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; } // the whole buffer is always available
  void release(ssize_t) override {}
  size_t index() override { return pos_; }
  void seek(size_t index) override { pos_ = std::min(index, bytes_.size()); }
  size_t size() override { return bytes_.size(); }
  std::string getSourceName() const override { return UNKNOWN_SOURCE_NAME; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string toString() const override { return std::string(bytes_); }

private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

} // namespace locus
