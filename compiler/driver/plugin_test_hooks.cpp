#include "compiler/driver/plugin_test_hooks.h"

#include "hooks/dispatch/notify.h"
#include "runtime/testing/test_coverage.h"

#include <set>

namespace locus {

namespace {

namespace testing = rt::testing;

// Every `file` value that names a loaded source file, made relative to the project root (the
// test reports keep the paths as given on the command line, like the diagnostics).
void relativeFiles(nlohmann::json& value, const std::set<std::string>& sourcePaths,
                   const std::filesystem::path& root) {
  if (value.is_array()) {
    for (nlohmann::json& item : value) relativeFiles(item, sourcePaths, root);
    return;
  }
  if (!value.is_object()) return;
  for (auto& [key, item] : value.items()) {
    if (key == "file" && item.is_string() && sourcePaths.count(item.get<std::string>()))
      item = projectRelative(item.get<std::string>(), root);
    else
      relativeFiles(item, sourcePaths, root);
  }
}

nlohmann::json payload(const char* key, nlohmann::json value, const SourceSet& sources,
                       const std::filesystem::path& root) {
  std::set<std::string> paths;
  for (size_t id = 0; id < sources.size(); ++id)
    paths.insert(sources.file(static_cast<FileId>(id)).path);
  relativeFiles(value, paths, root);
  return {{key, std::move(value)}};
}

// Why a test failed, in one line per failed `expect` (the run's error when no expect failed).
std::string failureMessage(const testing::TestResult& t) {
  std::string message;
  for (const testing::TestFailure& f : t.failures)
    message += (message.empty() ? "" : "\n") + f.message;
  if (message.empty() && !t.passed && t.error.is_object())
    message = t.error.value("message", t.error.dump());
  return message;
}

nlohmann::json testResult(const testing::TestResult& t) {
  nlohmann::json failures = nlohmann::json::array();
  for (const testing::TestFailure& f : t.failures) {
    nlohmann::json j = {{"message", f.message}};
    if (f.span.is_object()) {
      j["file"] = f.span.value("file", std::string());
      j["line"] = f.span.value("line", 0);
    }
    failures.push_back(std::move(j));
  }
  nlohmann::json j = {{"name", t.name},
                      {"status", t.passed ? "passed" : "failed"},
                      {"message", failureMessage(t)},
                      {"durationMs", t.seconds * 1000}};
  if (t.span.is_object()) {
    j["file"] = t.span.value("file", std::string());
    j["line"] = t.span.value("line", 0);
  }
  j["runStatus"] = t.status;
  j["steps"] = t.path;
  j["failures"] = std::move(failures);
  return j;
}

} // namespace

nlohmann::json testResultsPayload(const testing::TestReport& report) {
  nlohmann::json tests = nlohmann::json::array();
  for (const testing::TestResult& t : report.tests) tests.push_back(testResult(t));
  return {{"tests", std::move(tests)},
          {"passed", report.tests.size() - report.failed()},
          {"failed", report.failed()},
          {"filteredOut", report.filteredOut}};
}

void runOnTest(PluginHost& host, const testing::TestReport& report, const SourceSet& sources,
               PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onTest");
  if (subs.empty()) return;
  nlohmann::json params = payload("results", testResultsPayload(report), sources, host.root());
  params["phase"] = "finished";
  pending.add(hooks::collectDiagnostics(host.context(), subs, "onTest", std::move(params)));
}

void runOnCoverage(PluginHost& host, const testing::Coverage& coverage, const SourceSet& sources,
                   PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onCoverage");
  if (subs.empty()) return;
  pending.add(hooks::notifyObservers(
      host.context(), subs, "onCoverage",
      payload("coverage", testing::coverageJson(coverage), sources, host.root())));
}

} // namespace locus
