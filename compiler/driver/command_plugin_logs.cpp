// `locusc plugin logs NAME`: what a plugin wrote to stderr in earlier builds, runs and tests.
#include "compiler/driver/commands.h"
#include "compiler/driver/plugin_host.h"
#include "hooks/logs/plugin_log.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

int runPluginLogs(const std::string& project, const std::string& name, unsigned lines) {
  const std::filesystem::path root = projectRootOf(project);
  std::vector<std::string> text = hooks::readPluginLog(root, name, lines);
  if (text.empty()) {
    llvm::errs() << "locusc: no log for plugin '" << name << "' in "
                 << hooks::pluginLogPath(root, name).string()
                 << " (it has not written to stderr yet, or it is not this project's)\n";
    return 1;
  }
  for (const std::string& line : text) llvm::outs() << line << "\n";
  return 0;
}

} // namespace locus
