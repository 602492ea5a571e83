// The registry's database (`locusc registry serve --db`): SQLite (a file under --root, the
// default) or PostgreSQL (postgres://…), behind one small interface. Statements are written once
// with $1, $2, … parameters (text, or NULL) and portable SQL; each back end runs them as they are
// (libpq) or renumbered (SQLite's ?N). A failure throws DbError with the database's message; the
// registry store turns it into an error value at its boundary.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace locus::registry {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using DbParam = std::optional<std::string>; // nullopt is SQL NULL
using DbParams = std::vector<DbParam>;
using DbRow = std::vector<std::string>; // every column as text ("" for NULL)

class RegistryDb {
public:
  virtual ~RegistryDb() = default;
  virtual std::vector<DbRow> query(const std::string& sql, const DbParams& params = {}) = 0;
  // Several statements without parameters (the schema).
  virtual void script(const std::string& sql) = 0;
  virtual void begin() = 0; // a write transaction
  void commit() { script("COMMIT"); }
  void rollback() { script("ROLLBACK"); }
  // "SQLite /path/registry.db" or "PostgreSQL host:port/db (user U)", for messages.
  virtual const std::string& describe() const = 0;
};

// `url` empty or sqlite:PATH: SQLite (empty: `root`/registry.db); postgres:// or postgresql://:
// PostgreSQL. nullptr with `error` saying what failed and how to fix it.
std::unique_ptr<RegistryDb> openRegistryDb(const std::string& url,
                                           const std::filesystem::path& root, std::string* error);

// `$3` → `?3`, outside quoted strings: SQLite's numbered parameters.
std::string sqliteParameters(const std::string& sql);

} // namespace locus::registry
