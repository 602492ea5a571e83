#include "runtime/dev/node_toolchain.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace locus::dev {

namespace fs = std::filesystem;

namespace {

std::string onPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

bool hasPinnedPackages(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "next" / "package.json", ec) &&
         fs::exists(dir / "express" / "package.json", ec) &&
         fs::exists(dir / "typescript" / "bin" / "tsc", ec);
}

} // namespace

bool findNodeToolchain(NodeToolchain& out, std::string& error) {
  const char* node = std::getenv("LOCUS_NODE");
  out.node = node && *node ? node : onPath("node");
  if (out.node.empty()) {
    error = "`node` is not on PATH (install Node.js 20, e.g. with scripts/setup.sh, or set "
            "LOCUS_NODE)";
    return false;
  }
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("LOCUS_NODE_MODULES"); env && *env) candidates.push_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share/locus/node/node_modules");
#ifdef LOCUS_SOURCE_NODE_MODULES
  candidates.push_back(LOCUS_SOURCE_NODE_MODULES);
#endif
  for (const fs::path& c : candidates)
    if (hasPinnedPackages(c)) {
      out.nodeModules = fs::canonical(c, ec).string();
      return true;
    }
  error = "the pinned Node packages are not installed (run scripts/setup.sh, which installs "
          "scripts/node, or set LOCUS_NODE_MODULES to a node_modules folder with next, express, "
          "pg and typescript)";
  return false;
}

bool linkNodeModules(const NodeToolchain& toolchain, const std::string& appDir,
                     std::string& error) {
  fs::path link = fs::path(appDir) / "node_modules";
  std::error_code ec;
  if (fs::is_symlink(link, ec)) {
    if (fs::read_symlink(link, ec) == toolchain.nodeModules) return true;
    fs::remove(link, ec);
  } else if (fs::exists(link, ec)) {
    return true;
  }
  fs::create_directory_symlink(toolchain.nodeModules, link, ec);
  if (ec) error = "cannot link " + link.string() + " to the Node packages: " + ec.message();
  return !ec;
}

} // namespace locus::dev
