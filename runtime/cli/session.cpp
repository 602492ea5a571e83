// Shared setup of the commands: arguments, the store, the program and its schema.
#include "runtime/cli/cli.h"
#include "runtime/cli/compile_project.h"

#include "runtime/store/migrations.h"
#include "runtime/store/pg_store.h"
#include "stdlib-steps/register.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace locus::cli {

namespace fs = std::filesystem;

bool parseArgs(int argc, char** argv, int first, const std::set<std::string>& flagNames, Args& out,
               std::string& error) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      out.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      out.options[name] = value;
      continue;
    }
    if (flagNames.count(name)) {
      out.flags.insert(name);
      continue;
    }
    if (i + 1 >= argc) {
      error = "--" + name + " needs a value";
      return false;
    }
    out.options[name] = argv[++i];
  }
  return true;
}

namespace {

bool openPostgres(Session& s) {
  try {
    s.store = rt::openPostgresStore(s.dbPath);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return false;
  }
  s.dbPath = "PostgreSQL " + rt::pgDescribeUrl(s.dbPath); // messages never show a password
  return true;
}

bool openSqlite(const Args& args, Session& s) {
  std::error_code ec;
  fs::path parent = fs::path(s.dbPath).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  try {
    rt::SqliteOptions o;
    std::string durability = args.get("durability", "normal");
    if (durability != "normal" && durability != "full") {
      std::fprintf(stderr,
                   "locus: --durability is `normal` (survives process crashes) or `full` "
                   "(survives power loss), not `%s`\n",
                   durability.c_str());
      return false;
    }
    o.synchronousFull = durability == "full";
    s.store = rt::openSqliteStore(s.dbPath, o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return false;
  }
  return true;
}

} // namespace

bool openSession(const Args& args, Session& s) {
  s.projectDir = args.get("project", ".");
  s.dbPath = args.get("db", (fs::path(s.projectDir) / ".locus" / "state.db").string());
  if (s.dbPath.rfind("sqlite://", 0) == 0) s.dbPath = s.dbPath.substr(9);
  s.quiet = args.has("quiet");
  s.postgres = rt::isPostgresUrl(s.dbPath);
  if (!s.postgres && s.dbPath.rfind("postgres", 0) == 0) {
    std::fprintf(stderr,
                 "locus: %s is not a PostgreSQL URL; write "
                 "postgres://USER:PASSWORD@HOST:PORT/DATABASE\n",
                 s.dbPath.c_str());
    return false;
  }
  // The outbox folder sits beside a SQLite file, or in the project's .locus/ for PostgreSQL.
  fs::path localState =
      s.postgres ? fs::path(s.projectDir) / ".locus" : fs::path(s.dbPath).parent_path();
  if (!(s.postgres ? openPostgres(s) : openSqlite(args, s))) return false;
  steps::registerStdlibSteps(s.steps);
  try {
    if (args.options.count("max-iterations"))
      s.options.maxIterations = std::stoull(args.get("max-iterations"));
    if (args.options.count("inline-wait-ms"))
      s.options.inlineWaitMaxMs = std::stoll(args.get("inline-wait-ms"));
    if (args.options.count("lease-ms"))
      s.options.leaseMs = std::max(300LL, std::stoll(args.get("lease-ms")));
    if (args.options.count("step-timeout-ms"))
      s.options.stepTimeoutMs = std::stoll(args.get("step-timeout-ms"));
  } catch (const std::exception&) {
    std::fprintf(stderr, "locus: a numeric option has a value that is not a number\n");
    return false;
  }
  s.options.settings["projectDir"] = s.projectDir;
  s.options.settings["outboxDir"] = args.get("outbox", (localState / "outbox").string());
  if (args.options.count("smtp")) s.options.settings["smtpUrl"] = args.get("smtp");
  if (const char* smtp = std::getenv("LOCUS_SMTP_URL"); smtp && !args.options.count("smtp"))
    s.options.settings["smtpUrl"] = smtp;
  if (args.options.count("smtp-from")) s.options.settings["smtpFrom"] = args.get("smtp-from");
  if (!s.quiet && !args.has("json") && isatty(2))
    s.options.onTrace = [](const Json& e) {
      std::string outcome = e.value("outcome", "");
      const char* mark = outcome == "completed"  ? "ok"
                         : outcome == "retrying" ? "retry"
                                                 : outcome.c_str();
      std::fprintf(stderr, "  %-6s %s (%.1f ms)\n", mark, e.value("step", "").c_str(),
                   e.value("durationUs", 0) / 1000.0);
    };
  return true;
}

bool loadPlugins(Session& s) {
  rt::plugins::BridgeLoad load = rt::plugins::loadPluginBridge(s.projectDir, {s.quiet});
  if (!load.problems.empty() && (!load.bridge || !s.quiet))
    std::fputs(load.problems.c_str(), stderr);
  if (!load.bridge) {
    std::fprintf(stderr,
                 "locus: the project's plugins could not be loaded (see above); nothing was run\n");
    return false;
  }
  s.plugins = std::move(load.bridge);
  return true;
}

rt::EngineServices engineServices(Session& s, const rt::Program& program) {
  rt::RuntimeHooks* hooks = s.plugins ? s.plugins->hooks() : nullptr;
  rt::PluginStepExecutor* steps = s.plugins ? s.plugins->steps() : nullptr;
  return rt::EngineServices{*s.store, program, s.steps, hooks, steps, s.options};
}

static bool applySchema(const Args& args, Session& s) {
  std::string dir = args.get("schema");
  if (dir.empty()) {
    std::vector<std::string> candidates = {"generated/db/sqlite/migrations",
                                           "db/sqlite/migrations"};
    if (s.postgres) candidates = {"generated/db/postgres/migrations", "db/postgres/migrations"};
    for (const std::string& candidate : candidates) {
      fs::path p = fs::path(s.projectDir) / candidate;
      if (fs::is_directory(p)) {
        dir = p.string();
        break;
      }
    }
  }
  if (dir.empty()) return true;
  rt::MigrationReport r = rt::applyMigrations(*s.store, dir);
  for (const std::string& e : r.errors) std::fprintf(stderr, "locus: %s\n", e.c_str());
  if (!s.quiet)
    for (const std::string& a : r.applied)
      std::fprintf(stderr, "locus: applied migration %s\n", a.c_str());
  return r.errors.empty();
}

const rt::Program* loadCurrentProgram(const Args& args, Session& s) {
  std::unique_ptr<rt::Program> program;
  try {
    if (args.options.count("bundle")) {
      std::ifstream in(args.get("bundle"), std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "locus: cannot read the bundle %s\n", args.get("bundle").c_str());
        return nullptr;
      }
      std::stringstream text;
      text << in.rdbuf();
      program = rt::programFromIrText(text.str());
    } else {
      rt::CompileResult c = rt::compileProject(
          s.projectDir, s.plugins ? rt::pluginCheckOptions(*s.plugins) : CheckOptions{});
      if (!c.diagnostics.empty()) std::fputs(c.diagnostics.c_str(), stderr);
      if (!c.program) {
        std::fprintf(stderr, "locus: the project %s does not compile%s\n", s.projectDir.c_str(),
                     c.ioError ? " (an input could not be read)" : "");
        return nullptr;
      }
      program = std::move(c.program);
    }
    if (!applySchema(args, s)) return nullptr;
    s.store->saveProgram(program->hash, program->ir.dump());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return nullptr;
  }
  const rt::Program* p = program.get();
  s.programs[p->hash] = std::move(program);
  return p;
}

