// Earlier generations of locus.lock, kept in `.locus/packages/history/NNNNNN.lock` for
// `locusc plugin rollback` (the newest 20 are kept).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace locus::packages {

// Saves the current locus.lock (an empty lock when there is none) as the next generation.
std::string pushLockHistory(const std::filesystem::path& root);

struct LockGeneration {
  int generation = 0;
  std::filesystem::path file;
  std::string text;
};

// The newest generation whose text differs from `current` (a crash between saving the history and
// replacing the lock can leave a copy of the current lock on top).
std::optional<LockGeneration> previousLockGeneration(const std::filesystem::path& root,
                                                     const std::string& current);
// Removes generation `generation` and every newer one.
void dropLockGenerationsFrom(const std::filesystem::path& root, int generation);

} // namespace locus::packages
