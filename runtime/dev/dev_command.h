// `locus dev [DIR] [--db URL] [--port N] [--no-web]` (docs/run-your-app.md): builds the project
// and runs the whole generated application on one database — PostgreSQL (a private cluster under
// <project>/.locus/postgres, or --db), the schema applied once by the runtime's migrations, the
// seed files, the runtime (workflow worker + webhook server, `locus serve`), the API (node) and
// the web app (next dev) — prints one ready line when every part answers its health check, then
// the parts' logs, each line prefixed by its part. A change of the project rebuilds and restarts
// the parts whose files changed. SIGINT/SIGTERM stop everything (exit 0); a part that dies stops
// everything too and is reported with its last lines (exit 1).
#pragma once

#include <string>

namespace locus::dev {

struct DevOptions {
  std::string project = ".";
  std::string db;     // postgres://… ; empty: the private cluster
  int port = 3000;    // the web app's; the API takes the next one (0: free ports for all)
  bool noWeb = false; // API, runtime and database only
  int readyTimeoutMs = 180000;
};

int runDev(const DevOptions& options);

} // namespace locus::dev
