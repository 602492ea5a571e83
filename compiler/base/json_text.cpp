#include "compiler/base/json_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h> // part of every x86-64 CPU
#endif

namespace locus {

namespace {

bool isContinuation(unsigned char c, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
  return c >= lo && c <= hi;
}

// Length of the well-formed UTF-8 sequence starting at text[i] (a byte >= 0x80), or 0. The same
// rules as nlohmann's decoder (Unicode Table 3-7: no overlong forms, surrogates or > U+10FFFF).
size_t utf8SequenceLength(std::string_view text, size_t i) {
  auto at = [&](size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  unsigned char c = at(0);
  if (c >= 0xC2 && c <= 0xDF) return isContinuation(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return isContinuation(at(1), lo, hi) && isContinuation(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return isContinuation(at(1), lo, hi) && isContinuation(at(2)) && isContinuation(at(3)) ? 4 : 0;
  }
  return 0;
}

// Appends to a string through a cursor: grows the string geometrically and writes with memcpy, so
// the many small pieces of a document cost no per-append bookkeeping. The string is cut back to
// what was written when the buffer goes away (also when an exception leaves early).
struct TextBuffer {
  std::string& text;
  size_t used;

  // `expected`: room made up front, exactly; a short piece (one string) then skips the usual
  // 4 KB of zero-filled slack.
  explicit TextBuffer(std::string& s, size_t expected = 0) : text(s), used(s.size()) {
    text.resize(used + expected);
  }
  ~TextBuffer() { text.resize(used); }
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  char* room(size_t n) {
    if (text.size() - used < n) text.resize(std::max(text.size() * 2, used + n + 4096));
    return text.data() + used;
  }
  void put(const char* p, size_t n) {
    std::memcpy(room(n), p, n);
    used += n;
  }
  void put(std::string_view piece) { put(piece.data(), piece.size()); }
  void put(char c) {
    *room(1) = c;
    ++used;
  }
};

// What a byte needs inside a JSON string: 0 copy, 1 escape, 2 start of a multi-byte sequence.
constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c)
    table[c] = c < 0x20 || c == '"' || c == '\\' ? 1 : c >= 0x80 ? 2 : 0;
  return table;
}();

// Writes the escape of `c` (a class-1 byte) at `at`; returns the end.
char* writeEscape(char* at, unsigned char c) {
  char letter = c == '"'    ? '"'
                : c == '\\' ? '\\'
                : c == '\b' ? 'b'
                : c == '\t' ? 't'
                : c == '\n' ? 'n'
                : c == '\f' ? 'f'
                : c == '\r' ? 'r'
                            : 0;
  *at++ = '\\';
  if (letter) {
    *at++ = letter;
    return at;
  }
  static const char* hex = "0123456789abcdef";
  const char u[5] = {'u', '0', '0', hex[c >> 4], hex[c & 15]};
  std::memcpy(at, u, sizeof u);
  return at + sizeof u;
}

// The end of the run of bytes from `i` that are copied as is (class 0): 16 bytes at a time with
// SSE2 (a signed compare below 0x20 also catches every byte >= 0x80), then byte by byte.
size_t plainRunEnd(const unsigned char* bytes, size_t i, size_t n) {
#ifdef __SSE2__
  const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                backslash = _mm_set1_epi8('\\');
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    __m128i special =
        _mm_or_si128(_mm_cmplt_epi8(v, space),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i < n && kByteClass[bytes[i]] == 0) ++i;
  return i;
}

// Room for the worst case (every byte a 6-character \u escape) is taken once, then the string is
// written without further checks.
void putString(TextBuffer& out, std::string_view text) {
  char* const start = out.room(text.size() * 6 + 2);
  char* at = start;
  *at++ = '"';
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t run = 0, i = 0, n = text.size(); // [run, i) is copied as is
  while (i < n) {
    i = plainRunEnd(bytes, i, n);
    if (i == n) break;
    if (kByteClass[bytes[i]] == 2) {
      size_t length = utf8SequenceLength(text, i);
      if (length == 0) { // let nlohmann report (or replace) it exactly as dump() does
        out.put(nlohmann::json(std::string(text)).dump());
        return;
      }
      i += length;
      continue;
    }
    std::memcpy(at, text.data() + run, i - run);
    at = writeEscape(at + (i - run), bytes[i]);
    run = ++i;
  }
  std::memcpy(at, text.data() + run, n - run);
  at += n - run;
  *at++ = '"';
  out.used += static_cast<size_t>(at - start);
}

template <class Int> void putInteger(TextBuffer& out, Int value) {
  char* at = out.room(24);
  out.used += static_cast<size_t>(std::to_chars(at, at + 24, value).ptr - at);
}

template <class Json> struct JsonWriter {
  TextBuffer& out;
  int step; // < 0: compact

  // Spaces go in 8-byte stores (room has slack for the last one): much cheaper than a memset
  // call per line.
  void newlineAndIndent(int width) {
    size_t w = static_cast<size_t>(width);
    char* at = out.room(w + 9);
    at[0] = '\n';
    for (size_t k = 0; k < w; k += 8) std::memcpy(at + 1 + k, "        ", 8);
    out.used += w + 1;
  }

  void object(const Json& v, int current) {
    const auto& members = v.template get_ref<const typename Json::object_t&>();
    if (members.empty()) {
      out.put("{}");
      return;
    }
    out.put('{');
    bool first = true;
    int inner = current + step;
    for (const auto& [key, item] : members) {
      if (!first) out.put(',');
      first = false;
      if (step >= 0) newlineAndIndent(inner);
      putString(out, key);
      out.put(step >= 0 ? ": " : ":");
      value(item, inner);
    }
    if (step >= 0) newlineAndIndent(current);
    out.put('}');
  }

  void array(const Json& v, int current) {
    const auto& items = v.template get_ref<const typename Json::array_t&>();
    if (items.empty()) {
      out.put("[]");
      return;
    }
    out.put('[');
    bool first = true;
    int inner = current + step;
    for (const Json& item : items) {
      if (!first) out.put(',');
      first = false;
      if (step >= 0) newlineAndIndent(inner);
      value(item, inner);
    }
    if (step >= 0) newlineAndIndent(current);
    out.put(']');
  }

  // Binary values never occur in our documents; printed like nlohmann for completeness.
  void binary(const Json& v, int current) {
    const auto& bytes = v.get_binary();
    bool pretty = step >= 0;
    out.put(pretty ? "{" : "{\"bytes\":[");
    if (pretty) {
      newlineAndIndent(current + step);
      out.put("\"bytes\": [");
    }
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (i) out.put(pretty ? ", " : ",");
      putInteger(out, static_cast<unsigned>(bytes[i]));
    }
    out.put(pretty ? "]," : "],\"subtype\":");
    if (pretty) {
      newlineAndIndent(current + step);
      out.put("\"subtype\": ");
    }
    if (bytes.has_subtype())
      putInteger(out, static_cast<uint64_t>(bytes.subtype()));
    else
      out.put("null");
    if (pretty) newlineAndIndent(current);
    out.put('}');
  }