const rt::Program* programOf(Session& s, const std::string& hash) {
  auto it = s.programs.find(hash);
  if (it != s.programs.end()) return it->second.get();
  std::optional<std::string> text = s.store->loadProgram(hash);
  if (!text) return nullptr;
  auto p = rt::programFromIrText(*text);
  const rt::Program* raw = p.get();
  s.programs[hash] = std::move(p);
  return raw;
}

int exitFor(const std::string& status) {
  if (status == "completed") return kCompleted;
  if (status == "failed") return kFailed;
  if (status == "waiting") return kWaiting;
  if (status == "queued") return kQueued;
  return kBusy;
}

void printOutcome(const std::string& runId, const rt::RunOutcome& o, bool json) {
  if (json) {
    Json j = {{"run", runId}, {"status", o.status}, {"output", o.output}};
    if (!o.error.is_null()) j["error"] = o.error;
    if (o.wakeAtMs) j["wakeAtMs"] = o.wakeAtMs;
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::fprintf(stderr, "run %s %s", runId.c_str(), o.status.c_str());
  if (o.status == "failed")
    std::fprintf(stderr, " at %s: %s", o.error.value("step", "").c_str(),
                 o.error.value("message", "").c_str());
  if (o.status == "waiting")
    std::fprintf(stderr, o.wakeAtMs ? " for a timer or signal (locus worker continues it)"
                                    : " for a signal or approval (locus signal / locus approve)");
  std::fprintf(stderr, "\n");
  if (o.status == "completed") std::printf("%s\n", o.output.dump().c_str());
}

} // namespace locus::cli
