// Small file helpers shared by the package commands (whole files in and out, binary-safe).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace locus {

std::optional<std::string> readBinaryFile(const std::filesystem::path& file);
// Writes atomically; `secret` makes the file readable by its owner only (0600). Error or "".
std::string writeBinaryFile(const std::filesystem::path& file, const std::string& bytes,
                            bool secret);

} // namespace locus
