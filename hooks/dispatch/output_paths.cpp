#include "hooks/dispatch/output_paths.h"

#include <algorithm>

namespace locus::hooks {

namespace fs = std::filesystem;

std::string generatedPathProblem(std::string_view path) {
  if (path.empty()) return "the path is empty";
  if (path.find('\0') != std::string_view::npos) return "the path contains a NUL byte";
  if (path.front() == '/') return "the path is absolute; return paths relative to the output root";
  if (path.find('\\') != std::string_view::npos) return "the path contains '\\'; use '/'";
  if (path.size() > 4096) return "the path is longer than 4096 bytes";
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    std::string_view part =
        path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part == "..") return "the path contains '..'; it must stay under the output root";
    if (part.empty() || part == ".")
      return "the path has an empty or '.' component; write it in normal form";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return "";
}

std::string generatedPathProblem(std::string_view path, const fs::path& outputRoot) {
  if (std::string why = generatedPathProblem(path); !why.empty()) return why;
  if (outputRoot.empty()) return "";
  std::error_code ec;
  fs::path root = fs::weakly_canonical(outputRoot, ec);
  if (ec) return "";
  fs::path target = fs::weakly_canonical(outputRoot / fs::path(std::string(path)), ec);
  if (ec) return "";
  auto [r, t] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  if (r != root.end())
    return "the path leads outside the output root through a symlink (" + target.string() + ")";
  return "";
}

} // namespace locus::hooks
