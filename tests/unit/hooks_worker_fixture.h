// Scratch plugin folders for the plugin host tests: a fixture from tests/fixtures/plugins plus the
// SDK file it imports, copied into a fresh folder with a `.locus/workspaces/<name>/` beside it.
#pragma once

#include "hooks/worker/plugin_worker.h"

#include <filesystem>
#include <string>
#include <unistd.h>

namespace locus::test {

struct ScratchPlugin {
  std::filesystem::path root;      // removed by the destructor
  std::filesystem::path pluginDir; // root/plugin
  std::filesystem::path workspaceDir;

  ScratchPlugin(const std::string& fixture, const std::string& name,
                const std::vector<std::string>& extraFiles = {}) {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "locus-plugin-test-XXXXXX").string();
    root = mkdtemp(pattern.data());
    pluginDir = root / "plugin";
    workspaceDir = root / ".locus" / "workspaces" / name;
    fs::path source = fs::path(LOCUS_SOURCE_DIR) / "tests/fixtures/plugins" / fixture;
    fs::copy(source, pluginDir, fs::copy_options::recursive);
    for (const std::string& file : extraFiles)
      fs::copy_file(file, pluginDir / fs::path(file).filename());
  }
  ~ScratchPlugin() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }

  hooks::WorkerOptions options(const std::string& name, std::vector<std::string> entry) const {
    hooks::WorkerOptions options;
    options.pluginName = name;
    options.policy.pluginDir = pluginDir.string();
    options.policy.workspaceDir = workspaceDir.string();
    options.policy.entry = std::move(entry);
    return options;
  }
};

inline std::string sdkFile(const std::string& name) {
  return std::string(LOCUS_SOURCE_DIR) + "/hooks/sdk/" + name;
}

inline hooks::Deadline in(std::chrono::milliseconds time) {
  return std::chrono::steady_clock::now() + time;
}

} // namespace locus::test
