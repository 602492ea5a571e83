#include "compiler/driver/plugin_scaffold.h"

#include "compiler/base/core_version.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

namespace locus {

namespace {

// The example hook of every scaffold: a warning for each entity without fields.
const char* kPythonMain =
    R"~(# {{name}}: a Locus plugin (see docs/plugins.md). Try it: locusc plugin test .
from locus_plugin import Plugin

plugin = Plugin("{{name}}", "0.1.0")


def entities(node):
    if isinstance(node, dict):
        if node.get("kind") == "entity":
            yield node
        for value in node.values():
            yield from entities(value)
    elif isinstance(node, list):
        for item in node:
            yield from entities(item)


@plugin.hook("onPostValidate")
def empty_entities(params):
    return {"diagnostics": [
        {"severity": "warning", "code": "EMPTY", "message": "entity '%s' has no fields" % e["name"],
         "span": e.get("span")}
        for e in entities(params["ast"]) if not e.get("fields")]}


plugin.run()
)~";

const char* kNodeMain =
    R"~(// {{name}}: a Locus plugin (see docs/plugins.md). Try it: locusc plugin test .
'use strict';
const { Plugin } = require('./locus_plugin.js');

const plugin = new Plugin('{{name}}', '0.1.0');

function* entities(node) {
  if (Array.isArray(node)) {
    for (const item of node) yield* entities(item);
  } else if (node && typeof node === 'object') {
    if (node.kind === 'entity') yield node;
    for (const value of Object.values(node)) yield* entities(value);
  }
}

plugin.hook('onPostValidate', (params) => ({
  diagnostics: [...entities(params.ast)]
    .filter((e) => !e.fields || e.fields.length === 0)
    .map((e) => ({ severity: 'warning', code: 'EMPTY', message: `entity '${e.name}' has no fields`,
                   span: e.span })),
}));

plugin.run();
)~";

const char* kCppMain =
    R"~(// {{name}}: a Locus plugin (see docs/plugins.md). Build it as README.md says, then try it:
// locusc plugin test .
#include "locus_plugin.hpp"

namespace {

void entities(const nlohmann::json& node, std::vector<nlohmann::json>& out) {
  if (node.is_object() && node.value("kind", "") == "entity") out.push_back(node);
  if (node.is_structured())
    for (const auto& item : node) entities(item, out);
}

} // namespace

int main() {
  locus_plugin::Plugin plugin("{{name}}", "0.1.0");
  plugin.hook("onPostValidate", [](const nlohmann::json& params) {
    std::vector<nlohmann::json> found;
    entities(params["ast"], found);
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const nlohmann::json& e : found)
      if (!e.contains("fields") || e["fields"].empty())
        diagnostics.push_back({{"severity", "warning"}, {"code", "EMPTY"},
                               {"message", "entity '" + e["name"].get<std::string>() + "' has no fields"},
                               {"span", e.value("span", nlohmann::json())}});
    return nlohmann::json{{"diagnostics", diagnostics}};
  });
  return plugin.run();
}
)~";

const char* kCppCmake = R"~(cmake_minimum_required(VERSION 3.20)
project({{name}} CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(nlohmann_json REQUIRED)
add_executable(plugin main.cpp)
target_link_libraries(plugin PRIVATE nlohmann_json::nlohmann_json)
)~";

// The one command that builds a C++ plugin (tests/e2e/plugin_scaffold_test runs it as written).
const char* kCppBuild =
    R"~(* Build it (the manifest's entry is `./build/plugin`; the SDK needs only nlohmann/json,
  header-only): `mkdir -p build && g++ -std=c++20 -O2 -o build/plugin main.cpp`
  (or with CMake: `cmake -S . -B build && cmake --build build`).
)~";

const char* kReadme = R"~(# {{name}}

A Locus plugin. `locus-plugin.json` declares what it subscribes to; {{main}} implements it with the
SDK file beside it ({{sdk}}, copied from the Locus SDK — keep it, the plugin runs in a sandbox
that sees only this folder).

{{build}}* Run it against the fixture, outside a build: `locusc plugin test .`
  (each `fixtures/<hook>.json` is sent as that hook's params).
* Use it in a project: add `paths = ["path/to/{{name}}"]` under `[plugins]` in Locus.toml.
* Guide: docs/plugins.md (hooks, payloads, permissions, limits).
)~";

const char* kFixture = R"~({
  "files": ["app.locus"],
  "ast": {
    "kind": "file",
    "entities": [
      {"kind": "entity", "name": "Empty", "fields": [],
       "span": {"file": "app.locus", "line": 1, "col": 1, "length": 12}},
      {"kind": "entity", "name": "Full", "fields": [{"kind": "field", "name": "title"}],
       "span": {"file": "app.locus", "line": 2, "col": 1, "length": 30}}
    ]
  }
}
)~";

std::string fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    std::string marker = "{{" + key + "}}";
    for (size_t at; (at = text.find(marker)) != std::string::npos;)
      text.replace(at, marker.size(), value);
  }
  return text;
}

} // namespace

std::map<std::string, std::string> pluginScaffold(const std::string& name,
                                                  const std::string& lang) {
  struct Lang {
    std::string main, sdk;
    const char* source;
    std::vector<std::string> entry;
  };
  Lang l = lang == "python"
               ? Lang{"main.py", "locus_plugin.py", kPythonMain, {"python3", "main.py"}}
           : lang == "node" ? Lang{"main.js", "locus_plugin.js", kNodeMain, {"node", "main.js"}}
                            : Lang{"main.cpp", "locus_plugin.hpp", kCppMain, {"./build/plugin"}};
  std::map<std::string, std::string> values = {
      {"name", name}, {"main", l.main}, {"sdk", l.sdk}, {"build", lang == "cpp" ? kCppBuild : ""}};
  locus::OrderedJson manifest = {{"name", name},
                                 {"version", "0.1.0"},
                                 {"description", "Warns about entities without fields"},
                                 {"requiresCore", "^" + std::string(coreVersion())},
                                 {"protocol", 1},
                                 {"entry", l.entry},
                                 {"hooks", {{"onPostValidate", nlohmann::json::object()}}}};
  std::map<std::string, std::string> files = {
      {"locus-plugin.json", manifest.dump(2) + "\n"}, {l.main, fill(l.source, values)},
      {l.sdk, std::string(sdkFileText(lang))},        {"fixtures/onPostValidate.json", kFixture},
      {"README.md", fill(kReadme, values)},
  };
  if (lang == "cpp") files["CMakeLists.txt"] = fill(kCppCmake, values);
  return files;
}

} // namespace locus
