// Test support for the plugin end-to-end tests: a runtime project (tests/e2e/runtime_fixtures)
// with plugins written into `plugins/<name>/` (their SDK file copied beside them, as a packaged
// plugin has it), a Locus.toml, and readers for the audit log and a plugin's workspace.
#pragma once

#include "tests/e2e/runtime_project.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace locus::test {

inline std::string sourceFile(const std::string& relative) {
  return std::string(LOCUS_SOURCE_DIR) + "/" + relative;
}

inline std::string readText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<nlohmann::json> jsonLines(const std::filesystem::path& file) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(readText(file));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

struct PluginProject : RuntimeProject {
  PluginProject() : RuntimeProject("bank") {}

  std::filesystem::path pluginDir(const std::string& name) const {
    return std::filesystem::path(dir) / "plugins" / name;
  }

  // A plugin written by the test: its manifest, its main file, and the SDK of its language.
  void addPlugin(const std::string& name, const nlohmann::json& manifest,
                 const std::string& mainFile, const std::string& mainSource) const {
    write("plugins/" + name + "/locus-plugin.json", manifest.dump(2));
    write("plugins/" + name + "/" + mainFile, mainSource);
    copySdkFor(name, mainFile);
  }

  // A plugin from examples/plugins/, copied as it would be installed: as is, since every example
  // ships its SDK file.
  void addExample(const std::string& name, const std::string& /*mainFile*/) const {
    std::filesystem::create_directories(pluginDir(name).parent_path());
    std::filesystem::copy(sourceFile("examples/plugins/" + name), pluginDir(name),
                          std::filesystem::copy_options::recursive);
  }

  std::vector<nlohmann::json> audit() const {
    std::vector<nlohmann::json> entries;
    for (const nlohmann::json& line : jsonLines(std::filesystem::path(dir) / ".locus/audit.log"))
      entries.push_back(line["entry"]);
    return entries;
  }

  std::vector<nlohmann::json> auditEvents(const std::string& event) const {
    std::vector<nlohmann::json> out;
    for (const nlohmann::json& e : audit())
      if (e.value("event", "") == event) out.push_back(e);
    return out;
  }

  std::filesystem::path workspace(const std::string& plugin) const {
    return std::filesystem::path(dir) / ".locus/workspaces" / plugin;
  }

private:
  void copySdkFor(const std::string& name, const std::string& mainFile) const {
    std::string sdk = mainFile.size() > 3 && mainFile.substr(mainFile.size() - 3) == ".js"
                          ? "locus_plugin.js"
                          : "locus_plugin.py";
    std::filesystem::copy_file(sourceFile("hooks/sdk/" + sdk), pluginDir(name) / sdk,
                               std::filesystem::copy_options::overwrite_existing);
  }
};

} // namespace locus::test
