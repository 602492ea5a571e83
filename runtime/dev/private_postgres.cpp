#include "runtime/dev/private_postgres.h"

#include "runtime/dev/free_port.h"
#include "runtime/store/pg_connection.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <pwd.h>
#include <thread>
#include <unistd.h>

namespace locus::dev {

namespace fs = std::filesystem;

namespace {

constexpr int kStartTimeoutMs = 30000;

// Folders the server (as `nobody` when we are root) must own.
bool prepareFolders(const fs::path& dir, std::string& error) {
  std::error_code ec;
  fs::create_directories(dir / "data", ec);
  fs::create_directories(dir / "sock", ec);
  if (ec) {
    error = "cannot create " + dir.string() + ": " + ec.message();
    return false;
  }
  if (getuid() != 0) return true;
  const passwd* nobody = getpwnam("nobody");
  if (!nobody) {
    error = "running as root, and there is no user `nobody` to run PostgreSQL as";
    return false;
  }
  for (const fs::path& p : {dir / "data", dir / "sock"})
    if (chown(p.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      error = "cannot hand " + p.string() + " to `nobody`";
      return false;
    }
  fs::permissions(dir,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  return true;
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "  " + l + "\n";
  return out;
}

bool initCluster(const std::string& bin, const fs::path& dir, std::string& error) {
  if (fs::exists(dir / "data" / "PG_VERSION")) return true;
  ChildSpec spec{"postgres",
                 {bin + "/initdb", "-D", (dir / "data").string(), "-U", "locus", "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C"}};
  spec.asNobody = true;
  std::vector<std::string> last;
  LogSink quiet;
  quiet.hold(true); // initdb's chatter is shown only when it fails
  int status = runToEnd(spec, quiet, error, &last);
  if (status == 0) return true;
  if (error.empty())
    error = "initdb failed (exit status " + std::to_string(status) + "):\n" + joinLines(last) +
            "  (as root the cluster belongs to `nobody`: the project folder must be readable by "
            "it, or pass --db postgres://…)";
  return false;
}

bool ensureDatabase(const std::string& serverUrl, std::string& error) {
  try {
    rt::PgConnection c(serverUrl + "/postgres");
    if (c.exec("SELECT 1 FROM pg_database WHERE datname = 'app'").rows() == 0)
      c.script("CREATE DATABASE app");
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
}

} // namespace

std::string findPostgresBin() {
  if (const char* env = std::getenv("LOCUS_PG_BIN"); env && *env) return env;
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(entry.path() / "bin" / "postgres")) found.push_back(entry.path() / "bin");
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b; // "15" after "9"
  });
  return found.empty() ? "" : found.back();
}

PostgresServer startPrivatePostgres(const std::string& dirText, LogSink& sink, std::string& error) {
  PostgresServer server;
  fs::path dir = fs::absolute(dirText);
  std::string bin = findPostgresBin();
  if (bin.empty()) {
    error = "no PostgreSQL server binaries (install postgresql, set LOCUS_PG_BIN, or pass "
            "--db postgres://…)";
    return server;
  }
  if (!prepareFolders(dir, error) || !initCluster(bin, dir, error)) return server;
  int port = freeLoopbackPort();
  ChildSpec spec{"postgres",
                 {bin + "/postgres", "-D", (dir / "data").string(), "-p", std::to_string(port),
                  "-c", "listen_addresses=127.0.0.1", "-c",
                  "unix_socket_directories=" + (dir / "sock").string(), "-c",
                  "synchronous_commit=off", "-c", "max_connections=100"}};
  spec.asNobody = true;
  spec.stopSignal = 2; // SIGINT: fast shutdown
  server.process = std::make_unique<Child>(spec, sink);
  if (!server.process->start(error)) return server;
  std::string base = "postgresql://locus@127.0.0.1:" + std::to_string(port);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
  std::string lastError;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!server.process->running()) {
      error = "PostgreSQL stopped while starting:\n" + joinLines(server.process->lastLines());
      return server;
    }
    if (portAnswers(port) && ensureDatabase(base, lastError)) {
      server.url = base + "/app";
      return server;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  error = "PostgreSQL did not take connections within 30 s: " + lastError;
  return server;
}

} // namespace locus::dev
