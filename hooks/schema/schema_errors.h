// A value checked against a JSON Schema (draft 7, every keyword valijson knows: pattern, formats,
// anyOf/oneOf/allOf/not, $ref into `definitions`, …), each problem with the path of the value it
// is about. Used for a plugin step's parameters: on source literals at compile time (through
// CheckOptions::validateLiteral) and on the resolved parameters at run time, before the plugin
// is called.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace locus::hooks {

struct SchemaError {
  std::string path;    // "channel", "retry.count", "tags[2]"; "" for the value itself
  std::string message; // for plugin users: "does not match the pattern '^#'", …
};

// Problems of `value` against `schema`; an unusable schema is one error at path "".
// Compiled schemas are cached (by their text), so repeated checks of one step kind are cheap.
std::vector<SchemaError> schemaErrors(const nlohmann::json& schema, const nlohmann::json& value);

// The same as (path, message) pairs: the shape the compiler's CheckOptions::validateLiteral takes.
std::vector<std::pair<std::string, std::string>> schemaErrorPairs(const nlohmann::json& schema,
                                                                  const nlohmann::json& value);

// "'channel' does not match …; 'count' must be …" — the errors in one line.
std::string describeSchemaErrors(const std::vector<SchemaError>& errors);

} // namespace locus::hooks
