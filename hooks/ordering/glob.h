// Path and name globs for host-side filters and declared outputs:
//   `*` any characters except '/', `**` any characters including '/' (a whole `**/` segment
//   also matches nothing), `?` one character except '/', `[abc]`/`[a-z]`/`[!a]` one character
//   of a set. Everything else matches itself. Matching is on the whole string.
#pragma once

#include <string_view>

namespace locus::hooks {

bool globMatch(std::string_view pattern, std::string_view text);

} // namespace locus::hooks
