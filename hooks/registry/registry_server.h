// `locusc registry serve`: a hosted plugin registry over HTTP (cpp-httplib) on loopback, backed
// by a database (registry_store.h: SQLite under --root by default, or PostgreSQL) with the
// artifacts content-addressed under ROOT/artifacts. The JSON API (docs/plugins/packages.md,
// "Registry API"): listing, package and version documents, ranked search, artifact and signature
// downloads, and — with a bearer token — publish (validated, publish_validation.h), promote and
// yank. Errors are JSON: {"error": {"code", "message"}}.
#pragma once

#include "hooks/registry/publish_validation.h"

#include <filesystem>
#include <functional>
#include <string>

namespace locus::registry {

struct ServeOptions {
  std::filesystem::path root; // artifacts/ and, without `db`, registry.db
  std::string db;             // "" (SQLite ROOT/registry.db), sqlite:FILE or postgres://…
  int port = 0;               // 0: any free port
  int threads = 64;           // connections served at once (each keeps its connection alive)
  FixtureRunner runFixtures;  // publish's fixtures check
  // Called once listening, with the bound port (e.g. to print it).
  std::function<void(int port)> onListening;
};

// Serves until SIGINT or SIGTERM; error text ("" after a clean stop).
std::string serveRegistry(const ServeOptions& options);

// Opens the store of --root/--db (creating the tables), for the admin commands.
std::unique_ptr<RegistryStore> openStore(const std::filesystem::path& root, const std::string& db,
                                         std::string* error);

// A directory registry's index (ROOT/index/*.json) put into the database: every version the
// database does not hold yet, so `registry serve DIR` serves what was published to file://DIR.
// Imported packages have no owners until `locusc registry owner add`. Error text or "".
std::string importDirectoryIndex(RegistryStore& store, const std::filesystem::path& root,
                                 int* imported);

} // namespace locus::registry
