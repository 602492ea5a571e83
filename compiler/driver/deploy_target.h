// One `[deploy.ENV]` table of Locus.toml (docs/deploy.md): where the releases of an environment
// live and what a release must pass before it stays live.
#pragma once

#include "compiler/base/source_set.h"

#include <nlohmann/json.hpp>

#include <string>

namespace locus {

struct DeployTarget {
  std::string name;   // ENV
  std::string dir;    // `path`: holds releases/<id>/ and the `current` link (resolved)
  unsigned keep = 5;  // `keep`: releases kept, the live one included
  std::string health; // `health`: an http(s):// URL answering 2xx, or a shell command
  unsigned healthTimeoutSeconds = 30; // `health_timeout`
  std::string database; // `database`: SQLite file (resolved) or postgres:// URL; "$NAME" reads
                        // the environment; empty: no migrations
  nlohmann::json options = nlohmann::json::object(); // `options`: for the deploy plugins, as is
  Span span;                                         // the table's header
};

} // namespace locus
