#include "generators/templates/kainjow_render.h"

#include "generators/templates/mustache_render.h"

#include <kainjow/mustache.hpp>

namespace locus {

namespace mustache = kainjow::mustache;

namespace {

template <class Json> mustache::data toMustache(const Json& j) {
  switch (j.type()) {
  case nlohmann::json::value_t::object: {
    mustache::data obj{mustache::data::type::object};
    for (const auto& [key, value] : j.items()) obj.set(key, toMustache(value));
    return obj;
  }
  case nlohmann::json::value_t::array: {
    mustache::data list{mustache::data::type::list};
    for (const auto& value : j) list.push_back(toMustache(value));
    return list;
  }
  case nlohmann::json::value_t::string:
    return mustache::data{j.template get<std::string>()};
  case nlohmann::json::value_t::boolean:
    return mustache::data{j.template get<bool>()};
  case nlohmann::json::value_t::null:
    return mustache::data{false};
  default:
    return mustache::data{j.dump()};
  }
}

template <class Json>
std::string render(const std::string& text, const Json& data,
                   const std::map<std::string, std::string>& partials) {
  mustache::data root = toMustache(data.is_object() ? data : Json::object());
  for (const auto& [name, partialText] : partials)
    root.set(name, mustache::partial([partialText] { return partialText; }));
  mustache::mustache tmpl(text);
  if (!tmpl.is_valid()) throw MustacheError(tmpl.error_message());
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  std::string out = tmpl.render(root);
  if (!tmpl.is_valid()) throw MustacheError(tmpl.error_message());
  return out;
}

} // namespace

std::string renderWithKainjow(const std::string& text, const nlohmann::json& data,
                              const std::map<std::string, std::string>& partials) {
  return render(text, data, partials);
}
std::string renderWithKainjow(const std::string& text, const OrderedJson& data,
                              const std::map<std::string, std::string>& partials) {
  return render(text, data, partials);
}

} // namespace locus
