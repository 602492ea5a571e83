// Which URL each page gets: `Home`/`Index` → `/`, others their name in kebab-case
// (`OrderDetail` → `/order-detail`), plus one dynamic segment per page param (`/[id]`).
#pragma once

#include "generators/generator.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace locus::next {

struct RouteParam {
  std::string name;       // the page param
  std::string conversion; // TypeScript turning `params.<name>` (a string) into the param's type
};

struct PageRoute {
  std::string page; // page name
  std::string url;  // "/order-detail/[id]"
  std::string dir;  // "web/app/order-detail/[id]/"
  std::vector<RouteParam> params;
};

// Routes of every page that can have one; a page whose params cannot come from a URL (entity or
// list types) or whose URL another page already has gets W0809 and no route.
std::vector<PageRoute> pageRoutes(const locus::OrderedJson& ir,
                                  std::vector<GeneratorMessage>& messages);

} // namespace locus::next
