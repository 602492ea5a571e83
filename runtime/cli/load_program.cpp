// The program a command executes: the project compiled now (or an IR bundle), with its schema
// applied and its snapshot stored; or the stored snapshot a run was started with.
#include "runtime/cli/compile_project.h"
#include "runtime/cli/session.h"

#include "runtime/store/migrations.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus::cli {

namespace fs = std::filesystem;

namespace {

bool applySchema(const SessionOptions& o, Session& s) {
  std::string dir = o.schema;
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

std::unique_ptr<rt::Program> readBundle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "locus: cannot read the bundle %s\n", path.c_str());
    return nullptr;
  }
  std::stringstream text;
  text << in.rdbuf();
  return rt::programFromIrText(text.str());
}

std::unique_ptr<rt::Program> compile(Session& s) {
  rt::CompileResult c = rt::compileProject(
      s.projectDir, s.plugins ? rt::pluginCheckOptions(*s.plugins) : CheckOptions{});
  if (!c.diagnostics.empty()) std::fputs(c.diagnostics.c_str(), stderr);
  if (!c.program)
    std::fprintf(stderr, "locus: the project %s does not compile%s\n", s.projectDir.c_str(),
                 c.ioError ? " (an input could not be read)" : "");
  return std::move(c.program);
}

} // namespace

std::unique_ptr<rt::Program> compileCurrentProgram(const SessionOptions& o, Session& s) {
  try {
    return o.bundle.empty() ? compile(s) : readBundle(o.bundle);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return nullptr;
  }
}

const rt::Program* loadCurrentProgram(const SessionOptions& o, Session& s) {
  std::unique_ptr<rt::Program> program = compileCurrentProgram(o, s);
  try {
    if (!program || !applySchema(o, s)) return nullptr;
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

} // namespace locus::cli
