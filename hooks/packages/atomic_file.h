// Writing a file so that readers (and a crash) see either the old or the new content: write a
// temporary file beside it, fsync, rename over the target, fsync the folder.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace locus::packages {

std::string writeFileAtomically(const std::filesystem::path& file, std::string_view bytes,
                                unsigned mode = 0644);

// rename(2) of a finished folder into place, then fsync of the parent; error text or "".
std::string renameDurably(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace locus::packages
