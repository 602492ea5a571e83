#include "hooks/packages/lock_history.h"

#include "compiler/base/file_bytes.h"

#include "hooks/lockfile/lockfile.h"
#include "hooks/packages/atomic_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace locus::packages {

namespace fs = std::filesystem;

namespace {

constexpr int kKeptGenerations = 20;

fs::path historyDir(const fs::path& root) {
  return root / ".locus" / "packages" / "history";
}

// (generation, file), ascending.
std::vector<std::pair<int, fs::path>> generations(const fs::path& root) {
  std::vector<std::pair<int, fs::path>> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(historyDir(root), ec)) {
    std::string stem = e.path().stem().string();
    if (e.path().extension() != ".lock" || stem.empty() ||
        !std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    out.emplace_back(std::stoi(stem), e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string readText(const fs::path& p) {
  return readFileBytes(p.string()).value_or("");
}

} // namespace

std::string pushLockHistory(const fs::path& root) {
  std::error_code ec;
  fs::create_directories(historyDir(root), ec);
  if (ec) return historyDir(root).string() + ": " + ec.message();
  fs::path lock = root / lockfile::kLockFileName;
  std::string text = fs::exists(lock, ec) ? readText(lock) : lockfile::formatLockfile({});
  std::vector<std::pair<int, fs::path>> gens = generations(root);
  int next = gens.empty() ? 1 : gens.back().first + 1;
  char name[32];
  std::snprintf(name, sizeof name, "%06d.lock", next);
  if (std::string err = writeFileAtomically(historyDir(root) / name, text); !err.empty())
    return err;
  for (std::size_t i = 0; i + kKeptGenerations < gens.size() + 1; ++i)
    fs::remove(gens[i].second, ec);
  return "";
}

std::optional<LockGeneration> previousLockGeneration(const fs::path& root,
                                                     const std::string& current) {
  std::vector<std::pair<int, fs::path>> gens = generations(root);
  for (auto it = gens.rbegin(); it != gens.rend(); ++it) {
    std::string text = readText(it->second);
    if (text != current) return LockGeneration{it->first, it->second, text};
  }
  return std::nullopt;
}

void dropLockGenerationsFrom(const fs::path& root, int generation) {
  std::error_code ec;
  for (const auto& [gen, file] : generations(root))
    if (gen >= generation) fs::remove(file, ec);
}

} // namespace locus::packages