  void value(const Json& v, int current) {
    using nlohmann::detail::value_t;
    switch (v.type()) {
    case value_t::object:
      object(v, current);
      return;
    case value_t::array:
      array(v, current);
      return;
    case value_t::string:
      putString(out, v.template get_ref<const std::string&>());
      return;
    case value_t::boolean:
      out.put(v.template get<bool>() ? "true" : "false");
      return;
    case value_t::number_integer:
      putInteger(out, v.template get<int64_t>());
      return;
    case value_t::number_unsigned:
      putInteger(out, v.template get<uint64_t>());
      return;
    case value_t::number_float: // nlohmann's shortest round-trip format, kept exactly
      out.put(v.dump());
      return;
    case value_t::binary:
      binary(v, current);
      return;
    case value_t::discarded:
      out.put("<discarded>");
      return;
    case value_t::null:
      out.put("null");
      return;
    }
  }
};

template <class Json> void appendAny(std::string& text, const Json& value, int indent) {
  TextBuffer out(text);
  JsonWriter<Json>{out, indent < 0 ? -1 : indent}.value(value, 0);
}

} // namespace

void appendJsonString(std::string& text, std::string_view value) {
  TextBuffer out(text, value.size() * 6 + 2); // the longest escape of `value`, with its quotes
  putString(out, value);
}

