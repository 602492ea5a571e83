// Renders a parsed mustache template (mustache_program.h) straight from JSON data, producing
// byte for byte what kainjow mustache produces from the same data converted to its own types
// (template_set.cpp did that before: strings as text, numbers as their JSON text, null as false),
// with HTML escaping off. tests/unit/gen_mustache_differential_test.cpp holds the two engines to
// that. Kainjow's line rule is kept: a line that held a section tag and is otherwise blank
// (spaces and tabs only) is dropped.
#pragma once

#include "compiler/base/ordered_json.h"
#include "generators/templates/mustache_program.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <set>
#include <stdexcept>
#include <string>

namespace locus {

struct MustacheError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The partials of one render: `names` are registered at the root of the data (they shadow keys
// of the same name there, as kainjow's `data::set` does); `load` gives a name's parsed template.
struct MustachePartials {
  const std::set<std::string, std::less<>>* names = nullptr;
  std::function<const MustacheProgram&(const std::string&)> load;
};

// Throws MustacheError with kainjow's message when the template or a partial it renders is invalid.
// Views may be either JSON type; an OrderedJson view is cheaper to build (no tree nodes), and
// mustache never iterates an object's keys, so both render the same bytes.
std::string renderMustache(const MustacheProgram& program, const nlohmann::json& data,
                           const MustachePartials& partials);
std::string renderMustache(const MustacheProgram& program, const OrderedJson& data,
                           const MustachePartials& partials);

} // namespace locus
