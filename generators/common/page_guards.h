// Which roles a page's `guard:` admits, and which entities' API routes a guarded page protects
// (docs/auth.md "Guarded pages"). The next generator redirects and refuses in the web app, the
// express generator puts requireRole in front of the routes; both read the rule from here.
#pragma once

#include "compiler/base/ordered_json.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace locus::guards {

// The roles named by a page's `guard:` argument (`guard: admin`, `guard: "admin"`,
// `guard: [admin, sales]`); empty when the page has none.
std::vector<std::string> guardRoles(const OrderedJson& page);

// The `guard:` argument of a page, or null.
const OrderedJson& guardArgument(const OrderedJson& page);

// The entities a page or component touches: the first argument of every find, findOne, create,
// update and delete in its `on load`, actions and markup, and in the components it renders
// (transitively). Store actions are shared by every page and are not counted.
std::set<std::string> entitiesUsedBy(const OrderedJson& container, const OrderedJson& ir);

// Entity name -> the roles its API routes require: the union of the guards of the pages that
// use it, for entities that pages use and only guarded pages use. An entity an unguarded page
// also uses keeps open routes (its access policy still applies).
std::map<std::string, std::vector<std::string>> guardedEntities(const OrderedJson& ir);

} // namespace locus::guards
