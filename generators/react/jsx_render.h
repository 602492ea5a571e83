// UI markup (IR ui nodes) as JSX: elements, directives (on:, bind:, for:each), conditionals,
// slots, text and interpolations.
#pragma once

#include "generators/react/code_scope.h"

#include <string>

namespace locus::react {

// The JSX lines for `nodes`, each indented by `indent` (the caller wraps them in a fragment).
std::string renderMarkup(const Json& nodes, CodeScope& scope, const std::string& indent);

} // namespace locus::react
