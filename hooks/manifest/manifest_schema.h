// The JSON Schema of locus-plugin.json (locus-plugin.schema.json beside this file, embedded into
// the library at configure time) and shape validation against it with valijson.
#pragma once

#include "hooks/manifest/manifest.h"

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace locus::hooks {

// The schema text, exactly as stored in hooks/manifest/locus-plugin.schema.json.
std::string_view manifestSchemaText();

// Validates `doc` against the schema; one error per offending value, deepest first, each with
// the dotted field path. Empty when the shape is right.
std::vector<ManifestError> validateManifestShape(const nlohmann::json& doc,
                                                 const std::string& file);

} // namespace locus::hooks
