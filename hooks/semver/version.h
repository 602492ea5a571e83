// A Semantic Versioning 2.0.0 version (https://semver.org): MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD].
// Shared by the plugin host (`requiresCore`) and the package manager (dependency ranges).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locus::semver {

struct Version {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::vector<std::string> prerelease; // dot-separated identifiers after '-'
  std::vector<std::string> build;      // after '+'; ignored when comparing

  bool isPrerelease() const { return !prerelease.empty(); }
  std::string str() const; // canonical text, build metadata included
};

// Precedence by SemVer §11: numbers, then prerelease (a release ranks above its prereleases;
// numeric identifiers compare as numbers and rank below alphanumeric ones). Build is ignored.
std::strong_ordering compare(const Version& a, const Version& b);
inline bool operator==(const Version& a, const Version& b) {
  return compare(a, b) == 0;
}
inline std::strong_ordering operator<=>(const Version& a, const Version& b) {
  return compare(a, b);
}

// Largest numeric component we accept (JavaScript's Number.MAX_SAFE_INTEGER, as npm does), so a
// version written by one tool means the same in every other.
inline constexpr std::uint64_t kMaxComponent = 9007199254740991ULL;
inline constexpr std::size_t kMaxLength = 256;

// Parses a full version. A leading "v" or "=" is accepted (npm accepts both). On failure returns
// nullopt and, if `error` is given, a message saying what is wrong, e.g. "minor version is
// missing".
std::optional<Version> parseVersion(std::string_view text, std::string* error = nullptr);

} // namespace locus::semver
