// In-process runtime tests: a program compiled from source text, a SQLite store in a temporary
// directory with the bank fixture's schema, and a run executed through the real engine.
#pragma once

#include "runtime/cli/compile_project.h"
#include "runtime/engine/runner.h"
#include "runtime/store/migrations.h"
#include "stdlib-steps/register.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace locus::test {

struct RuntimeHarness {
  std::string dir;
  std::unique_ptr<rt::Program> program;
  std::unique_ptr<rt::Store> store;
  rt::StepRegistry steps;
  rt::EngineOptions options;
  rt::RuntimeHooks* hooks = nullptr;
  rt::PluginStepExecutor* plugins = nullptr;

  // `source` is added to the bank fixture's entities and actions.
  explicit RuntimeHarness(const std::string& source, bool durableFull = false) {
    namespace fs = std::filesystem;
    char tmpl[] = "/tmp/locus-unit-rt-XXXXXX";
    dir = mkdtemp(tmpl);
    std::string fixture = std::string(LOCUS_SOURCE_DIR) + "/tests/e2e/runtime_fixtures/bank";
    fs::copy_file(fixture + "/database.locus", dir + "/database.locus");
    fs::copy_file(fixture + "/actions.locus", dir + "/actions.locus");
    std::ofstream(dir + "/test.locus") << source;
    rt::CompileResult c = rt::compileProject(dir);
    if (!c.program) throw std::runtime_error("test program does not compile:\n" + c.diagnostics);
    program = std::move(c.program);
    store = rt::openSqliteStore(dir + "/state.db", rt::SqliteOptions{durableFull});
    rt::MigrationReport m =
        rt::applyMigrations(*store, fixture + "/generated/db/sqlite/migrations");
    if (!m.errors.empty()) throw std::runtime_error(m.errors[0]);
    steps::registerStdlibSteps(steps);
    options.settings["outboxDir"] = dir + "/outbox";
  }
  ~RuntimeHarness() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  // Replaces the program (e.g. after editing its IR), keeping the store.
  void setIr(rt::Json ir) { program = rt::programFromIr(std::move(ir)); }

  rt::RunOutcome run(const std::string& workflow, rt::Json input = rt::Json::object(),
                     const std::string& id = "") {
    rt::RunRecord r = rt::newRun(*program, workflow, input, id);
    store->saveProgram(program->hash, program->ir.dump());
    store->createRun(r);
    return resume(r.id);
  }

  rt::RunOutcome resume(const std::string& id) {
    rt::EngineServices services{*store, *program, steps, hooks, plugins, options};
    rt::RunOutcome out;
    rt::ClaimResult c = rt::claimAndExecute(services, id, "test:1:x", out);
    if (c != rt::ClaimResult::Claimed) out.status = "not-claimed";
    return out;
  }

  rt::Json rows(const std::string& entity) {
    auto tx = store->begin();
    return tx->findRows(program->entities.at(entity), nullptr, nullptr, std::nullopt, std::nullopt);
  }

  std::vector<std::string> tracedSteps(const std::string& run) {
    std::vector<std::string> out;
    for (const rt::Json& e : store->trace(run))
      out.push_back(e["step"].get<std::string>() + ":" + e["outcome"].get<std::string>());
    return out;
  }
};

} // namespace locus::test
