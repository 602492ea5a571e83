#include "runtime/dev/dev_command.h"

#include "compiler/driver/commands.h"
#include "compiler/driver/watch_project_watcher.h"
#include "compiler/driver/watch_scope.h"
#include "compiler/driver/watch_wakeup.h"
#include "generators/output/build_manifest.h"
#include "runtime/cli/compile_project.h"
#include "runtime/dev/child_process.h"
#include "runtime/dev/free_port.h"
#include "runtime/dev/node_toolchain.h"
#include "runtime/dev/private_postgres.h"
#include "runtime/engine/seed_data.h"
#include "runtime/store/migrations.h"
#include "runtime/store/pg_store.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

namespace locus::dev {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

void say(const std::string& text) {
  std::fprintf(stderr, "locus dev: %s\n", text.c_str());
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string randomSecret() {
  std::random_device rd;
  std::string out;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) out += hex[rd() % 16];
  return out;
}

// Everything the parts are started from; fixed for the session.
struct Setup {
  fs::path project, output;
  NodeToolchain node;
  std::string dbUrl;
  int webPort = 0, apiPort = 0, runtimePort = 0;
  bool noWeb = false;
  std::map<std::string, std::string> env; // given to every part
};

// Webhook workflows check a secret from the environment; the API sends the same one. Secrets the
// user did not set get a random value for this session, shared by both.
void addWebhookSecrets(Setup& s) {
  rt::CompileResult c = rt::compileProject(s.project.string());
  if (!c.program) return;
  for (const auto& [name, wf] : c.program->workflows)
    for (const rt::Json& t : (*wf)["triggers"]) {
      std::string secret = t.value("secret", "");
      if (t.value("kind", "") == "webhook" && !secret.empty() && !std::getenv(secret.c_str()))
        s.env[secret] = randomSecret();
    }
}

// The schema (the runtime's migration table records it: the runtime and any later `locus
// serve` find it applied) and the seed files, both idempotent.
bool prepareDatabase(const Setup& s) {
  try {
    std::unique_ptr<rt::Store> store = rt::openPostgresStore(s.dbUrl);
    rt::MigrationReport r =
        rt::applyMigrations(*store, (s.output / "db" / "postgres" / "migrations").string());
    for (const std::string& e : r.errors) say(e);
    for (const std::string& a : r.applied) say("applied migration " + a);
    if (!r.errors.empty()) return false;
    rt::CompileResult c = rt::compileProject(s.project.string());
    if (!c.program) return true; // the build reported it
    rt::SeedReport seed = rt::applySeedFiles(*store, *c.program, (s.project / "seed").string());
    for (const std::string& e : seed.errors) say(e);
    if (seed.inserted) say("seeded " + std::to_string(seed.inserted) + " rows");
    return seed.errors.empty();
  } catch (const std::exception& e) {
    say(std::string("the database: ") + e.what());
    return false;
  }
}

int build(const Setup& s) {
  BuildOptions options;
  options.outputDir = s.output.string();
  options.inPlace = true; // next dev recompiles the changed files it watches, in place
  OutputOptions out;
  out.quiet = true;
  return runBuild(s.project.string(), options, out);
}

ChildSpec runtimeSpec(const Setup& s) {
  std::error_code ec;
  std::string self = fs::read_symlink("/proc/self/exe", ec).string();
  ChildSpec spec{"runtime",
                 {self, "serve", "--project", s.project.string(), "--db", s.dbUrl, "--host",
                  "127.0.0.1", "--port", std::to_string(s.runtimePort), "--schema",
                  (s.output / "db" / "postgres" / "migrations").string(), "--poll-ms", "20"}};
  spec.env = s.env;
  return spec;
}

ChildSpec apiSpec(const Setup& s) {
  ChildSpec spec{"api", {s.node.node, "dist/index.js"}, (s.output / "server").string()};
  spec.env = s.env;
  spec.env["PORT"] = std::to_string(s.apiPort);
  spec.env["HOST"] = "127.0.0.1";
  return spec;
}

ChildSpec webSpec(const Setup& s) {
  ChildSpec spec{"web",
                 {s.node.node, s.node.nodeModules + "/next/dist/bin/next", "dev", "-H", "127.0.0.1",
                  "-p", std::to_string(s.webPort)},
                 (s.output / "web").string()};
  spec.env = s.env;
  spec.env["NEXT_TELEMETRY_DISABLED"] = "1";
  return spec;
}

// Whether server/dist is newer than every source tsc reads (a build leaves unchanged files
// untouched, so a restart without edits skips tsc, the slowest step of a start).
bool apiCompiled(const Setup& s) {
  std::error_code ec;
  fs::path server = s.output / "server";
  fs::file_time_type compiled = fs::last_write_time(server / "dist" / "index.js", ec);
  if (ec) return false;
  for (const fs::path& f : {server / "tsconfig.json", server / "package.json"})
    if (fs::last_write_time(f, ec) > compiled || ec) return false;
  // Files only: a build touches every folder's time while it writes.
  for (auto it = fs::recursive_directory_iterator(server / "src", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && (it->last_write_time(ec) > compiled || ec)) return false;
  return !ec;
}

// tsc for the API (its output, server/dist, is not part of the build). A stop asked meanwhile
// stops tsc.
bool compileApi(const Setup& s, LogSink& sink, const WatchWakeup& wakeup) {
  if (apiCompiled(s)) return true;
  ChildSpec tsc{"api",
                {s.node.node, s.node.nodeModules + "/typescript/bin/tsc", "-p", "."},
                (s.output / "server").string()};
  std::string error;
  std::vector<std::string> last;
  int status = runToEnd(tsc, sink, error, &last, [&] { return wakeup.stopRequested(); });
  if (status == 0) return true;
  if (wakeup.stopRequested()) return false;
  say("the API does not compile (tsc exit status " + std::to_string(status) + ")" +
      (error.empty() ? "" : ": " + error));
  return false;
}

// One probe. The read timeout is short so a stop is never kept waiting: next dev compiles a page
// on its first request for seconds, and goes on compiling when the probe gives up (the next probe
// gets the compiled page).
bool answers(int port, const std::string& path, bool anyBelow500) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::milliseconds(500));
  client.set_read_timeout(std::chrono::seconds(1));
  httplib::Result r = client.Get(path);
  if (!r) return false;
  return anyBelow500 ? r->status < 500 : r->status == 200;
}

