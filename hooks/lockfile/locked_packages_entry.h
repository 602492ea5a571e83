// The audit entry naming the exact plugin packages a build runs: every plugin locus.lock names,
// with the SHA-256 of its package and of its file list. The plugin loader starts a locked plugin
// only while its installed files match those hashes, so the entry names the code that ran.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace locus::lockfile {

// {"event": event, "packages": [{"name", "version", "sha256", "content", "key", "source"}]}, or
// nullopt when the project has no lock, an unreadable one, or one without plugins.
std::optional<nlohmann::json> lockedPackagesEntry(const std::filesystem::path& projectRoot,
                                                  const std::string& event);

} // namespace locus::lockfile
