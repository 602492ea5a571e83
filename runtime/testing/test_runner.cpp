#include "runtime/testing/test_runner.h"

#include "runtime/engine/runner.h"
#include "runtime/testing/test_doubles.h"
#include "runtime/testing/test_expectations.h"
#include "stdlib-steps/register.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>

namespace locus::rt::testing {

namespace fs = std::filesystem;

size_t TestReport::failed() const {
  size_t n = 0;
  for (const TestResult& t : tests) n += !t.passed;
  return n;
}

namespace {

constexpr const char* kGivenAction = "locus_test_given";

// A temporary folder removed when the test ends, whatever happens.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "locus-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder");
    path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// The program a test runs: retries without waiting (a test's time is instant) and the test's
// `given` statements as an action of their own.
std::unique_ptr<Program> testProgram(const Json& ir, const Json& test) {
  Json copy = ir;
  for (Json& wf : copy["workflows"])
    if (wf.contains("retry") && wf["retry"].is_object()) {
      wf["retry"]["delayMs"] = 0;
      wf["retry"]["maxDelayMs"] = 0;
    }
  copy["actions"].push_back({{"kind", "action"},
                             {"name", kGivenAction},
                             {"params", Json::array()},
                             {"returnType", nullptr},
                             {"body", test.value("given", Json::array())},
                             {"span", test.value("span", Json())}});
  return programFromIr(std::move(copy));
}

Json errorJson(const StepError& e) {
  Json j = {{"code", e.code}, {"message", e.what()}};
  if (!e.data.is_null()) j["data"] = e.data;
  return j;
}

Json evalConstant(const Json& expr, const Program& program) {
  Scope scope;
  EvalEnv env(program);
  env.nondeterministic = [](const std::string& fn) {
    return fn == "now" ? freshNow() : freshUuid();
  };
  return evalExpr(expr, scope, env);
}

std::set<int64_t> messageSeqs(Store& store) {
  std::set<int64_t> seqs;
  for (const QueueMessage& m : store.pendingMessages(1000000)) seqs.insert(m.seq);
  return seqs;
}

// One test, from an empty store to its verdict.
class TestRun {
public:
  TestRun(const Json& ir, const Json& test, const TestOptions& options, TestResult& result)
      : test_(test), options_(options), result_(result), program_(testProgram(ir, test)) {}

  void run() {
    store_ = openSqliteStore((scratch_.path / "state.db").string(), SqliteOptions{});
    if (!options_.schemaSql.empty())
      store_->applyMigration("0000_test_schema", "test", options_.schemaSql);
    store_->saveProgram(program_->hash, program_->ir.dump());
    if (!given()) return;
    std::set<int64_t> before = messageSeqs(*store_);
    stubs();
    const Json& target = test_["target"];
    if (target.value("kind", "") == "workflow")
      runWorkflow(target["name"].get<std::string>());
    else
      runAction(target["name"].get<std::string>());
    Json messages = Json::array();
    for (const QueueMessage& m : store_->pendingMessages(1000000))
      if (!before.count(m.seq)) messages.push_back({{"topic", m.topic}, {"payload", m.payload}});
    result_.path = seen_.path;
    Expectations expectations{*program_, *store_, result_, seen_, std::move(messages)};
    checkExpectations(test_, expectations);
  }

  const std::set<std::string>& executed() const { return seen_.seen; }

private:
  bool given() {
    try {
      auto tx = store_->begin();
      EvalEnv env(*program_);
      env.tx = tx.get();
      env.nondeterministic = [](const std::string& fn) {
        return fn == "now" ? freshNow() : freshUuid();
      };
      callAction(kGivenAction, Json::object(), env);
      tx->commit();
      return true;
    } catch (const std::exception& e) {
      result_.failures.push_back({std::string("the `given` rows could not be created: ") + e.what(),
                                  test_.value("span", Json())});
      return false;
    }
  }

