// What `locusc plugin install | update | remove | rollback` do to a project: resolve against a
// registry, fetch, verify, stage, then commit by replacing locus.lock in one rename.
//
// The lock is the installed set: every package lives unpacked in `.locus/packages/store/<sha256>/`
// (written into a staging folder, verified, renamed into place), and the plugin loader loads what
// the lock names. So staging never touches the working set, and the rename of locus.lock swaps the
// whole set at once: a crash at any point leaves either the old lock with its packages or the new
// one with its packages. Each replaced lock is kept in `.locus/packages/history/` for `rollback`.
//
// Every package is checked before it is staged: the artifact's SHA-256 against the index (or the
// lock), its minisign signature against the registry's trusted keys in Locus.toml, and every
// file's SHA-256 against its file list (unpack.h). Downgrades below the locked version need
// allowDowngrade; an update that widens a plugin's permissions needs acceptPermissions, and the
// consent is recorded in the lock and the audit log, as is every change.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace locus::packages {

struct OperationOptions {
  std::string registry; // URL; "" = the lock's source or the default registry
  std::string channel;  // lowest channel allowed; "" = Locus.toml or "ga"
  bool allowDowngrade = false;
  bool acceptPermissions = false;
  bool offline = false;         // from the local cache only
  std::optional<long long> now; // seconds since the epoch (tests); default: the clock
  std::string coreVersion;      // for requiresCore; "" = this locusc's
};

struct OperationReport {
  bool ok = false;
  std::vector<std::string> changes;  // "+ a 1.0.0", "~ a 1.0.0 -> 1.1.0", "- b 1.0.0"
  std::vector<std::string> notes;    // informational (permissions shown, reused cache, …)
  std::vector<std::string> warnings; // name one edit away, skipped optional dependency, cycles
  std::vector<std::string> errors;   // why nothing was changed
};

// `specs`: NAME or NAME@RANGE. With no specs, installs exactly what locus.lock names (offline when
// the cache has it).
OperationReport installPackages(const std::filesystem::path& root,
                                const std::vector<std::string>& specs,
                                const OperationOptions& options);
// Re-resolves `names` (all when empty) to the newest allowed versions.
OperationReport updatePackages(const std::filesystem::path& root,
                               const std::vector<std::string>& names,
                               const OperationOptions& options);
OperationReport removePackage(const std::filesystem::path& root, const std::string& name);
// Back to the previous lock generation.
OperationReport rollbackPackages(const std::filesystem::path& root);

// Test hook for crash tests: when the environment variable LOCUS_PACKAGES_CRASH_AT names a
// point ("staged", "history", "committed"), the process kills itself there with SIGKILL.
void crashPoint(const char* name);

} // namespace locus::packages
