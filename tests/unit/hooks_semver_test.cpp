// The semver module (hooks/semver): versions, precedence, npm-style ranges and the prerelease
// rule. The tables follow the behaviour of npm's node-semver so plugin and package authors get
// what they already expect.
#include "hooks/semver/range.h"
#include "hooks/semver/version.h"

#include <gtest/gtest.h>

using namespace locus::semver;

namespace {

Version v(const char* text) {
  std::string error;
  auto parsed = parseVersion(text, &error);
  EXPECT_TRUE(parsed) << text << ": " << error;
  return parsed.value_or(Version{});
}

Range r(const char* text, RangeOptions o = {}) {
  std::string error;
  auto parsed = parseRange(text, &error, o);
  EXPECT_TRUE(parsed) << text << ": " << error;
  return parsed.value_or(Range{});
}

} // namespace

TEST(HooksSemverVersion, ParsesValidVersions) {
  struct Case {
    const char* text;
    const char* canonical;
  } cases[] = {
      {"0.0.0", "0.0.0"},
      {"1.2.3", "1.2.3"},
      {"v1.2.3", "1.2.3"},
      {"=1.2.3", "1.2.3"},
      {"10.20.30", "10.20.30"},
      {"1.0.0-alpha", "1.0.0-alpha"},
      {"1.0.0-alpha.1", "1.0.0-alpha.1"},
      {"1.0.0-0.3.7", "1.0.0-0.3.7"},
      {"1.0.0-x.7.z.92", "1.0.0-x.7.z.92"},
      {"1.0.0-x-y-z.--", "1.0.0-x-y-z.--"},
      {"1.0.0+20130313144700", "1.0.0+20130313144700"},
      {"1.0.0-beta+exp.sha.5114f85", "1.0.0-beta+exp.sha.5114f85"},
      {"1.0.0+0001", "1.0.0+0001"}, // build identifiers may have leading zeros
      {"9007199254740991.0.0", "9007199254740991.0.0"},
  };
  for (const Case& c : cases) EXPECT_EQ(v(c.text).str(), c.canonical) << c.text;
}

