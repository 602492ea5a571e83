#include "compiler/driver/deploy_hooks.h"

#include "hooks/dispatch/invoke.h"
#include "hooks/dispatch/notify.h"
#include "hooks/dispatch/transforms.h"

#include <fstream>

namespace locus {

namespace {

// "" when every file was written, else the first failure. An existing file is replaced, not
// rewritten: it may be a hard link shared with an older release (command_deploy.cpp).
std::string writeFiles(const hooks::FileSet& files, const std::filesystem::path& root) {
  for (const auto& [path, content] : files) {
    std::filesystem::path file = root / path;
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::filesystem::remove(file, ec);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) return "cannot write " + file.string();
  }
  return "";
}

} // namespace

void runOnDeploy(PluginHost& host, const std::string& phase, const nlohmann::json& target,
                 const std::filesystem::path& releaseDir, PendingPluginDiagnostics& pending) {
  const std::string hook = "onDeploy";
  std::vector<hooks::Subscriber> subs = host.subscribers(hook);
  if (subs.empty()) return;
  nlohmann::json params = {{"phase", phase}, {"target", target}};
  std::vector<hooks::PluginDiagnostic> out;
  hooks::AuditBatch audit;
  hooks::DispatchContext ctx = host.context();
  for (const hooks::Subscriber& sub : subs) {
    auto result = hooks::invokePlugin(ctx, sub, hook, params, hooks::Severity::Error, out, audit);
    if (!result || phase != "prepare" || !result->contains("files")) continue;
    std::optional<hooks::FileSet> files = hooks::readFileSet(*result, sub, hook, releaseDir, out);
    if (!files) continue;
    if (std::string problem = writeFiles(*files, releaseDir); !problem.empty())
      out.push_back(hooks::hostDiagnostic(sub, hook, hooks::DiagnosticOrigin::Host, "RELEASE_WRITE",
                                          problem));
  }
  audit.flush(ctx, out, hook);
  pending.add(std::move(out));
}

void runOnRollback(PluginHost& host, const std::string& phase, const nlohmann::json& target,
                   PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onRollback");
  if (subs.empty()) return;
  pending.add(hooks::collectDiagnostics(host.context(), subs, "onRollback",
                                        {{"phase", phase}, {"target", target}}));
}

} // namespace locus
