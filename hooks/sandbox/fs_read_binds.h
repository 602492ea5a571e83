// Turns a plugin's granted `fs.read` globs into the read-only binds of its sandbox
// (docs/design/DESIGN.md §5): the project paths that match, and nothing else, at /project/<path>. A
// folder whose every entry is granted is bound whole (one mount instead of thousands); otherwise
// each granted file is bound on its own. Protected paths (protected_paths.h) are never bound, even
// under `**`. Symlinks are never followed on the host: a granted symlink is recreated inside the
// sandbox, so `..` or an absolute target resolves there, where only granted paths exist.
#pragma once

#include "hooks/sandbox/sandbox_policy.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace locus::hooks {

struct FsReadBinds {
  std::vector<ReadOnlyBind> binds;  // sorted by target; none inside another
  std::vector<std::string> skipped; // "data/.env: protected", … (for the audit log)
};

inline constexpr std::size_t kMaxReadOnlyBinds = 512;    // beyond: grant a folder instead
inline constexpr std::size_t kMaxScannedEntries = 50000; // a walk of a huge tree stops here

// `patterns` are relative to `projectRoot` (checked at load: no `..`, not absolute).
FsReadBinds resolveFsReadBinds(const std::filesystem::path& projectRoot,
                               const std::vector<std::string>& patterns);

} // namespace locus::hooks