TEST(HooksSemverVersion, RejectsInvalidVersionsWithAReason) {
  struct Case {
    const char* text;
    const char* reason;
  } cases[] = {
      {"", "empty"},
      {"1", "minor version is missing"},
      {"1.2", "patch version is missing"},
      {"1.2.3.4", "three numbers"},
      {"01.2.3", "leading zero"},
      {"1.02.3", "leading zero"},
      {"1.2.03", "leading zero"},
      {"1.2.3-01", "leading zero"},
      {"1.2.3-", "empty prerelease identifier"},
      {"1.2.3-a..b", "empty prerelease identifier"},
      {"1.2.3+", "empty build identifier"},
      {"1.2.3-al$pha", "letters, digits and '-'"},
      {"a.b.c", "not a number"},
      {"1.2.x", "not a number"},
      {"-1.2.3", "not a number"},
      {"1.2.3 ", "not a number"},
      {"9007199254740992.0.0", "too large"},
      {"99999999999999999999999.0.0", "too large"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(parseVersion(c.text, &error)) << c.text;
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.text << " → " << error;
  }
  std::string huge(300, '1');
  std::string error;
  EXPECT_FALSE(parseVersion(huge, &error));
  EXPECT_NE(error.find("longer than"), std::string::npos);
}

TEST(HooksSemverVersion, PrecedenceFollowsSemVerSection11) {
  // semver.org §11's own example chain, plus number ordering that string order would get wrong.
  const char* ascending[] = {
      "0.0.1",      "0.1.0",        "1.0.0-0",       "1.0.0-9",
      "1.0.0-10",   "1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta",
      "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
      "1.0.0",      "1.0.1",        "1.2.0",         "1.10.0",
      "2.0.0",      "10.0.0",
  };
  for (std::size_t i = 0; i + 1 < std::size(ascending); ++i) {
    EXPECT_LT(v(ascending[i]), v(ascending[i + 1])) << ascending[i] << " < " << ascending[i + 1];
    EXPECT_GT(v(ascending[i + 1]), v(ascending[i]));
  }
  EXPECT_EQ(v("1.0.0+build.1"), v("1.0.0+build.2")); // build metadata does not count
  EXPECT_EQ(v("v1.0.0"), v("1.0.0"));
}

TEST(HooksSemverRange, DesugarsToPlainComparators) {
  struct Case {
    const char* range;
    const char* desugared;
  } cases[] = {
      // x-ranges and partial versions
      {"", "*"},
      {"*", "*"},
      {"x", "*"},
      {"X", "*"},
      {"1", ">=1.0.0 <2.0.0-0"},
      {"1.x", ">=1.0.0 <2.0.0-0"},
      {"1.x.x", ">=1.0.0 <2.0.0-0"},
      {"1.2", ">=1.2.0 <1.3.0-0"},
      {"1.2.*", ">=1.2.0 <1.3.0-0"},
      {"1.2.3", "1.2.3"},
      {"=1.2.3", "1.2.3"},
      {"v1.2.3", "1.2.3"},
      {"=v1.2.3", "1.2.3"},
      // primitives
      {">1.2.3", ">1.2.3"},
      {">=1.2.3", ">=1.2.3"},
      {"<1.2.3", "<1.2.3"},
      {"<=1.2.3", "<=1.2.3"},
      {">= 1.2.3", ">=1.2.3"},
      {">1", ">=2.0.0"},
      {">1.2", ">=1.3.0"},
      {">=1.2", ">=1.2.0"},
      {"<1.2", "<1.2.0-0"},
      {"<=1.2", "<1.3.0-0"},
      {"<=1", "<2.0.0-0"},
      {">*", "<0.0.0-0"},
      {"<x", "<0.0.0-0"},
      {">=*", "*"},
      // tilde
      {"~1.2.3", ">=1.2.3 <1.3.0-0"},
      {"~1.2", ">=1.2.0 <1.3.0-0"},
      {"~1", ">=1.0.0 <2.0.0-0"},
      {"~0.2.3", ">=0.2.3 <0.3.0-0"},
      {"~0.2", ">=0.2.0 <0.3.0-0"},
      {"~0", ">=0.0.0 <1.0.0-0"},
      {"~1.2.3-beta.2", ">=1.2.3-beta.2 <1.3.0-0"},
      {"~>1.2.3", ">=1.2.3 <1.3.0-0"},
      {"~ 1.2.3", ">=1.2.3 <1.3.0-0"},
      {"~*", "*"},
      // caret
      {"^1.2.3", ">=1.2.3 <2.0.0-0"},
      {"^0.2.3", ">=0.2.3 <0.3.0-0"},
      {"^0.0.3", ">=0.0.3 <0.0.4-0"},
      {"^1.2.3-beta.2", ">=1.2.3-beta.2 <2.0.0-0"},
      {"^0.0.3-beta", ">=0.0.3-beta <0.0.4-0"},
      {"^1.2.x", ">=1.2.0 <2.0.0-0"},
      {"^1.2", ">=1.2.0 <2.0.0-0"},
      {"^0.0.x", ">=0.0.0 <0.1.0-0"},
      {"^0.0", ">=0.0.0 <0.1.0-0"},
      {"^1.x", ">=1.0.0 <2.0.0-0"},
      {"^0.x", ">=0.0.0 <1.0.0-0"},
      {"^ 1.2.3", ">=1.2.3 <2.0.0-0"},
      {"^*", "*"},
      // hyphen ranges
      {"1.2.3 - 2.3.4", ">=1.2.3 <=2.3.4"},
      {"1.2 - 2.3.4", ">=1.2.0 <=2.3.4"},
      {"1.2.3 - 2.3", ">=1.2.3 <2.4.0-0"},
      {"1.2.3 - 2", ">=1.2.3 <3.0.0-0"},
      {"* - 2", "<3.0.0-0"},
      {"1.2.3 - *", ">=1.2.3"},
      {"1.0.0-rc.1 - 2.0.0-rc.1", ">=1.0.0-rc.1 <=2.0.0-rc.1"},
      // sets and unions
      {">=1.2.7 <1.3.0", ">=1.2.7 <1.3.0"},
      {"1.2.7 || >=1.2.9 <2.0.0", "1.2.7 || >=1.2.9 <2.0.0"},
      {"^1.0.0 || ^2.0.0", ">=1.0.0 <2.0.0-0 || >=2.0.0 <3.0.0-0"},
      {"1.2.3||2.0.0", "1.2.3 || 2.0.0"},
      {"1.2.3 || ", "1.2.3 || *"},
      {"  >=1.0.0   <2.0.0  ", ">=1.0.0 <2.0.0"},
      {"1.2.3+build", "1.2.3"},
  };
  for (const Case& c : cases) EXPECT_EQ(r(c.range).str(), c.desugared) << "range: " << c.range;
}

TEST(HooksSemverRange, SatisfiesTable) {
  struct Case {
    const char* range;
    const char* version;
    bool expected;
  } cases[] = {
      {"1.0.0 - 2.0.0", "1.2.3", true},
      {"1.0.0 - 2.0.0", "2.0.0", true},
      {"1.0.0 - 2.0.0", "2.0.1", false},
      {"1.0.0 - 2.0.0", "0.9.9", false},
      {"^1.2.3", "1.8.1", true},
      {"^1.2.3", "1.2.3", true},
      {"^1.2.3", "1.2.2", false},
      {"^1.2.3", "2.0.0", false},
      {"^1.2.3", "2.0.0-alpha", false},
      {"^0.1.2", "0.1.9", true},
      {"^0.1.2", "0.2.0", false},
      {"^0.0.1", "0.0.1", true},
      {"^0.0.1", "0.0.2", false},
      {"^0.1", "0.1.0", true},
      {"^1.2", "1.4.2", true},
      {"^1.2 ^1", "1.4.2", true},
      {"^0.1.0 || ~3.0.1 || 5.0.0", "3.0.2", true},
      {"^0.1.0 || ~3.0.1 || 5.0.0", "5.0.0", true},
      {"^0.1.0 || ~3.0.1 || 5.0.0", "3.1.0", false},
      {"~1.2.1 >=1.2.3", "1.2.3", true},
      {"~1.2.1 =1.2.3", "1.2.3", true},
      {"~1.2.1 1.2.3", "1.2.3", true},
      {"~1.2.1 1.2.3", "1.2.4", false},
      {">=1.2.1 1.2.3", "1.2.3", true},
      {"1.2.3 >=1.2.1", "1.2.3", true},
      {">=1.2.3 >=1.2.1", "1.2.3", true},
      {">=1.2.1 >=1.2.3", "1.2.3", true},
      {">=1.2", "1.2.8", true},
      {"~1", "1.9.9", true},
      {"~1", "2.0.0", false},
      {"~ 1.0", "1.0.2", true},
      {"~1.0", "1.1.0", false},
      {">=1", "1.0.0", true},
      {">= 1", "1.0.0", true},
      {"<1.2", "1.1.1", true},
      {"< 1.2", "1.2.0", false},
      {"<=1.2", "1.2.99", true},
      {">1.2", "1.2.99", false},
      {">1.2", "1.3.0", true},
      {"1", "1.0.0beta", false}, // not a version: checked below, kept out of the table
      {"*", "1.2.3", true},
      {"x", "0.0.0", true},
      {"", "1.0.0", true},
      {">*", "1.0.0", false},
      {"<x", "0.0.0", false},
      {"2.x.x", "2.1.3", true},
      {"2.x.x", "3.0.0", false},
      {"1.2.x", "1.2.3", true},
      {"1.2.x", "1.3.0", false},
      {"1.2.x || 2.x", "2.1.3", true},
      {"1.2.x || 2.x", "1.2.3", true},
      {"1.2.x || 2.x", "1.3.0", false},
      {"~2.4", "2.4.5", true},
      {"~2.4", "2.5.0", false},
      {"~>3.2.1", "3.2.2", true},
      {"<1", "1.0.0-beta", false},
      {"<1", "0.9.9", true},
      {"=0.7.x", "0.7.2", true},
      {"<=0.7.x", "0.7.2", true},
      {"<0.7.x", "0.7.2", false},
      {">=0.7.x", "0.7.2", true},
      {"<=0.7.x", "0.6.2", true},
      {"~1.2.3", "1.2.3", true},
      {"~1.2.3", "1.3.0", false},
      {"1.2.3 - 2", "2.9.9", true},
      {"1.2.3 - 2", "3.0.0", false},
      // the prerelease rule
      {"^1.2.3-beta.2", "1.2.3-beta.4", true},
      {"^1.2.3-beta.2", "1.2.3-beta.1", false},
      {"^1.2.3-beta.2", "1.2.4-beta.2", false},
      {"^1.2.3-beta.2", "1.2.4", true},
      {"~1.2.3-beta.2", "1.2.3-beta.4", true},
      {"~1.2.3-beta.2", "1.2.4-beta.2", false},
      {">1.2.3-alpha.3", "1.2.3-alpha.7", true},
      {">1.2.3-alpha.3", "3.4.5-alpha.9", false},
      {">=1.0.0-rc.1 <2.0.0", "1.0.0-rc.2", true},
      {">=1.0.0-rc.1 <2.0.0", "1.5.0-rc.1", false},
      {"*", "1.0.0-beta", false},
      {">=0.0.0", "1.0.0-beta", false},
      {"^0.1.0", "0.1.1-beta", false},
      {"1.0.0-beta || 2.x", "1.0.0-beta", true},
      {"1.0.0-beta.2 - 1.0.0", "1.0.0-beta.3", true},
      {"1.0.0 - 2.0.0", "2.0.0-beta", false},
  };
  for (const Case& c : cases) {
    std::string error;
    auto version = parseVersion(c.version, &error);
    if (!version) {
      EXPECT_FALSE(c.expected) << c.version << " does not parse and so satisfies nothing";
      continue;
    }
    EXPECT_EQ(satisfies(*version, r(c.range)), c.expected)
        << "range '" << c.range << "' (" << r(c.range).str() << ") vs " << c.version;
  }
}

TEST(HooksSemverRange, IncludePrereleaseTurnsTheRuleOff) {
  RangeOptions with{true};
  struct Case {
    const char* range;
    const char* version;
    bool expected;
  } cases[] = {
      {"*", "1.0.0-beta", true},       {"^1.2.3", "1.9.0-beta", true},
      {"^1.2.3", "2.0.0-beta", false}, {"1.x", "1.0.0-rc.1", true},
      {"1.x", "2.0.0-rc.1", false},    {">=1.2", "1.2.0-alpha", true},
      {"<1.2.3", "1.2.3-beta", true},
  };
  for (const Case& c : cases)
    EXPECT_EQ(satisfies(v(c.version), r(c.range, with), with), c.expected)
        << c.range << " vs " << c.version;
}

TEST(HooksSemverRange, RejectsInvalidRangesWithAReason) {
  struct Case {
    const char* range;
    const char* reason;
  } cases[] = {
      {">=", "no version after it"},
      {"^", "no version after it"},
      {">= <1.0.0", "no version after it"},
      {"1.2.3 -", "hyphen range"},
      {"1.2.3 - 2.0.0 - 3.0.0", "hyphen range"},
      {"- 1.2.3", "hyphen range"},
      {"^1.2.x.4", "three numbers"},
      {"x.1", "cannot follow a wildcard"},
      {"1.x.3", "cannot follow a wildcard"},
      {"1.2-beta", "needs a full"},
      {"01.2.3", "leading zero"},
      {"^1.2.3-", "empty prerelease"},
      {"1.2.", "missing"},
      {"latest", "not a number"},
      {"1.2.3 | 2.0.0", "not a number"},
      {">=1.0.0 || <=x || foo", "'foo'"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(parseRange(c.range, &error)) << c.range;
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.range << " → " << error;
  }
  std::string error;
  EXPECT_FALSE(parseRange(std::string(300, '1'), &error));
  EXPECT_NE(error.find("longer than"), std::string::npos);
}

TEST(HooksSemverRange, PicksTheHighestAndLowestSatisfyingVersion) {
  std::vector<Version> available = {v("1.0.0"), v("1.2.0"), v("1.3.0-beta.1"),
                                    v("1.9.4"), v("2.0.0"), v("2.1.0-rc.1")};
  EXPECT_EQ(maxSatisfying(available, r("^1.0.0"))->str(), "1.9.4");
  EXPECT_EQ(minSatisfying(available, r("^1.0.0"))->str(), "1.0.0");
  EXPECT_EQ(maxSatisfying(available, r("~1.2"))->str(), "1.2.0");
  EXPECT_EQ(maxSatisfying(available, r(">=1.3.0-beta.0 <1.4.0"))->str(), "1.3.0-beta.1");
  EXPECT_EQ(maxSatisfying(available, r("*"))->str(), "2.0.0");
  EXPECT_EQ(maxSatisfying(available, r("*"), {true})->str(), "2.1.0-rc.1");
  EXPECT_FALSE(maxSatisfying(available, r("^3.0.0")));
  EXPECT_FALSE(minSatisfying({}, r("*")));
}
