// Opening the state store a command works on, and the engine options of the command line.
#include "runtime/cli/session.h"

#include "runtime/store/pg_store.h"
#include "stdlib-steps/register.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace locus::cli {

namespace fs = std::filesystem;

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

bool openSqlite(const SessionOptions& o, Session& s) {
  std::error_code ec;
  fs::path parent = fs::path(s.dbPath).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  try {
    rt::SqliteOptions so;
    so.synchronousFull = o.durability == "full";
    s.store = rt::openSqliteStore(s.dbPath, so);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return false;
  }
  return true;
}

void applyEngineOptions(const SessionOptions& o, Session& s, const fs::path& localState) {
  if (o.maxIterations) s.options.maxIterations = *o.maxIterations;
  if (o.inlineWaitMs) s.options.inlineWaitMaxMs = *o.inlineWaitMs;
  if (o.leaseMs) s.options.leaseMs = *o.leaseMs;
  if (o.stepTimeoutMs) s.options.stepTimeoutMs = *o.stepTimeoutMs;
  s.options.settings["projectDir"] = s.projectDir;
  s.options.settings["outboxDir"] = o.outbox.empty() ? (localState / "outbox").string() : o.outbox;
  if (!o.smtp.empty())
    s.options.settings["smtpUrl"] = o.smtp;
  else if (const char* smtp = std::getenv("LOCUS_SMTP_URL"))
    s.options.settings["smtpUrl"] = smtp;
  if (!o.smtpFrom.empty()) s.options.settings["smtpFrom"] = o.smtpFrom;
  if (!s.quiet && !o.json && isatty(2))
    s.options.onTrace = [](const Json& e) {
      std::string outcome = e.value("outcome", "");
      const char* mark = outcome == "completed"  ? "ok"
                         : outcome == "retrying" ? "retry"
                                                 : outcome.c_str();
      std::fprintf(stderr, "  %-6s %s (%.1f ms)\n", mark, e.value("step", "").c_str(),
                   e.value("durationUs", 0) / 1000.0);
    };
}

} // namespace

bool openSession(const SessionOptions& o, Session& s) {
  s.projectDir = o.projectDir;
  s.dbPath = o.db.empty() ? (fs::path(s.projectDir) / ".locus" / "state.db").string() : o.db;
  if (s.dbPath.rfind("sqlite://", 0) == 0) s.dbPath = s.dbPath.substr(9);
  s.quiet = o.quiet;
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
  if (!(s.postgres ? openPostgres(s) : openSqlite(o, s))) return false;
  steps::registerStdlibSteps(s.steps);
  applyEngineOptions(o, s, localState);
  return true;
}

} // namespace locus::cli