struct Parts {
  std::unique_ptr<Child> postgres, runtime, api, web;

  std::vector<Child*> all() {
    std::vector<Child*> out;
    for (Child* c : {postgres.get(), runtime.get(), api.get(), web.get()})
      if (c) out.push_back(c);
    return out;
  }
  // The app first, the database last.
  void stopAll() {
    for (auto* part : {&web, &api, &runtime, &postgres})
      if (*part) {
        (*part)->stop();
        part->reset();
      }
  }
};

bool startPart(std::unique_ptr<Child>& part, ChildSpec spec, LogSink& sink) {
  part = std::make_unique<Child>(std::move(spec), sink);
  std::string error;
  if (part->start(error)) return true;
  say("cannot start " + part->name() + ": " + error);
  return false;
}

// The dead part, if any (reported with its last lines).
Child* deadPart(Parts& parts) {
  for (Child* c : parts.all())
    if (!c->running()) return c;
  return nullptr;
}

void reportDeath(Child& c) {
  std::string text = c.name() + " stopped (exit status " + std::to_string(c.exitStatus()) + ")";
  std::vector<std::string> last = c.lastLines();
  if (!last.empty()) text += "; its last lines:";
  say(text);
  for (const std::string& l : last)
    std::fprintf(stderr, "  %s | %s\n", c.name().c_str(), l.c_str());
}

// Waits until every started part answers; false when one died, a stop was asked or time ran out.
bool waitHealthy(const Setup& s, Parts& parts, WatchWakeup& wakeup, int timeoutMs) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  bool runtimeOk = false, apiOk = false, webOk = s.noWeb;
  while (Clock::now() < deadline && !wakeup.stopRequested()) {
    if (Child* dead = deadPart(parts)) {
      reportDeath(*dead);
      return false;
    }
    runtimeOk = runtimeOk || answers(s.runtimePort, "/health", false);
    apiOk = apiOk || answers(s.apiPort, "/health", false);
    if (runtimeOk && apiOk && !webOk) webOk = answers(s.webPort, "/", true);
    if (runtimeOk && apiOk && webOk) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!wakeup.stopRequested())
    say(std::string("not every part answered within ") + std::to_string(timeoutMs / 1000) +
        " s (runtime " + (runtimeOk ? "ok" : "silent") + ", api " + (apiOk ? "ok" : "silent") +
        ", web " + (webOk ? "ok" : "silent") + ")");
  return false;
}

