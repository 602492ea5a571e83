// What the end-to-end tests of the generated API share: building a project with `locusc build`
// and type-checking its server with `tsc --strict`, and a throwaway PostgreSQL with the build's
// schema applied (tests/support/pg_temp.sh).
#pragma once

#include "tests/e2e/run_process.h"

#include <filesystem>
#include <sstream>
#include <string>

namespace locus::test {

inline std::string shellQuote(const std::string& s) {
  return "'" + s + "'";
}

// The value of `KEY=value` among the lines of `text`, "" when absent.
inline std::string lineValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

// `locusc build` of `project` into `out`, then tsc --strict on its server; "" or what failed.
inline std::string buildTypeCheckedServer(const std::string& locusc, const std::string& source,
                                          const std::string& project, const std::string& out) {
  auto build = runProcess(shellQuote(locusc) + " build " + shellQuote(project) + " -o " +
                          shellQuote(out) + " -q");
  if (build.exitCode != 0) return "locusc build failed:\n" + build.out + build.err;
  std::string modules = source + "/scripts/node/node_modules";
  std::filesystem::create_directory_symlink(modules, out + "/server/node_modules");
  auto tsc =
      runProcess(shellQuote(modules + "/.bin/tsc") + " --strict -p " + shellQuote(out + "/server"));
  if (tsc.exitCode != 0) return "tsc --strict failed:\n" + tsc.out + tsc.err;
  return "";
}

// A PostgreSQL of its own for the test, with `schema` applied; stop() ends it.
struct TempPostgres {
  std::string script, dir, url;

  std::string start(const std::string& source, const std::string& schema) {
    script = source + "/tests/support/pg_temp.sh";
    auto pg = runProcess(shellQuote(script) + " start");
    dir = lineValue(pg.out, "PG_TEMP_DIR");
    url = lineValue(pg.out, "DATABASE_URL");
    if (pg.exitCode != 0 || url.empty()) return "cannot start PostgreSQL:\n" + pg.err;
    auto psql =
        runProcess("psql " + shellQuote(url) + " -v ON_ERROR_STOP=1 -q -f " + shellQuote(schema));
    return psql.exitCode == 0 ? "" : "cannot apply the schema:\n" + psql.err;
  }
  void stop() {
    if (!dir.empty()) runProcess(shellQuote(script) + " stop " + shellQuote(dir));
  }
};

} // namespace locus::test
