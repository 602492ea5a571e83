// locus dev [DIR] [--db URL] [--port N] [--no-web]: the whole application (runtime/dev/).
// locus seed [--project DIR] [--db URL]: the project's seed/*.json files (runtime/engine/seed_data.h).
#include "runtime/cli/cli.h"
#include "runtime/dev/dev_command.h"
#include "runtime/engine/seed_data.h"

#include <cstdio>

namespace locus::cli {

int commandDev(const Args& args) {
  dev::DevOptions o;
  if (args.positional.size() > 1) {
    std::fprintf(stderr, "locus dev: one project folder at most (got %zu)\n",
                 args.positional.size());
    return kUsage;
  }
  if (!args.positional.empty()) o.project = args.positional[0];
  o.db = args.get("db");
  o.noWeb = args.has("no-web");
  try {
    o.port = std::stoi(args.get("port", "3000"));
  } catch (const std::exception&) {
    o.port = -1;
  }
  if (o.port < 0 || o.port > 65534) {
    std::fprintf(stderr, "locus dev: --port is between 1 and 65534 (0: free ports), not %s\n",
                 args.get("port").c_str());
    return kUsage;
  }
  return dev::runDev(o);
}

int commandSeed(const Args& args) {
  Session s;
  if (!openSession(args, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* program = loadCurrentProgram(args, s);
  if (!program) return kUsage;
  rt::SeedReport r =
      rt::applySeedFiles(*s.store, *program, args.get("seed", s.projectDir + "/seed"));
  for (const std::string& e : r.errors) std::fprintf(stderr, "locus seed: %s\n", e.c_str());
  if (!r.errors.empty()) return kFailed;
  std::fprintf(stderr, "locus seed: %zu rows inserted, %zu already present\n", r.inserted,
               r.present);
  return 0;
}

} // namespace locus::cli
