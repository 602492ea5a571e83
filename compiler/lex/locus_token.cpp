#include "compiler/lex/locus_token.h"

#include <string_view>

namespace locus {

LocusToken::LocusToken(antlr4::TokenSource* source, size_t type, size_t start, size_t stop,
                       size_t line, size_t col)
    : source_(source), type_(static_cast<uint32_t>(type)), start_(static_cast<uint32_t>(start)),
      length_(static_cast<uint32_t>(stop + 1 - start)), line_(static_cast<uint32_t>(line)),
      col_(static_cast<uint32_t>(col)) {}

// As CommonToken::getText: explicit text, else the input's bytes, "<EOF>" past its end.
std::string LocusToken::getText() const {
  if (text_ && !text_->empty()) return *text_;
  antlr4::CharStream* input = getInputStream();
  if (!input) return "";
  size_t size = input->size(), stop = getStopIndex();
  if (start_ < size && stop < size)
    return input->getText(
        antlr4::misc::Interval(static_cast<ssize_t>(start_), static_cast<ssize_t>(stop)));
  return "<EOF>";
}

size_t LocusToken::getTokenIndex() const {
  return index_ == UINT32_MAX ? INVALID_INDEX : index_;
}

void LocusToken::setTokenIndex(size_t index) {
  index_ = index == INVALID_INDEX ? UINT32_MAX : static_cast<uint32_t>(index);
}

void LocusToken::setText(const std::string& text) {
  text_ = std::make_unique<std::string>(text);
}

// Debug form, as CommonToken prints it: [@index,start:stop='text',<type>,line:col].
std::string LocusToken::toString() const {
  std::string text = getText(), shown;
  for (char c : text) {
    if (c == '\n')
      shown += "\\n";
    else if (c == '\r')
      shown += "\\r";
    else if (c == '\t')
      shown += "\\t";
    else
      shown += c;
  }
  if (shown.empty()) shown = "<no text>";
  auto number = [](size_t n) { return n == SIZE_MAX ? std::string("-1") : std::to_string(n); };
  return "[@" + number(getTokenIndex()) + "," + number(getStartIndex()) + ":" +
         number(getStopIndex()) + "='" + shown + "',<" + number(getType()) + ">" +
         (channel_ > 0 ? ",channel=" + std::to_string(channel_) : "") + "," +
         std::to_string(line_) + ":" + std::to_string(col_) + "]";
}

} // namespace locus
