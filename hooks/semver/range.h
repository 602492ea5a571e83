// npm-style version ranges (https://github.com/npm/node-semver#ranges), the syntax plugin authors
// already know: comparators `< <= > >= =`, x-ranges (`1.x`, `1.2.*`, `*`), partial versions
// (`1.2`), tilde (`~1.2.3`), caret (`^1.2.3`), hyphen ranges (`1.2.3 - 2.3.4`), a space between
// comparators meaning "and", and `||` meaning "or".
//
// Every range is desugared into plain comparators when parsed, so `str()` shows exactly what is
// tested (e.g. `^0.2.3` → `>=0.2.3 <0.3.0-0`).
//
// Prerelease rule (as npm): a version with a prerelease tag, e.g. 1.3.0-beta.1, satisfies a
// comparator set only if some comparator in that set names the same MAJOR.MINOR.PATCH with a
// prerelease tag too. So `^1.2.3` never picks up 1.9.0-beta by accident, while
// `>=1.3.0-beta.0 <2.0.0` does accept 1.3.0-beta.1. `includePrerelease` turns the rule off.
#pragma once

#include "hooks/semver/version.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace locus::semver {

enum class Op { Any, Equal, Less, LessEqual, Greater, GreaterEqual };

struct Comparator {
  Op op = Op::Any;
  Version version; // unused for Op::Any
  std::string str() const;
};

// A disjunction (||) of conjunctions (space-separated comparators).
struct Range {
  std::vector<std::vector<Comparator>> sets;
  std::string str() const;
};

struct RangeOptions {
  bool includePrerelease = false;
};

// Parses a range. On failure returns nullopt and, if `error` is given, what is wrong and where,
// e.g. "'^1.2.x.4': a version has three numbers (MAJOR.MINOR.PATCH), not more".
std::optional<Range> parseRange(std::string_view text, std::string* error = nullptr,
                                RangeOptions options = {});

bool satisfies(const Version& version, const Range& range, RangeOptions options = {});

// The highest (lowest) of `versions` that satisfies `range`, if any — what a resolver picks.
std::optional<Version> maxSatisfying(const std::vector<Version>& versions, const Range& range,
                                     RangeOptions options = {});
std::optional<Version> minSatisfying(const std::vector<Version>& versions, const Range& range,
                                     RangeOptions options = {});

} // namespace locus::semver
