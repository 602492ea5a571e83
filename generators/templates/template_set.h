// A generator's mustache templates (kainjow mustache), with project overrides.
// Built-in templates live in generators/<generator>/templates/<name>.mustache and are compiled
// into the binary; a project overrides one by putting a file at
// <project>/templates/<generator>/<name>.mustache (docs/generators.md). Partials `{{> name}}`
// resolve through the same lookup, so overriding a partial changes every template that uses it.
#pragma once

#include "compiler/base/ordered_json.h"
#include "generators/templates/mustache_program.h"

#include <nlohmann/json.hpp>

#include <concepts>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

namespace locus {

// Thrown by render(): names the template and the mustache error. The build reports it as E0803.
struct TemplateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Which engine renders: the fast one (default), or kainjow, the reference it is tested against
// (`LOCUS_MUSTACHE=kainjow`). Both give the same bytes.
enum class MustacheEngine { Fast, Kainjow };
MustacheEngine defaultMustacheEngine();

class TemplateSet {
public:
  // `overrideDir` is <project>/templates (may not exist; empty = no overrides).
  TemplateSet(std::string generator, std::string overrideDir,
              MustacheEngine engine = defaultMustacheEngine());

  // Renders template `name` (without `.mustache`) with `data`. Output is not HTML-escaped:
  // generators emit code and escape what their target language needs themselves. JSON null and
  // false are falsy; numbers render as JSON numbers. Either JSON type renders the same bytes; an
  // OrderedJson view is cheaper to build. (A template, so `render(name, {{…}})` still means
  // nlohmann::json.)
  std::string render(std::string_view name, const nlohmann::json& data) const;
  template <class View>
  requires std::same_as<View, OrderedJson> std::string render(std::string_view name,
                                                              const View& data)
  const { return renderAny(name, data); }

  // The template text (override first, then built in), or nullopt.
  std::optional<std::string> source(std::string_view name) const;
  // Where the text of `name` comes from: the override file's path, or "builtin:<gen>/<name>".
  std::string origin(std::string_view name) const;

  const std::string& generator() const { return generator_; }

private:
  using Names = std::set<std::string, std::less<>>;
  std::string overridePath(std::string_view name) const;
  const std::optional<std::string>& cachedSource(std::string_view name) const;
  // Every partial reachable from template `name`; TemplateError when one does not exist.
  const Names& partialsOf(std::string_view name) const;
  const MustacheProgram& parsed(std::string_view name) const;
  template <class Json> std::string renderAny(std::string_view name, const Json& data) const;

  std::string generator_;
  std::string overrideDir_;
  MustacheEngine engine_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::optional<std::string>, std::less<>> cache_;
  mutable std::map<std::string, std::unique_ptr<MustacheProgram>, std::less<>> programs_;
  mutable std::map<std::string, std::unique_ptr<Names>, std::less<>> partials_;
};

// Adds "first", "last" and "index" to every object of `list` (for separators in templates).
// (An OrderedJson view gets them when it is built: textItems, view_object.h.)
nlohmann::json markPositions(nlohmann::json list);

// Built-in template text by key "<generator>/<name>" (generated at build time from the
// generators/*/templates folders), or nullopt.
std::optional<std::string_view> builtinTemplate(std::string_view key);

} // namespace locus
