#include "tests/e2e/runtime_project.h"

#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sqlite3.h>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace locus::test {

namespace fs = std::filesystem;

RuntimeProject::RuntimeProject(const std::string& fixture) {
  char tmpl[] = "/tmp/locus-rt-XXXXXX";
  dir = mkdtemp(tmpl);
  fs::copy(std::string(LOCUS_SOURCE_DIR) + "/tests/e2e/runtime_fixtures/" + fixture, dir,
           fs::copy_options::recursive);
}

RuntimeProject::~RuntimeProject() {
  std::error_code ec;
  if (!std::getenv("LOCUS_KEEP_TEST_DIRS")) fs::remove_all(dir, ec);
}

ProcessResult RuntimeProject::locus(const std::string& args) const {
  return runProcess(std::string(LOCUS_PATH) + " " + args, dir);
}

void RuntimeProject::write(const std::string& relative, const std::string& text) const {
  fs::create_directories(fs::path(dir + "/" + relative).parent_path());
  std::ofstream(dir + "/" + relative, std::ios::binary) << text;
}

std::string RuntimeProject::sql(const std::string& query) const {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(this->db().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + this->db());
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(query + ": " + message);
  }
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::string RuntimeProject::status(const std::string& run) const {
  return sql("SELECT status FROM locus_runs WHERE id = '" + run + "'");
}

std::string RuntimeProject::ledger(const std::string& note) const {
  return sql("SELECT count(*) FROM ledgers WHERE note = '" + note + "'");
}

bool RuntimeProject::traced(const std::string& run, const std::string& outcome) const {
  for (const nlohmann::json& e : trace(run))
    if (e.value("outcome", "") == outcome) return true;
  return false;
}

void RuntimeProject::exec(const std::string& statements) const {
  sqlite3* db = nullptr;
  if (sqlite3_open(this->db().c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + this->db());
  }
  sqlite3_busy_timeout(db, 10000);
  char* error = nullptr;
  int rc = sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error(statements + ": " + message);
}

std::vector<nlohmann::json> RuntimeProject::trace(const std::string& run) const {
  std::vector<nlohmann::json> out;
  std::istringstream lines(locus("trace " + run + " --json").out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

pid_t spawnLocus(const std::string& dir, const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<char*> argv{const_cast<char*>(LOCUS_PATH)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(LOCUS_PATH, argv.data());
    _exit(127);
  }
  return pid;
}

bool waitFor(const std::function<bool()>& pred, int timeoutMs) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (pred()) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

} // namespace locus::test