// Which parts a rebuild touched, by manifest diff: "api" (server/), "web" (web/) or "runtime"
// (anything else); empty when no file changed.
std::set<std::string> changedParts(const std::optional<Manifest>& before,
                                   const std::optional<Manifest>& after) {
  std::set<std::string> out;
  auto partOf = [](const std::string& path) -> std::string {
    if (path.rfind("server/", 0) == 0) return "api";
    if (path.rfind("web/", 0) == 0) return "web";
    return "runtime";
  };
  Manifest empty;
  const Manifest& a = before ? *before : empty;
  const Manifest& b = after ? *after : empty;
  for (const auto& [path, entry] : b) {
    auto it = a.find(path);
    if (it == a.end() || it->second.sha256 != entry.sha256) out.insert(partOf(path));
  }
  for (const auto& [path, entry] : a)
    if (!b.count(path)) out.insert(partOf(path));
  return out;
}

// Rebuilds after a change and restarts the parts it touched. False when a part cannot come back.
bool rebuildAndRestart(const Setup& s, Parts& parts, LogSink& sink, WatchWakeup& wakeup,
                       const std::string& cause) {
  auto start = Clock::now();
  std::optional<Manifest> before = readManifest(s.output.string());
  if (build(s) != 0) {
    say("rebuild failed (" + cause + "); the running app is unchanged, fix the errors above");
    return true;
  }
  std::set<std::string> touched = changedParts(before, readManifest(s.output.string()));
  if (touched.empty()) return true; // e.g. a comment: nothing to restart
  // Everything outside server/ and web/ (migrations, workflows, the IR) is the runtime's: new
  // migrations are applied before it restarts. A page edit touches web/ only.
  if (touched.count("runtime") && !prepareDatabase(s)) return true;
  if (touched.count("api") && !compileApi(s, sink, wakeup)) return wakeup.stopRequested();
  std::string restarted;
  auto restart = [&](std::unique_ptr<Child>& part, ChildSpec spec) {
    if (part) part->stop();
    restarted += (restarted.empty() ? "" : ", ") + spec.name;
    return startPart(part, std::move(spec), sink);
  };
  if (touched.count("runtime") && !restart(parts.runtime, runtimeSpec(s))) return false;
  if (touched.count("api") && !restart(parts.api, apiSpec(s))) return false;
  // The web app is not restarted: the build replaced only the changed files under web/, in
  // place, and next dev recompiles them itself (hot reload keeps the browser's page).
  if (touched.count("web")) restarted += std::string(restarted.empty() ? "" : ", ") + "web (hot)";
  if (!waitHealthy(s, parts, wakeup, 120000)) return wakeup.stopRequested();
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.0f", msSince(start));
  say("rebuilt (" + cause + ") and restarted " + restarted + " in " + ms + " ms");
  return true;
}

bool choosePorts(Setup& s, int port) {
  s.webPort = port == 0 ? freeLoopbackPort() : port;
  s.apiPort = port == 0 ? freeLoopbackPort() : port + 1;
  s.runtimePort = freeLoopbackPort();
  for (int p : {s.webPort, s.apiPort})
    if (portAnswers(p)) {
      say("port " + std::to_string(p) + " is in use; pick another with --port N (the web app " +
          "takes N, the API N+1), or --port 0 for free ports");
      return false;
    }
  return s.webPort && s.apiPort && s.runtimePort;
}

