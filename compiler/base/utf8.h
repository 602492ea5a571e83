// UTF-8 validation of source files.
#pragma once

#include <string_view>

namespace locus {

// Offset of the first byte that does not start a valid UTF-8 sequence (overlongs, surrogates
// and code points above U+10FFFF are invalid), or std::string_view::npos if the text is valid.
size_t firstInvalidUtf8(std::string_view text);

} // namespace locus