void appendJsonText(std::string& out, const nlohmann::json& value, int indent) {
  appendAny(out, value, indent);
}

void appendJsonText(std::string& out, const locus::OrderedJson& value, int indent) {
  appendAny(out, value, indent);
}

struct JsonStream::Buffer : TextBuffer {
  using TextBuffer::TextBuffer;
};

JsonStream::JsonStream(std::string& out, int indent)
    : buffer_(std::make_unique<Buffer>(out)), step_(indent < 0 ? -1 : indent) {}

JsonStream::~JsonStream() = default;

int JsonStream::width() const {
  return step_ < 0 ? 0 : step_ * static_cast<int>(open_.size());
}

void JsonStream::startValue() {
  if (open_.empty()) return;
  Open& top = open_.back();
  if (top.object) return; // key() wrote the separator
  if (!top.empty) buffer_->put(',');
  top.empty = false;
  if (step_ >= 0) JsonWriter<nlohmann::json>{*buffer_, step_}.newlineAndIndent(width());
}

JsonStream& JsonStream::key(std::string_view name) {
  Open& top = open_.back();
  if (!top.empty) buffer_->put(',');
  top.empty = false;
  if (step_ >= 0) JsonWriter<nlohmann::json>{*buffer_, step_}.newlineAndIndent(width());
  putString(*buffer_, name);
  buffer_->put(step_ >= 0 ? ": " : ":");
  return *this;
}

JsonStream& JsonStream::beginObject() {
  startValue();
  buffer_->put('{');
  open_.push_back({true, true});
  return *this;
}

JsonStream& JsonStream::beginArray() {
  startValue();
  buffer_->put('[');
  open_.push_back({false, true});
  return *this;
}

JsonStream& JsonStream::end() {
  Open closed = open_.back();
  open_.pop_back();
  if (!closed.empty && step_ >= 0)
    JsonWriter<nlohmann::json>{*buffer_, step_}.newlineAndIndent(width());
  buffer_->put(closed.object ? '}' : ']');
  return *this;
}

JsonStream& JsonStream::value(const nlohmann::json& v) {
  startValue();
  JsonWriter<nlohmann::json>{*buffer_, step_}.value(v, width());
  return *this;
}

JsonStream& JsonStream::value(const locus::OrderedJson& v) {
  startValue();
  JsonWriter<locus::OrderedJson>{*buffer_, step_}.value(v, width());
  return *this;
}

JsonStream& JsonStream::string(std::string_view text) {
  startValue();
  putString(*buffer_, text);
  return *this;
}

JsonStream& JsonStream::number(std::int64_t n) {
  startValue();
  putInteger(*buffer_, n);
  return *this;
}

JsonStream& JsonStream::boolean(bool b) {
  startValue();
  buffer_->put(b ? "true" : "false");
  return *this;
}

std::string jsonText(const nlohmann::json& value, int indent) {
  std::string out;
  out.reserve(1 << 16);
  appendJsonText(out, value, indent);
  return out;
}

std::string jsonText(const locus::OrderedJson& value, int indent) {
  std::string out;
  out.reserve(1 << 16);
  appendJsonText(out, value, indent);
  return out;
}

} // namespace locus
