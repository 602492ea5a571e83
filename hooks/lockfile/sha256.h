// SHA-256 of bytes and files as lower-case hex (libsodium), the digest every package, file list
// and lock entry is named by.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace locus::lockfile {

std::string sha256Hex(std::string_view bytes);
// nullopt when the file cannot be read.
std::optional<std::string> sha256File(const std::filesystem::path& file);

} // namespace locus::lockfile
