// Parsing pieces shared by versions and ranges: numbers and prerelease/build identifiers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locus::semver::detail {

// A decimal component without leading zeros, at most kMaxComponent.
std::optional<std::uint64_t> parseNumber(std::string_view text, const char* what,
                                         std::string* error);

// Dot-separated identifiers of [0-9A-Za-z-]; numeric prerelease identifiers may not have
// leading zeros (`numericRule`), build identifiers may.
std::optional<std::vector<std::string>> parseIdentifiers(std::string_view text, bool numericRule,
                                                         const char* what, std::string* error);

bool isNumeric(std::string_view identifier);

} // namespace locus::semver::detail
