// A hosted registry's artifacts: ROOT/artifacts/SHA256.tgz and SHA256.tgz.minisig, the same
// content-addressed layout as a directory registry, so one folder can be both. Written
// atomically (temp file + rename), so a reader never sees half a file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace locus::registry {

bool isSha256Hex(const std::string& text);

// Error text or "".
std::string storeArtifact(const std::filesystem::path& root, const std::string& sha256,
                          const std::string& archive, const std::string& signature);

// The bytes of `sha256`.tgz (or its .minisig with `signature`); nullopt when absent.
std::optional<std::string> readArtifact(const std::filesystem::path& root,
                                        const std::string& sha256, bool signature);

} // namespace locus::registry
