#include "compiler/lex/byte_char_stream.h"

namespace locus {

void ByteCharStream::consume() {
  if (pos_ >= bytes_.size()) throw antlr4::IllegalStateException("cannot consume EOF");
  ++pos_;
}

size_t ByteCharStream::LA(ssize_t i) {
  if (i == 0) return 0; // undefined
  ssize_t at = static_cast<ssize_t>(pos_) + (i > 0 ? i - 1 : i);
  if (at < 0 || at >= static_cast<ssize_t>(bytes_.size())) return antlr4::IntStream::EOF;
  return static_cast<unsigned char>(bytes_[static_cast<size_t>(at)]);
}

std::string ByteCharStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return "";
  size_t start = static_cast<size_t>(interval.a);
  if (start >= bytes_.size()) return "";
  size_t stop = std::min(static_cast<size_t>(interval.b), bytes_.size() - 1);
  return std::string(bytes_.substr(start, stop - start + 1));
}

} // namespace locus
