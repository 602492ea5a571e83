#include "generators/templates/template_set.h"

#include "compiler/base/file_bytes.h"
#include "generators/templates/kainjow_render.h"
#include "generators/templates/mustache_render.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace locus {

namespace {

// Names used as `{{> name}}` in `text`.
std::set<std::string> partialNames(const std::string& text) {
  static const std::regex pattern(R"(\{\{>\s*([A-Za-z0-9_-]+)\s*\}\})");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it)
    names.insert((*it)[1].str());
  return names;
}

} // namespace

MustacheEngine defaultMustacheEngine() {
  static const MustacheEngine engine = [] {
    const char* env = std::getenv("LOCUS_MUSTACHE");
    return env && std::string_view(env) == "kainjow" ? MustacheEngine::Kainjow
                                                     : MustacheEngine::Fast;
  }();
  return engine;
}

TemplateSet::TemplateSet(std::string generator, std::string overrideDir, MustacheEngine engine)
    : generator_(std::move(generator)), overrideDir_(std::move(overrideDir)), engine_(engine) {}

std::string TemplateSet::overridePath(std::string_view name) const {
  if (overrideDir_.empty()) return {};
  return overrideDir_ + "/" + generator_ + "/" + std::string(name) + ".mustache";
}

// Looked up once per name; map nodes never move, so the reference stays valid.
const std::optional<std::string>& TemplateSet::cachedSource(std::string_view name) const {
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  std::optional<std::string> text;
  if (std::string path = overridePath(name); !path.empty()) text = readFileBytes(path);
  if (!text) {
    if (auto builtin = builtinTemplate(generator_ + "/" + std::string(name)))
      text = std::string(*builtin);
  }
  return cache_.emplace(std::string(name), std::move(text)).first->second;
}

std::optional<std::string> TemplateSet::source(std::string_view name) const {
  return cachedSource(name);
}

std::string TemplateSet::origin(std::string_view name) const {
  std::string path = overridePath(name);
  if (!path.empty() && std::ifstream(path).good()) return path;
  return "builtin:" + generator_ + "/" + std::string(name);
}

const TemplateSet::Names& TemplateSet::partialsOf(std::string_view name) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = partials_.find(name); it != partials_.end()) return *it->second;
  }
  const std::optional<std::string>& text = cachedSource(name);
  auto names = std::make_unique<Names>();
  std::set<std::string> pending = partialNames(text.value_or(""));
  while (!pending.empty()) {
    std::string partial = *pending.begin();
    pending.erase(pending.begin());
    if (!names->insert(partial).second) continue;
    const std::optional<std::string>& partialText = cachedSource(partial);
    if (!partialText)
      throw TemplateError("template '" + origin(name) + "' uses partial '" + partial +
                          "', which does not exist");
    for (const std::string& inner : partialNames(*partialText)) pending.insert(inner);
  }
  std::lock_guard lock(mutex_);
  return *partials_.try_emplace(std::string(name), std::move(names)).first->second;
}

const MustacheProgram& TemplateSet::parsed(std::string_view name) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = programs_.find(name); it != programs_.end()) return *it->second;
  }
  auto program = std::make_unique<MustacheProgram>(parseMustache(cachedSource(name).value_or("")));
  std::lock_guard lock(mutex_);
  return *programs_.try_emplace(std::string(name), std::move(program)).first->second;
}

template <class Json>
std::string TemplateSet::renderAny(std::string_view name, const Json& data) const {
  if (!cachedSource(name)) throw TemplateError("template '" + origin(name) + "' does not exist");
  try {
    if (engine_ == MustacheEngine::Kainjow) {
      std::map<std::string, std::string> partials;
      for (const std::string& partial : partialsOf(name))
        partials[partial] = *cachedSource(partial);
      return renderWithKainjow(*cachedSource(name), data, partials);
    }
    MustachePartials partials{
        &partialsOf(name),
        [this](const std::string& partial) -> const MustacheProgram& { return parsed(partial); }};
    return renderMustache(parsed(name), data, partials);
  } catch (const MustacheError& e) {
    throw TemplateError(origin(name) + ": " + e.what());
  }
}

std::string TemplateSet::render(std::string_view name, const nlohmann::json& data) const {
  return renderAny(name, data);
}
template std::string TemplateSet::renderAny(std::string_view, const OrderedJson&) const;

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
