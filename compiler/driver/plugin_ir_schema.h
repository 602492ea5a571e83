// The IR's JSON Schema (compiler/ir/ir_schema.json, embedded at build time) and a validator for
// the IR a plugin's onPreGenerate patch produces.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace locus {

std::string_view irSchemaText();

// The problems of `ir` against the IR schema ("path: what is wrong"); empty when valid.
std::vector<std::string> irSchemaProblems(const nlohmann::json& ir);

} // namespace locus
