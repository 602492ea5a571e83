// `locus.lock`, beside Locus.toml: the exact plugin set a project installs. One [[plugin]] table
// per package, sorted by name, one key per line in a fixed order, so the file is the same bytes
// for the same set and two branches that change different plugins merge without conflict.
//
//   version = 1
//
//   [[plugin]]
//   name = "audit-fields"
//   version = "1.1.0"
//   requested = "^1.0.0"                    # the range asked for (absent for dependencies)
//   source = "file:///srv/locus-registry"   # the registry it came from
//   sha256 = "…"                            # SHA-256 of the .tgz
//   content = "…"                           # SHA-256 of its locus-package.json (the file list)
//   key = "C2A9…"                           # id of the key that signed it
//   permissions = ["network"]               # as declared by that version
//   consented = ["network"]                 # widened permissions the user accepted
//
// The lock is also the installed set: installed packages live in
// `.locus/packages/store/<sha256>/`, so replacing the lock (one rename) swaps the whole set.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locus::lockfile {

inline constexpr const char* kLockFileName = "locus.lock";

struct LockedPlugin {
  std::string name;
  std::string version;
  std::string requested; // the range the user asked for; "" for a package installed as a dependency
  std::string source;
  std::string sha256;
  std::string content;
  std::string key;
  std::vector<std::string> permissions;
  std::vector<std::string> consented;
  bool operator==(const LockedPlugin&) const = default;
};

struct Lockfile {
  std::vector<LockedPlugin> plugins; // sorted by name

  const LockedPlugin* find(std::string_view name) const;
  void put(LockedPlugin plugin); // inserts or replaces, keeping the order
  bool operator==(const Lockfile&) const = default;
};

std::string formatLockfile(const Lockfile& lock);

struct LockRead {
  std::optional<Lockfile> lock;
  std::string error; // "locus.lock:7:1: … (how to fix)" when lock is not set
};

LockRead parseLockfile(std::string_view text, const std::string& file);
// A missing file reads as an empty lock.
LockRead readLockfile(const std::filesystem::path& file);

// Where an installed package's files are: `.locus/packages/store/<sha256>/`.
std::filesystem::path packageStoreDir(const std::filesystem::path& projectRoot);
std::filesystem::path installedDir(const std::filesystem::path& projectRoot,
                                   const LockedPlugin& plugin);

// Checks an installed package against its lock entry before it may start: its file list must be
// the one the lock names, and every file must still have its listed SHA-256. "" when intact,
// otherwise the problem naming the file.
std::string checkInstalledFiles(const std::filesystem::path& dir, const LockedPlugin& plugin);

} // namespace locus::lockfile
