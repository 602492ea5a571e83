// `locusc registry serve`: a directory registry (registry_client.h) served over HTTP on loopback
// with cpp-httplib, read-only: the JSON API that http:// registry clients read
// (docs/plugins/packages.md, "Registries"). Errors are JSON: {"error": {"code", "message"}}.
#pragma once

#include <functional>
#include <string>

namespace locus::packages {

struct ServeOptions {
  std::string directory; // the registry folder (index/, artifacts/)
  int port = 0;          // 0: any free port
  // Called once listening, with the bound port (e.g. to print it).
  std::function<void(int port)> onListening;
};

// Serves until SIGINT or SIGTERM; error text ("" after a clean stop).
std::string serveRegistry(const ServeOptions& options);

} // namespace locus::packages
