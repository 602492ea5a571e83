// The private PostgreSQL server of `locus dev`: a cluster under <project>/.locus/postgres (made
// with initdb on first use, kept between sessions), served by a `postgres` child on a free
// loopback port and a socket inside the cluster folder, stopped when `locus dev` ends. As root,
// the server runs as `nobody` (PostgreSQL refuses root).
#pragma once

#include "runtime/dev/child_process.h"

#include <memory>
#include <string>

namespace locus::dev {

struct PostgresServer {
  std::unique_ptr<Child> process;
  std::string url; // postgresql://locus@127.0.0.1:PORT/app
};

// Finds the server binaries: $LOCUS_PG_BIN, else the newest /usr/lib/postgresql/*/bin.
std::string findPostgresBin();

// Starts (initialising first when needed) the cluster in `dir` and waits until it takes
// connections and the database `app` exists. Empty `url` and `error` set on failure.
PostgresServer startPrivatePostgres(const std::string& dir, LogSink& sink, std::string& error);

} // namespace locus::dev