  void stubs() {
    for (const Json& s : test_.value("stubs", Json::array()))
      stubs_.push_back({s.value("stepKind", std::string()),
                        s["name"].is_string() ? s["name"].get<std::string>() : "",
                        s.value("throws", false), evalConstant(s["value"], *program_)});
  }

  // Argument values by name: named ones as written, positional ones by the target's params.
  Json namedArgs(const Json& params) {
    Json out = Json::object();
    size_t position = 0;
    for (const Json& a : test_.value("args", Json::array())) {
      std::string name = a.value("name", std::string());
      if (name.empty() && params.is_array() && position < params.size())
        name = params[position++].value("name", std::string());
      if (!name.empty()) out[name] = evalConstant(a["value"], *program_);
    }
    return out;
  }

  void runWorkflow(const std::string& name) {
    const Json& wf = *program_->workflow(name);
    Json input = namedArgs(wf.value("input", Json::array()));
    std::vector<std::string> problems = validateInput(wf, input, *program_);
    if (!problems.empty()) {
      std::string all;
      for (const std::string& p : problems) all += (all.empty() ? "" : "; ") + p;
      result_.failures.push_back(
          {"the input of " + name + " is not valid: " + all, test_.value("span", Json())});
      return;
    }
    StepRegistry steps;
    steps::registerStdlibSteps(steps);
    installTestDoubles(steps, stubs_, seen_);
    StubbedPluginSteps plugins(stubs_, seen_);
    EngineOptions options;
    options.inlineWaitMaxMs = 0; // an unanswered wait_for ends the run `waiting`
    options.settings["projectDir"] = options_.projectDir;
    options.settings["outboxDir"] = (scratch_.path / "outbox").string();
    EngineServices services{*store_, *program_, steps, nullptr, &plugins, options};
    RunRecord run = newRun(*program_, name, input, "test-run");
    run.flow = {}; // a test's one run starts at once: no debounce window or throttle to wait out
    store_->createRun(run);
    RunOutcome outcome;
    claimAndExecute(services, run.id, makeOwnerId(), outcome);
    result_.status = outcome.status;
    result_.output = outcome.output;
    result_.error = outcome.error;
  }

  void runAction(const std::string& name) {
    auto it = program_->actions.find(name);
    Json args = namedArgs(it->second->value("params", Json::array()));
    auto tx = store_->begin();
    EvalEnv env(*program_);
    env.tx = tx.get();
    env.nondeterministic = [](const std::string& fn) {
      return fn == "now" ? freshNow() : freshUuid();
    };
    try {
      result_.output = callAction(name, args, env);
      tx->commit();
      result_.status = "completed";
    } catch (const StepError& e) {
      result_.status = "failed";
      result_.error = errorJson(e);
    } catch (const std::exception& e) {
      result_.status = "failed";
      result_.error = {{"code", "error"}, {"message", e.what()}};
    }
  }

  const Json& test_;
  const TestOptions& options_;
  TestResult& result_;
  std::unique_ptr<Program> program_;
  ScratchDir scratch_;
  std::unique_ptr<Store> store_;
  std::vector<Stub> stubs_;
  Observations seen_;
};

bool selected(const std::string& name, const std::string& filter) {
  return filter.empty() || name.find(filter) != std::string::npos;
}

} // namespace

TestReport runTests(const Json& ir, const Json& tests, const TestOptions& options) {
  TestReport report;
  report.coverage = coverageOf(ir);
  for (const Json& test : tests.value("tests", Json::array())) {
    std::string name = test.value("name", std::string());
    if (!selected(name, options.filter)) {
      ++report.filteredOut;
      continue;
    }
    TestResult result;
    result.name = name;
    result.span = test.value("span", Json());
    auto start = std::chrono::steady_clock::now();
    try {
      TestRun run(ir, test, options, result);
      run.run();
      addExecuted(report.coverage, ir, run.executed());
    } catch (const std::exception& e) {
      result.failures.push_back({std::string("the test could not run: ") + e.what(), result.span});
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.passed = result.failures.empty();
    report.tests.push_back(std::move(result));
  }
  return report;
}

} // namespace locus::rt::testing
