#include "compiler/base/json_text.h"

#include <charconv>
#include <cstdint>

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

void appendEscape(std::string& out, unsigned char c) {
  switch (c) {
  case '"':
    out += "\\\"";
    return;
  case '\\':
    out += "\\\\";
    return;
  case '\b':
    out += "\\b";
    return;
  case '\t':
    out += "\\t";
    return;
  case '\n':
    out += "\\n";
    return;
  case '\f':
    out += "\\f";
    return;
  case '\r':
    out += "\\r";
    return;
  default: {
    static const char* hex = "0123456789abcdef";
    char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    out.append(u, sizeof u);
  }
  }
}

template <class Int> void appendInteger(std::string& out, Int value) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

template <class Json> struct JsonWriter {
  std::string& out;
  int step; // < 0: compact

  void newlineAndIndent(int width) {
    out += '\n';
    out.append(static_cast<size_t>(width), ' ');
  }

  void object(const Json& v, int current) {
    const auto& members = v.template get_ref<const typename Json::object_t&>();
    if (members.empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    int inner = current + step;
    for (const auto& [key, item] : members) {
      if (!first) out += ',';
      first = false;
      if (step >= 0) newlineAndIndent(inner);
      appendJsonString(out, key);
      out += step >= 0 ? ": " : ":";
      value(item, inner);
    }
    if (step >= 0) newlineAndIndent(current);
    out += '}';
  }

  void array(const Json& v, int current) {
    const auto& items = v.template get_ref<const typename Json::array_t&>();
    if (items.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    int inner = current + step;
    for (const Json& item : items) {
      if (!first) out += ',';
      first = false;
      if (step >= 0) newlineAndIndent(inner);
      value(item, inner);
    }
    if (step >= 0) newlineAndIndent(current);
    out += ']';
  }

  // Binary values never occur in our documents; printed like nlohmann for completeness.
  void binary(const Json& v, int current) {
    const auto& bytes = v.get_binary();
    bool pretty = step >= 0;
    out += pretty ? "{" : "{\"bytes\":[";
    if (pretty) {
      newlineAndIndent(current + step);
      out += "\"bytes\": [";
    }
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (i) out += pretty ? ", " : ",";
      appendInteger(out, static_cast<unsigned>(bytes[i]));
    }
    out += pretty ? "]," : "],\"subtype\":";
    if (pretty) {
      newlineAndIndent(current + step);
      out += "\"subtype\": ";
    }
    if (bytes.has_subtype())
      appendInteger(out, static_cast<uint64_t>(bytes.subtype()));
    else
      out += "null";
    if (pretty) newlineAndIndent(current);
    out += '}';
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
      appendJsonString(out, v.template get_ref<const std::string&>());
      return;
    case value_t::boolean:
      out += v.template get<bool>() ? "true" : "false";
      return;
    case value_t::number_integer:
      appendInteger(out, v.template get<int64_t>());
      return;
    case value_t::number_unsigned:
      appendInteger(out, v.template get<uint64_t>());
      return;
    case value_t::number_float: // nlohmann's shortest round-trip format, kept exactly
      out += v.dump();
      return;
    case value_t::binary:
      binary(v, current);
      return;
    case value_t::discarded:
      out += "<discarded>";
      return;
    case value_t::null:
      out += "null";
      return;
    }
  }
};

template <class Json> void appendAny(std::string& out, const Json& value, int indent) {
  JsonWriter<Json>{out, indent < 0 ? -1 : indent}.value(value, 0);
}

} // namespace

void appendJsonString(std::string& out, std::string_view text) {
  size_t start = out.size();
  out += '"';
  size_t run = 0; // first byte not yet copied
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t length = utf8SequenceLength(text, i);
      if (length == 0) { // let nlohmann report (or replace) it exactly as dump() does
        out.resize(start);
        out += nlohmann::json(std::string(text)).dump();
        return;
      }
      i += length;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(text.data() + run, i - run);
    appendEscape(out, c);
    run = ++i;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void appendJsonText(std::string& out, const nlohmann::json& value, int indent) {
  appendAny(out, value, indent);
}

void appendJsonText(std::string& out, const nlohmann::ordered_json& value, int indent) {
  appendAny(out, value, indent);
}

std::string jsonText(const nlohmann::json& value, int indent) {
  std::string out;
  out.reserve(4096);
  appendJsonText(out, value, indent);
  return out;
}

std::string jsonText(const nlohmann::ordered_json& value, int indent) {
  std::string out;
  out.reserve(4096);
  appendJsonText(out, value, indent);
  return out;
}

} // namespace locus
