// `locusc lsp`: the language server on stdin/stdout (compiler/lsp/lsp_server.h); the driver adds
// what the library cannot know: the step kinds the project's plugins register.
#include "compiler/driver/commands.h"

#include "compiler/driver/plugin_host.h"
#include "compiler/lsp/lsp_server.h"

#include <unistd.h>

namespace locus {

int runLsp() {
  lsp::ServerOptions options;
  options.checkOptionsFor = [](const std::string& root) {
    CheckOptions check;
    if (root.empty()) return check;
    PluginHost host(root);
    for (const hooks::LoadedPlugin& p : host.set().plugins)
      for (const hooks::StepKindDecl& step : p.manifest.steps)
        check.pluginSteps.push_back({step.kind, p.manifest.name, step.schema});
    return check;
  };
  return lsp::runServer(STDIN_FILENO, STDOUT_FILENO, options);
}

} // namespace locus
