// `locusc lsp`: the language server on stdin/stdout (compiler/lsp/lsp_server.h); the driver adds
// what the library cannot know: the project's plugins. Their step kinds join the checker's, and
// their onPostValidate diagnostics come from workers kept warm for the server's lifetime.
#include "compiler/driver/commands.h"

#include "compiler/driver/plugin_build.h"
#include "compiler/driver/plugin_diagnostics.h"
#include "compiler/driver/plugin_host.h"
#include "compiler/lsp/lsp_server.h"
#include "hooks/dispatch/optional_failures.h"

#include <unistd.h>

namespace locus {

namespace {

CheckOptions pluginCheckOptions(const PluginHost& host) {
  CheckOptions check;
  for (const hooks::LoadedPlugin& p : host.set().plugins)
    for (const hooks::StepKindDecl& step : p.manifest.steps)
      check.pluginSteps.push_back({step.kind, p.manifest.name, step.schema});
  return check;
}

// The payloads are written now, on the server's thread; the calls run in the background.
lsp::LateCheck postValidateCheck(PluginHost& host, const ast::File& program,
                                 std::shared_ptr<const SourceSet> sources) {
  std::vector<PostValidateCall> calls = postValidateCalls(host, program, *sources);
  bool problems = !host.set().problems.empty();
  if (calls.empty() && !problems) return {};
  return [&host, sources = std::move(sources), calls = std::move(calls)] {
    DiagnosticSink sink;
    reportLoadProblems(host.set(), sink);
    PendingPluginDiagnostics pending;
    sendPostValidate(host, calls, pending);
    hooks::degradeOptionalFailures(pending.items, host.set());
    reportPluginDiagnostics(pending.items, *sources, host.root().string(), sink);
    return sink.all();
  };
}

} // namespace

int runLsp() {
  std::unique_ptr<PluginHost> host; // one for the server's lifetime: its workers stay warm
  lsp::ServerOptions options;
  options.checkOptionsFor = [&host](const std::string& root) {
    if (root.empty()) return CheckOptions{};
    host = std::make_unique<PluginHost>(root);
    return pluginCheckOptions(*host);
  };
  options.lateCheckFor = [&host](const ast::File& program,
                                 std::shared_ptr<const SourceSet> sources) -> lsp::LateCheck {
    if (!host) return {};
    return postValidateCheck(*host, program, std::move(sources));
  };
  int status = lsp::runServer(STDIN_FILENO, STDOUT_FILENO, options);
  if (host) host->shutdownAll();
  return status;
}

} // namespace locus
