// The reference mustache engine: kainjow mustache, used as the templates were first rendered
// (data converted to kainjow's types: strings as text, numbers as their JSON text, null as false;
// no HTML escaping; partials registered at the root of the data). `LOCUS_MUSTACHE=kainjow`
// selects it for a build; the differential test compares it with the fast engine.
#pragma once

#include "compiler/base/ordered_json.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace locus {

// Throws MustacheError (mustache_render.h) with kainjow's message for an invalid template.
std::string renderWithKainjow(const std::string& text, const nlohmann::json& data,
                              const std::map<std::string, std::string>& partials);
std::string renderWithKainjow(const std::string& text, const OrderedJson& data,
                              const std::map<std::string, std::string>& partials);

} // namespace locus
