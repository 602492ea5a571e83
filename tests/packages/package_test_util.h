// Temporary folders, files and a signed plugin for the package tests.
#pragma once

#include "hooks/packages/minisign.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace locus::packages::testing {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "locus-pkg-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

inline void writeText(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

inline std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A minimal valid plugin folder: NAME VERSION with optional extra manifest fields (JSON text
// without braces, e.g. "\"permissions\": {\"network\": true}").
inline fs::path makePlugin(const fs::path& dir, const std::string& name, const std::string& version,
                           const std::string& extra = "") {
  fs::create_directories(dir);
  writeText(dir / "locus-plugin.json",
            "{\"name\": \"" + name + "\", \"version\": \"" + version +
                "\", \"requiresCore\": \">=0.0.0\", \"protocol\": 1, \"entry\": [\"python3\", "
                "\"main.py\"], \"hooks\": {\"onPostValidate\": {}}" +
                (extra.empty() ? "" : ", " + extra) + "}\n");
  writeText(dir / "main.py", "print('hello from " + name + " " + version + "')\n");
  return dir;
}

} // namespace locus::packages::testing
