// Paths of generated files returned by plugins (onPostGenerate, plugin generators): they must be
// relative, '/'-separated, free of `..`, `.`, empty components and NUL, and stay under the
// output root even through symlinks that already exist there.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace locus::hooks {

// "" when `path` is acceptable, else why not.
std::string generatedPathProblem(std::string_view path);

// As above, plus: `outputRoot / path` must resolve (following existing symlinks) inside
// `outputRoot`. An empty root skips that part.
std::string generatedPathProblem(std::string_view path, const std::filesystem::path& outputRoot);

} // namespace locus::hooks
