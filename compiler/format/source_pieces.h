// A .locus file as the formatter sees it: its tokens, its comments (the lexer skips them, so they
// are recovered from the gaps between tokens) and the regions it must copy byte for byte (markup
// inside `ui { … }` / implicit ui bodies and raw CSS in `style_override { … }`, where whitespace
// is part of the tokens' text and so of the program's meaning).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locus::format {

struct Piece {
  enum class Kind { Token, LineComment, BlockComment, Verbatim };
  Kind kind = Kind::Token;
  size_t type = 0;          // the LocusLexer token type (Verbatim: the type of its first token)
  std::string_view text;    // a slice of the source (line comments without trailing blanks)
  unsigned newlines = 0;    // line breaks in the source between the previous piece and this one
  bool spaced = false;      // any whitespace in the source before this piece
  bool closesBlock = false; // Verbatim: ends with the `}` closing a block opened before it
};

struct PieceList {
  std::vector<Piece> pieces;
  std::string error; // non-empty when the text has lexical errors (nothing can be formatted)
};

// Splits `text` into pieces. Lexical errors (an unterminated string or comment, a stray byte)
// give an error instead: only text that lexes cleanly is formatted.
PieceList splitPieces(std::string_view text);

// True when the two pieces' kinds, token types and texts are equal, in order: the formatter only
// changes the whitespace between pieces, and this is how it checks that it did nothing else.
bool samePieces(const std::vector<Piece>& a, const std::vector<Piece>& b);

} // namespace locus::format
