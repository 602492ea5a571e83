#include "compiler/driver/project_config.h"

#include "compiler/driver/config_reader.h"
#include "compiler/driver/deploy_config.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace locus {

namespace {

namespace path = llvm::sys::path;

std::string projectRoot(const std::string& input) {
  if (llvm::sys::fs::is_directory(input)) return input;
  std::string parent(path::parent_path(input));
  return parent.empty() ? "." : parent;
}

std::string resolve(const std::string& root, const std::string& p) {
  if (path::is_absolute(p)) return p;
  llvm::SmallString<256> joined(root);
  path::append(joined, p);
  return std::string(joined);
}

std::string folderName(const std::string& root) {
  llvm::SmallString<256> abs(root);
  llvm::sys::fs::make_absolute(abs);
  path::remove_dots(abs, true);
  std::string name(path::filename(abs));
  return name.empty() || name == "/" ? "app" : name;
}

nlohmann::json toJson(const toml::table& table) {
  std::ostringstream text;
  text << toml::json_formatter{table};
  return nlohmann::json::parse(text.str());
}

void readBuild(const ConfigReader& r, const toml::table& build, ProjectConfig& config) {
  r.checkKeys(build, "[build]", {"output", "generators", "templates"});
  if (auto out = r.string(build, "output", "[build]"))
    config.outputDir = resolve(config.root, *out);
  if (auto dir = r.string(build, "templates", "[build]"))
    config.templatesDir = resolve(config.root, *dir);
  if (const toml::node* node = build.get("generators")) {
    const toml::array* list = node->as_array();
    std::vector<std::string> names;
    bool ok = list != nullptr;
    if (list)
      for (const toml::node& item : *list) {
        if (auto name = item.value<std::string>())
          names.push_back(*name);
        else
          ok = false;
      }
    if (ok)
      config.generators = names;
    else
      r.error(*node, "'generators' in [build] must be a list of generator names");
  }
}

void readDatabase(const ConfigReader& r, const toml::table& db, ProjectConfig& config) {
  r.checkKeys(db, "[database]", {"provider"});
  if (auto provider = r.string(db, "provider", "[database]")) {
    if (*provider == "postgresql" || *provider == "sqlite")
      config.database = *provider;
    else
      r.error(*db.get("provider"),
              "unknown database provider '" + *provider + "' (postgresql or sqlite)");
  }
}

void readDocument(const ConfigReader& r, const toml::table& doc, ProjectConfig& config) {
  r.checkKeys(doc, "Locus.toml",
              {"app", "build", "database", "deploy", "env", "generators", "plugins", "registries",
               "packages"});
  if (const toml::table* app = doc["app"].as_table()) {
    r.checkKeys(*app, "[app]", {"name"});
    if (auto name = r.string(*app, "name", "[app]")) config.appName = *name;
  }
  if (const toml::table* build = doc["build"].as_table()) readBuild(r, *build, config);
  if (const toml::table* db = doc["database"].as_table()) readDatabase(r, *db, config);
  if (const toml::table* gens = doc["generators"].as_table()) {
    for (const auto& [name, value] : *gens)
      if (!value.is_table())
        r.error(value, "[generators." + std::string(name.str()) + "] must be a table of options");
    config.generatorOptions = toJson(*gens);
  }
  if (const toml::node* deploy = doc.get("deploy")) {
    if (const toml::table* table = deploy->as_table())
      config.deployTargets = readDeployTargets(r, *table, config.root);
    else
      r.error(*deploy, "'deploy' must be tables: [deploy.ENV]");
  }
  config.document = toJson(doc);
}

} // namespace

nlohmann::json ProjectConfig::optionsFor(const std::string& generator) const {
  nlohmann::json options = nlohmann::json::object();
  if (generatorOptions.contains(generator)) options = generatorOptions[generator];
  options["appName"] = appName;
  options["database"] = database;
  return options;
}

std::optional<ProjectConfig> loadProjectConfig(const std::string& input, SourceSet& sources,
                                               DiagnosticSink& sink) {
  ProjectConfig config;
  config.root = projectRoot(input);
  config.appName = folderName(config.root);
  config.outputDir = resolve(config.root, "generated");
  config.templatesDir = resolve(config.root, "templates");

  std::string file = resolve(config.root, "Locus.toml");
  std::ifstream in(file, std::ios::binary);
  if (!in) return config;
  std::ostringstream text;
  text << in.rdbuf();
  config.configPath = file;
  FileId id = sources.add(file, text.str());
  ConfigReader reader{sources, id, sink};
  size_t errorsBefore = sink.errorCount();

  toml::table doc;
  try {
    doc = toml::parse(sources.file(id).text, file);
  } catch (const toml::parse_error& err) {
    sink.emit(DiagKind::ProjectConfigError, reader.spanAt(err.source()),
              "Locus.toml is not valid TOML: " + std::string(err.description()));
    return std::nullopt;
  }
  readDocument(reader, doc, config);
  if (sink.errorCount() != errorsBefore) return std::nullopt;
  return config;
}

} // namespace locus
