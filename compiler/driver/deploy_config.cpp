#include "compiler/driver/deploy_config.h"

#include <filesystem>
#include <sstream>

namespace locus {

namespace {

// Absolute: the plugins receive the paths, and they do not know the project's folder.
std::string resolved(const std::string& root, const std::string& p) {
  std::error_code ec;
  std::filesystem::path path = std::filesystem::absolute(std::filesystem::path(root) / p, ec);
  return path.lexically_normal().string();
}

bool isPostgresUrl(const std::string& s) {
  return s.rfind("postgres://", 0) == 0 || s.rfind("postgresql://", 0) == 0;
}

nlohmann::json tableJson(const toml::table& table) {
  std::ostringstream text;
  text << toml::json_formatter{table};
  return nlohmann::json::parse(text.str());
}

DeployTarget readTarget(const ConfigReader& r, const std::string& name, const toml::table& t,
                        const std::string& root) {
  std::string where = "[deploy." + name + "]";
  r.checkKeys(t, where, {"path", "keep", "health", "health_timeout", "database", "options"});
  DeployTarget target;
  target.name = name;
  target.span = r.spanAt(t.source());
  if (auto dir = r.string(t, "path", where))
    target.dir = resolved(root, *dir);
  else if (!t.get("path"))
    r.sink.emit(DiagKind::ProjectConfigError, target.span,
                where + " needs 'path': the folder that holds its releases and the `current` link");
  if (auto keep = r.integer(t, "keep", where, 1, 1000)) target.keep = static_cast<unsigned>(*keep);
  if (auto health = r.string(t, "health", where)) target.health = *health;
  if (auto timeout = r.integer(t, "health_timeout", where, 1, 3600))
    target.healthTimeoutSeconds = static_cast<unsigned>(*timeout);
  if (auto db = r.string(t, "database", where))
    target.database = isPostgresUrl(*db) || db->rfind('$', 0) == 0 ? *db : resolved(root, *db);
  if (const toml::node* options = t.get("options")) {
    if (const toml::table* table = options->as_table())
      target.options = tableJson(*table);
    else
      r.error(*options, "'options' in " + where + " must be a table (the deploy plugins read it)");
  }
  return target;
}

} // namespace

std::map<std::string, DeployTarget>
readDeployTargets(const ConfigReader& r, const toml::table& deploy, const std::string& root) {
  std::map<std::string, DeployTarget> out;
  for (const auto& [key, value] : deploy) {
    std::string name(key.str());
    if (const toml::table* table = value.as_table())
      out[name] = readTarget(r, name, *table, root);
    else
      r.error(value, "[deploy." + name + "] must be a table: `[deploy." + name +
                         "]` followed by `path = \"…\"`");
  }
  return out;
}

} // namespace locus
