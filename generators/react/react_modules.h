// The files of the react generator, one builder per kind of module. Each returns the template
// data (the generator renders it) and reports problems into `messages`.
#pragma once

#include "generators/react/code_scope.h"

#include <string>

namespace locus::react {

// A page (web/src/pages/<Name>.tsx) or component (web/src/components/<Name>.tsx).
struct ContainerModule {
  nlohmann::json view; // data for component.mustache
  std::string css;     // style_override, written beside the module ("" = none)
};
ContainerModule containerModule(const Json& container, const ProgramIndex& program,
                                std::vector<GeneratorMessage>& messages);

// web/src/runtime/stores.ts: data for stores.mustache.
nlohmann::json storesView(const Json& ir, const ProgramIndex& program,
                          std::vector<GeneratorMessage>& messages);

// web/src/runtime/entities.ts: data for entities.mustache.
locus::OrderedJson entitiesView(const Json& ir);

// `const currentUser = await rt.sessionUser();` when code compiled since `readsBefore` (a
// CodeScope::currentUserReads mark) named `currentUser`, else "".
std::string sessionUserPrelude(const CodeScope& scope, int readsBefore, const std::string& indent);

// Action functions: `async function name(p: T): Promise<R> { … }` in a component, or an arrow
// property `name = async (…) => { … };` in a store class.

std::string actionCode(const Json& action, CodeScope& scope, const std::string& indent,
                       bool asProperty);

} // namespace locus::react
