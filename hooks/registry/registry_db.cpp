#include "hooks/registry/registry_db.h"

namespace locus::registry {

std::unique_ptr<RegistryDb> openSqliteRegistryDb(const std::filesystem::path& file,
                                                 std::string* error);
std::unique_ptr<RegistryDb> openPgRegistryDb(const std::string& url, std::string* error);

std::string sqliteParameters(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  bool quoted = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    bool parameter =
        !quoted && c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9';
    out.push_back(parameter ? '?' : c);
  }
  return out;
}

std::unique_ptr<RegistryDb> openRegistryDb(const std::string& url,
                                           const std::filesystem::path& root, std::string* error) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
    return openPgRegistryDb(url, error);
  if (url.empty()) return openSqliteRegistryDb(root / "registry.db", error);
  if (url.starts_with("sqlite:")) return openSqliteRegistryDb(url.substr(7), error);
  if (error)
    *error = "--db '" + url +
             "' is not a database URL (use sqlite:FILE, postgres://USER@HOST:PORT/DB, or leave "
             "it out for ROOT/registry.db)";
  return nullptr;
}

} // namespace locus::registry
