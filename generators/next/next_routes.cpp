#include "generators/next/next_routes.h"
#include "generators/common/ir_get.h"
#include "generators/common/names.h"

#include <cctype>
#include <set>

namespace locus::next {

namespace {

using ordered_json = locus::OrderedJson;

// "" when the param cannot be read from a URL segment.
std::string conversionOf(const std::string& name, const ordered_json& type) {
  if (type.value("list", false) || type.value("kind", "") == "entity") return "";
  std::string p = type.value("name", "");
  std::string read = "decodeURIComponent(params." + name + ")";
  if (p == "Integer" || p == "Decimal" || p == "Float") return "Number(" + read + ")";
  if (p == "Boolean") return read + " === \"true\"";
  return read;
}

void warn(std::vector<GeneratorMessage>& messages, const ordered_json& page,
          const std::string& text) {
  messages.push_back({DiagKind::GeneratorUnsupported,
                      "next: page '" + page.value("name", "") + "': " + text,
                      page.contains("span") ? get(page, "span") : ordered_json()});
}

} // namespace

std::vector<PageRoute> pageRoutes(const ordered_json& ir, std::vector<GeneratorMessage>& messages) {
  std::vector<PageRoute> routes;
  std::set<std::string> taken;
  for (const ordered_json& page : get(ir, "pages")) {
    std::string name = page.value("name", "");
    PageRoute route{name, "", "web/app/", {}};
    std::string base = name == "Home" || name == "Index" ? "" : kebabCase(name);
    route.url = "/" + base;
    if (!base.empty()) route.dir += base + "/";
    bool ok = true;
    for (const ordered_json& p : get(page, "params")) {
      std::string param = p.value("name", "");
      std::string conversion = conversionOf(param, get(p, "type"));
      if (conversion.empty()) {
        warn(messages, page,
             "param '" + param + "' has a type a URL cannot carry; the page " +
                 "gets no route (render it from another page instead)");
        ok = false;
        break;
      }
      route.params.push_back({param, conversion});
      route.url += (route.url == "/" ? "" : "/") + std::string("[") + param + "]";
      route.dir += "[" + param + "]/";
    }
    if (!ok) continue;
    if (!taken.insert(route.dir).second) {
      warn(messages, page, "its URL " + route.url + " belongs to another page already");
      continue;
    }
    routes.push_back(std::move(route));
  }
  return routes;
}

} // namespace locus::next
