#include "compiler/driver/plugin_host.h"

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

PluginHost::PluginHost(fs::path projectRoot)
    : pool_(projectRoot, hooks::discoverPlugins(projectRoot)) {}

PluginHost::PluginHost(fs::path root, hooks::PluginSet set)
    : pool_(std::move(root), std::move(set)) {}

std::vector<hooks::Subscriber> PluginHost::subscribers(std::string_view hook) const {
  return hooks::subscribersOf(pool_.set(), hook);
}

} // namespace locus
