// locus dev [DIR] [--db URL] [--port N] [--no-web]: the whole application (runtime/dev/).
// locus seed [--project DIR] [--db URL] [--seed DIR]: the project's seed/*.json files
// (runtime/engine/seed_data.h).
#include "runtime/cli/cli.h"
#include "runtime/dev/dev_command.h"
#include "runtime/engine/seed_data.h"

#include <cstdio>

namespace locus::cli {

int commandDev(const DevCommandOptions& o) {
  dev::DevOptions d;
  d.project = o.project;
  d.db = o.db;
  d.port = static_cast<int>(o.port);
  d.noWeb = o.noWeb;
  return dev::runDev(d);
}

int commandSeed(const SessionOptions& so, const SeedOptions& o) {
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* program = loadCurrentProgram(so, s);
  if (!program) return kUsage;
  rt::SeedReport r = rt::applySeedFiles(*s.store, *program,
                                        o.seedDir.empty() ? s.projectDir + "/seed" : o.seedDir);
  for (const std::string& e : r.errors) std::fprintf(stderr, "locus seed: %s\n", e.c_str());
  if (!r.errors.empty()) return kFailed;
  std::fprintf(stderr, "locus seed: %zu rows inserted, %zu already present\n", r.inserted,
               r.present);
  return 0;
}

} // namespace locus::cli
