#include "compiler/driver/plugin_host.h"

#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <mutex>

namespace locus {

namespace fs = std::filesystem;

fs::path projectRootOf(const std::string& input) {
  std::error_code ec;
  fs::path path = input.empty() ? fs::path(".") : fs::path(input);
  fs::path dir = fs::is_directory(path, ec) ? path : path.parent_path();
  if (dir.empty()) dir = ".";
  fs::path absolute = fs::absolute(dir, ec);
  return ec ? dir : absolute.lexically_normal();
}

PluginHost::PluginHost(fs::path projectRoot, hooks::StderrLineSink echo)
    : pool_(projectRoot, hooks::discoverPlugins(projectRoot), std::move(echo)) {}

PluginHost::PluginHost(fs::path root, hooks::PluginSet set, hooks::StderrLineSink echo)
    : pool_(std::move(root), std::move(set), std::move(echo)) {}

hooks::StderrLineSink pluginLinesToStderr() {
  auto mutex = std::make_shared<std::mutex>();
  return [mutex](const std::string& plugin, const std::string& line) {
    std::lock_guard lock(*mutex);
    llvm::errs() << "[plugin " << plugin << "] " << line << "\n";
  };
}

std::vector<hooks::Subscriber> PluginHost::subscribers(std::string_view hook) const {
  return hooks::subscribersOf(pool_.set(), hook);
}

} // namespace locus