int session(Setup& s, Parts& parts, LogSink& sink, WatchWakeup& wakeup, int readyTimeoutMs) {
  auto start = Clock::now();
  if (build(s) != 0) {
    say("the project does not build (errors above); fix them and run locus dev again");
    return 1;
  }
  std::string error;
  for (const char* app : {"server", "web"})
    if (!linkNodeModules(s.node, (s.output / app).string(), error)) {
      say(error);
      return 1;
    }
  s.env["LOCUS_RUNTIME_URL"] = "http://127.0.0.1:" + std::to_string(s.runtimePort);
  s.env["LOCUS_API_URL"] = "http://127.0.0.1:" + std::to_string(s.apiPort);
  // The web app first: next dev's start and its first compile of `/` are the longest part of a
  // start, and need neither the database nor the API, so they overlap with the rest.
  if (!s.noWeb && !startPart(parts.web, webSpec(s), sink)) return 1;
  std::jthread warmWeb;
  if (!s.noWeb)
    warmWeb = std::jthread([port = s.webPort, &wakeup](std::stop_token stop) {
      while (!stop.stop_requested() && !wakeup.stopRequested() && !answers(port, "/", true))
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    });
  if (s.dbUrl.empty()) {
    PostgresServer pg =
        startPrivatePostgres((s.project / ".locus" / "postgres").string(), sink, error);
    parts.postgres = std::move(pg.process);
    if (pg.url.empty()) {
      say("the private PostgreSQL server: " + error);
      return 1;
    }
    s.dbUrl = pg.url;
  }
  s.env["DATABASE_URL"] = s.dbUrl;
  addWebhookSecrets(s);
  if (!prepareDatabase(s) || !compileApi(s, sink, wakeup)) return wakeup.stopRequested() ? 0 : 1;
  if (!startPart(parts.runtime, runtimeSpec(s), sink) || !startPart(parts.api, apiSpec(s), sink))
    return 1;
  if (!waitHealthy(s, parts, wakeup, readyTimeoutMs)) {
    sink.hold(false);
    return wakeup.stopRequested() ? 0 : 1;
  }
  std::printf("locus dev: ready web=http://127.0.0.1:%d api=http://127.0.0.1:%d\n",
              s.noWeb ? 0 : s.webPort, s.apiPort);
  std::fflush(stdout);
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.0f", msSince(start));
  say(std::string("every part answers (") + ms + " ms); database " + s.dbUrl + "; Ctrl-C stops");
  sink.hold(false);

  ProjectWatcher watcher(watchScopeOf(s.project.string(), s.output.string()));
  if (!watcher.start(error)) say("warning: changes will not rebuild: " + error);
  for (;;) {
    waitReadable({watcher.fd(), wakeup.fd()}, std::chrono::milliseconds(200));
    if (wakeup.stopRequested()) return 0;
    if (Child* dead = deadPart(parts)) {
      reportDeath(*dead);
      return 1;
    }
    // A zero timeout would not read the descriptor at all; 1 ms reads what is pending, then the
    // rest of the burst (an editor's save is several events).
    std::vector<std::string> changed =
        watcher.poll(std::chrono::milliseconds(1), std::chrono::milliseconds(100));
    if (changed.empty()) continue;
    std::string cause = changed.front() + (changed.size() > 1 ? " and more" : "") + " changed";
    if (!rebuildAndRestart(s, parts, sink, wakeup, cause)) return 1;
  }
}

} // namespace

int runDev(const DevOptions& options) {
  std::error_code ec;
  Setup s;
  s.project = fs::weakly_canonical(fs::absolute(options.project), ec);
  if (!fs::is_directory(s.project, ec)) {
    say("'" + options.project + "' is not a project folder");
    return 2;
  }
  s.output = watchScopeOf(s.project.string(), "").outputDir;
  s.dbUrl = options.db;
  s.noWeb = options.noWeb;
  if (!s.dbUrl.empty() && !rt::isPostgresUrl(s.dbUrl)) {
    say("--db takes postgres://USER:PASSWORD@HOST:PORT/DATABASE (the API needs PostgreSQL)");
    return 2;
  }
  std::string error;
  if (!findNodeToolchain(s.node, error)) {
    say(error);
    return 2;
  }
  if (!choosePorts(s, options.port)) return 2;
  WatchWakeup wakeup; // SIGINT/SIGTERM: stop cleanly
  LogSink sink;
  sink.hold(true);
  Parts parts;
  int status = session(s, parts, sink, wakeup, options.readyTimeoutMs);
  sink.hold(false);
  parts.stopAll();
  say(status == 0 ? "stopped" : "stopped after an error");
  return status;
}

} // namespace locus::dev
