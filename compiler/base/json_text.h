// JSON text of a nlohmann value, byte-identical to `value.dump(indent)` (ensure_ascii = false,
// strict UTF-8) but several times faster: it appends to one std::string instead of going
// through nlohmann's output adapter, and copies runs of plain characters in one go.
// Floating-point numbers and strings that are not valid UTF-8 are handed to nlohmann itself, so
// they print (or throw json::type_error 316) exactly as `dump` does.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace locus {

// Appends the JSON text of `value` to `out`; indent < 0 is compact, indent >= 0 pretty-prints
// with that many spaces per level (like nlohmann's dump).
void appendJsonText(std::string& out, const nlohmann::json& value, int indent = -1);
void appendJsonText(std::string& out, const nlohmann::ordered_json& value, int indent = -1);

// The JSON text of `value`, equal to `value.dump(indent)`.
std::string jsonText(const nlohmann::json& value, int indent = -1);
std::string jsonText(const nlohmann::ordered_json& value, int indent = -1);

// Appends `text` as a JSON string literal (quotes included), as nlohmann dumps a string.
void appendJsonString(std::string& out, std::string_view text);

} // namespace locus
