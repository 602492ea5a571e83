#include "compiler/driver/inflight_check.h"

#include "compiler/base/json_text.h"
#include "runtime/engine/upgrade_check.h"
#include "runtime/store/pg_store.h"

#include <filesystem>
#include <memory>

namespace locus {

namespace {

// The store, or nullptr with the reason in `error`. A SQLite file that does not exist is an
// error: opening it would create an empty database and pass the check vacuously.
std::unique_ptr<rt::Store> openExistingStore(const std::string& db, std::string& error) {
  try {
    if (rt::isPostgresUrl(db)) return rt::openPostgresStore(db);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(db, ec)) {
      error = "no state database at " + db +
              " (give the SQLite file the runtime uses, or a postgres:// URL)";
      return nullptr;
    }
    return rt::openSqliteStore(db, rt::SqliteOptions{});
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
}

std::string describe(const std::string& db) {
  return rt::isPostgresUrl(db) ? "PostgreSQL " + rt::pgDescribeUrl(db) : db;
}

} // namespace

bool checkInflightRuns(const std::string& db, const OrderedJson& ir, DiagnosticSink& sink) {
  std::string error;
  std::unique_ptr<rt::Store> store = openExistingStore(db, error);
  if (!store) {
    sink.emit(DiagKind::InflightDbUnavailable, Span{}, "cannot check the runs in flight: " + error);
    return false;
  }
  std::vector<rt::InflightVerdict> verdicts;
  try {
    std::unique_ptr<rt::Program> current = rt::programFromIrText(jsonText(ir));
    verdicts = rt::checkInflightRuns(*store, *current);
  } catch (const std::exception& e) {
    sink.emit(DiagKind::InflightDbUnavailable, Span{},
              "cannot check the runs in flight in " + describe(db) + ": " + e.what());
    return false;
  }
  bool ok = true;
  for (const rt::InflightVerdict& v : verdicts) {
    if (v.problems.empty()) continue;
    ok = false;
    std::string message = "run " + v.run.id + " (" + v.run.workflow + ", " + v.run.status +
                          ") in " + describe(db) + " could not continue on this program:";
    for (const std::string& p : v.problems) message += "\n  - " + p;
    sink.emit(DiagKind::InflightRunBlocked, Span{}, message);
  }
  return ok;
}

} // namespace locus
