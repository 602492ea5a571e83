#include "generators/templates/template_set.h"

#include <kainjow/mustache.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace locus {

namespace mustache = kainjow::mustache;

namespace {

mustache::data toMustache(const nlohmann::json& j) {
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
    return mustache::data{j.get<std::string>()};
  case nlohmann::json::value_t::boolean:
    return mustache::data{j.get<bool>()};
  case nlohmann::json::value_t::null:
    return mustache::data{false};
  default:
    return mustache::data{j.dump()};
  }
}

// Names used as `{{> name}}` in `text`.
std::set<std::string> partialNames(const std::string& text) {
  static const std::regex pattern(R"(\{\{>\s*([A-Za-z0-9_-]+)\s*\}\})");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it)
    names.insert((*it)[1].str());
  return names;
}

std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TemplateSet::TemplateSet(std::string generator, std::string overrideDir)
    : generator_(std::move(generator)), overrideDir_(std::move(overrideDir)) {}

std::string TemplateSet::overridePath(std::string_view name) const {
  if (overrideDir_.empty()) return {};
  return overrideDir_ + "/" + generator_ + "/" + std::string(name) + ".mustache";
}

std::optional<std::string> TemplateSet::source(std::string_view name) const {
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  std::optional<std::string> text;
  if (std::string path = overridePath(name); !path.empty()) text = readFile(path);
  if (!text) {
    if (auto builtin = builtinTemplate(generator_ + "/" + std::string(name)))
      text = std::string(*builtin);
  }
  cache_.emplace(std::string(name), text);
  return text;
}

std::string TemplateSet::origin(std::string_view name) const {
  std::string path = overridePath(name);
  if (!path.empty() && std::ifstream(path).good()) return path;
  return "builtin:" + generator_ + "/" + std::string(name);
}

std::string TemplateSet::render(std::string_view name, const nlohmann::json& data) const {
  std::optional<std::string> text = source(name);
  if (!text) throw TemplateError("template '" + origin(name) + "' does not exist");

  mustache::data root = toMustache(data.is_object() ? data : nlohmann::json::object());
  // Register every partial reachable from the template (partials may use partials).
  std::set<std::string> pending = partialNames(*text), done;
  while (!pending.empty()) {
    std::string partial = *pending.begin();
    pending.erase(pending.begin());
    if (!done.insert(partial).second) continue;
    std::optional<std::string> partialText = source(partial);
    if (!partialText)
      throw TemplateError("template '" + origin(name) + "' uses partial '" + partial +
                          "', which does not exist");
    for (const std::string& inner : partialNames(*partialText)) pending.insert(inner);
    root.set(partial, mustache::partial([partialText] { return *partialText; }));
  }

  mustache::mustache tmpl(*text);
  if (!tmpl.is_valid()) throw TemplateError(origin(name) + ": " + tmpl.error_message());
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  std::string out = tmpl.render(root);
  if (!tmpl.is_valid()) throw TemplateError(origin(name) + ": " + tmpl.error_message());
  return out;
}

nlohmann::json markPositions(nlohmann::json list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) continue;
    list[i]["index"] = i;
    list[i]["first"] = i == 0;
    list[i]["last"] = i + 1 == list.size();
  }
  return list;
}

} // namespace locus
