// `locusc fmt`: the one canonical layout of a .locus file. Only the whitespace between tokens and
// comments changes; tokens, comments and markup/CSS regions are kept byte for byte, so the AST is
// the same before and after (tests/e2e/tools_fmt_test.cpp proves it on every corpus file).
//
// The layout: two spaces of indentation per open bracket line, the source's line breaks kept (at
// most one blank line in a row, none after `{` or before `}`), one space or none between tokens by
// fixed rules (`a, b`, `x = 1`, `f(a)`, `{ a: 1 }`, `a.b`, `@unique`), and where a token could be
// either (`-x` / `a - b`, `String?` / `a ? b : c`, `image/png`) whether the source had a space.
// Comments stay where they were, one space before a trailing one.
#pragma once

#include "compiler/diagnostics/diagnostic.h"

#include <string>
#include <string_view>

namespace locus::format {

struct FormatResult {
  bool ok = false;
  std::string text;    // the formatted file (ok)
  bool unsafe = false; // the layout would not have kept the program (a formatter bug; left as is)
};

// Formats one file. A layout that would not re-lex to the same tokens and comments is never
// returned (ok is false and `unsafe` true), so fmt cannot change a program: the parser sees the
// same token stream before and after, whatever it makes of it. A file with syntax errors is
// therefore formatted too (its errors stay the same); one with lexical errors (an unterminated
// string or comment, a stray character) is not: its diagnostics go to `sink` (spans in `file`).
FormatResult formatSource(FileId file, std::string_view text, DiagnosticSink& sink);

// The layout alone (ok is false when the text does not lex cleanly), without diagnostics.
FormatResult layoutSource(std::string_view text);

} // namespace locus::format
