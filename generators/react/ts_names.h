// Spelling Locus names and literals as TypeScript source.
#pragma once

#include <string>

namespace locus::react {

// A TypeScript string literal (JSON rules: double quotes, escapes; valid TS).
std::string tsString(const std::string& text);

// `name` when it is a valid identifier that is not a reserved word, else `name_`.
std::string safeIdent(const std::string& name);

bool isIdentifier(const std::string& name);

// An object-literal key: bare when it is an identifier, else quoted.
std::string tsKey(const std::string& name);

// `click` → `Click`.
std::string capitalize(const std::string& name);

} // namespace locus::react
