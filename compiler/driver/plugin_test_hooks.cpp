#include "compiler/driver/plugin_test_hooks.h"

#include "hooks/dispatch/notify.h"

#include <set>

namespace locus {

namespace {

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

} // namespace

void runOnTest(PluginHost& host, nlohmann::json results, const SourceSet& sources,
               PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onTest");
  if (subs.empty()) return;
  nlohmann::json params = payload("results", std::move(results), sources, host.root());
  params["phase"] = "finished";
  pending.add(hooks::collectDiagnostics(host.context(), subs, "onTest", std::move(params)));
}

void runOnCoverage(PluginHost& host, nlohmann::json coverage, const SourceSet& sources,
                   PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onCoverage");
  if (subs.empty()) return;
  pending.add(
      hooks::notifyObservers(host.context(), subs, "onCoverage",
                             payload("coverage", std::move(coverage), sources, host.root())));
}

} // namespace locus
