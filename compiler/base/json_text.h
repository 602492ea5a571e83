// JSON text of a nlohmann value, byte-identical to `value.dump(indent)` (ensure_ascii = false,
// strict UTF-8) but several times faster: it appends to one std::string instead of going
// through nlohmann's output adapter, and copies runs of plain characters in one go.
// Floating-point numbers and strings that are not valid UTF-8 are handed to nlohmann itself, so
// they print (or throw json::type_error 316) exactly as `dump` does.
#pragma once

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace locus {

// Appends the JSON text of `value` to `out`; indent < 0 is compact, indent >= 0 pretty-prints
// with that many spaces per level (like nlohmann's dump).
void appendJsonText(std::string& out, const nlohmann::json& value, int indent = -1);
void appendJsonText(std::string& out, const locus::OrderedJson& value, int indent = -1);

// The JSON text of `value`, equal to `value.dump(indent)`.
std::string jsonText(const nlohmann::json& value, int indent = -1);
std::string jsonText(const locus::OrderedJson& value, int indent = -1);

// Appends `text` as a JSON string literal (quotes included), as nlohmann dumps a string.
void appendJsonString(std::string& out, std::string_view text);

// Writes a document piece by piece: containers opened and closed, keys, scalars and whole
// existing values (written in place, not copied into a tree first). The text equals what
// jsonText(assembled document, indent) gives. Appends to `out`; the text is complete once every
// container is closed and the stream is gone.
class JsonStream {
public:
  explicit JsonStream(std::string& out, int indent = -1);
  ~JsonStream();
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  JsonStream& beginObject();
  JsonStream& beginArray();
  JsonStream& end(); // closes the innermost open container
  // Inside an object: the key of the value that follows.
  JsonStream& key(std::string_view name);
  JsonStream& value(const nlohmann::json& v);
  JsonStream& value(const locus::OrderedJson& v);
  JsonStream& string(std::string_view text);
  JsonStream& number(std::int64_t n);
  JsonStream& boolean(bool b);

private:
  struct Buffer;
  void startValue(); // the separator and indentation before a value
  int width() const; // indentation of the values of the innermost container

  std::unique_ptr<Buffer> buffer_;
  int step_;
  struct Open {
    bool object;
    bool empty;
  };
  std::vector<Open> open_;
};

} // namespace locus
