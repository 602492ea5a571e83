// The PubGrub resolver (hooks/resolver): choices, backtracking, explanations, optional
// dependencies, prereleases, unavailable (yanked) versions, cycles. In memory; < 50 ms in all.
#include "tests/packages/resolver_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace locus::resolver::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Map = std::map<std::string, std::string>;

TEST(Resolver, PicksTheHighestVersion) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.2.0").add("a", "1.1.0");
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok) << r.explanation;
  EXPECT_EQ(versions(r), (Map{{"a", "1.2.0"}}));
}

TEST(Resolver, PicksTheHighestVersionInRange) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.5.0").add("a", "2.0.0");
  EXPECT_EQ(versions(reg.solve({"a@^1.0.0"})), (Map{{"a", "1.5.0"}}));
}

TEST(Resolver, EmptyRequirementsSelectNothing) {
  TestRegistry reg;
  reg.add("a", "1.0.0");
  Resolution r = reg.solve({});
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.selected.empty());
}

TEST(Resolver, Transitive) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@^2.0.0"}).add("b", "2.3.0", {"c@~1.1.0"}).add("c", "1.1.4");
  reg.add("c", "1.2.0");
  EXPECT_EQ(versions(reg.solve({"a"})), (Map{{"a", "1.0.0"}, {"b", "2.3.0"}, {"c", "1.1.4"}}));
}

TEST(Resolver, PubNoConflicts) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"shared@>=2.0.0 <4.0.0"}).add("b", "1.0.0", {"shared@>=3.0.0 <5.0.0"});
  for (auto v : {"2.0.0", "3.0.0", "3.6.9", "4.0.0", "5.0.0"}) reg.add("shared", v);
  EXPECT_EQ(versions(reg.solve({"a@^1.0.0", "b@^1.0.0"})),
            (Map{{"a", "1.0.0"}, {"b", "1.0.0"}, {"shared", "3.6.9"}}));
}

TEST(Resolver, DiamondCompatible) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"c@^1.0.0"}).add("b", "1.0.0", {"c@>=1.2.0"});
  reg.add("c", "1.0.0").add("c", "1.3.0").add("c", "2.0.0");
  EXPECT_EQ(versions(reg.solve({"a", "b"})), (Map{{"a", "1.0.0"}, {"b", "1.0.0"}, {"c", "1.3.0"}}));
}

TEST(Resolver, DiamondConflictNamesBothSides) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"c@^1.0.0"}).add("b", "1.0.0", {"c@^2.0.0"});
  reg.add("c", "1.0.0").add("c", "2.0.0");
  Resolution r = reg.solve({"a", "b"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("a 1.0.0 depends on c ^1.0.0"));
  EXPECT_THAT(r.explanation, HasSubstr("b 1.0.0 depends on c ^2.0.0"));
  EXPECT_THAT(r.explanation, HasSubstr("version solving failed"));
}

TEST(Resolver, PubAvoidingConflictDuringDecisionMaking) {
  TestRegistry reg;
  reg.add("foo", "1.0.0").add("foo", "1.1.0", {"bar@^2.0.0"});
  reg.add("bar", "1.0.0").add("bar", "1.1.0").add("bar", "2.0.0");
  EXPECT_EQ(versions(reg.solve({"foo@^1.0.0", "bar@^1.0.0"})),
            (Map{{"bar", "1.1.0"}, {"foo", "1.0.0"}}));
}

TEST(Resolver, PubPerformingConflictResolution) {
  TestRegistry reg;
  reg.add("foo", "1.0.0").add("foo", "2.0.0", {"bar@^1.0.0"});
  reg.add("bar", "1.0.0", {"foo@^1.0.0"});
  Resolution r = reg.solve({"foo@>=1.0.0"});
  ASSERT_TRUE(r.ok) << r.explanation;
  EXPECT_EQ(versions(r), (Map{{"foo", "1.0.0"}}));
  EXPECT_GE(r.conflicts, 1u);
}

TEST(Resolver, PubConflictResolutionWithAPartialSatisfier) {
  TestRegistry reg;
  reg.add("foo", "1.0.0").add("foo", "1.1.0", {"left@^1.0.0", "right@^1.0.0"});
  reg.add("left", "1.0.0", {"shared@>=1.0.0"}).add("right", "1.0.0", {"shared@<2.0.0"});
  reg.add("shared", "2.0.0").add("shared", "1.0.0", {"target@^1.0.0"});
  reg.add("target", "2.0.0").add("target", "1.0.0");
  EXPECT_EQ(versions(reg.solve({"foo@^1.0.0", "target@^2.0.0"})),
            (Map{{"foo", "1.0.0"}, {"target", "2.0.0"}}));
}

TEST(Resolver, PubLinearErrorReporting) {
  TestRegistry reg;
  reg.add("foo", "1.0.0", {"bar@^2.0.0"}).add("bar", "2.0.0", {"baz@^3.0.0"});
  reg.add("baz", "1.0.0").add("baz", "3.0.0");
  Resolution r = reg.solve({"foo@^1.0.0", "baz@^1.0.0"});
  ASSERT_FALSE(r.ok);
  for (auto s : {"foo", "bar ^2.0.0", "baz ^3.0.0", "baz ^1.0.0"})
    EXPECT_THAT(r.explanation, HasSubstr(s)) << r.explanation;
}

TEST(Resolver, PubBranchingErrorReporting) {
  TestRegistry reg;
  reg.add("foo", "1.0.0", {"a@^1.0.0", "b@^1.0.0"});
  reg.add("foo", "1.1.0", {"x@^1.0.0", "y@^1.0.0"});
  reg.add("a", "1.0.0", {"b@^2.0.0"}).add("b", "1.0.0").add("b", "2.0.0");
  reg.add("x", "1.0.0", {"y@^2.0.0"}).add("y", "1.0.0").add("y", "2.0.0");
  Resolution r = reg.solve({"foo@^1.0.0"});
  ASSERT_FALSE(r.ok);
  for (auto s : {"a 1.0.0 depends on b ^2.0.0", "x 1.0.0 depends on y ^2.0.0", "foo"})
    EXPECT_THAT(r.explanation, HasSubstr(s)) << r.explanation;
}

TEST(Resolver, BacktracksToAnOlderVersion) {
  TestRegistry reg;
  reg.add("a", "2.0.0", {"b@^2.0.0"}).add("a", "1.0.0", {"b@^1.0.0"});
  reg.add("b", "1.0.0");
  EXPECT_EQ(versions(reg.solve({"a"})), (Map{{"a", "1.0.0"}, {"b", "1.0.0"}}));
}

TEST(Resolver, BacktracksAcrossSeveralLevels) {
  TestRegistry reg;
  for (int i = 1; i <= 5; ++i)
    reg.add("a", std::to_string(i) + ".0.0", {"b@^" + std::to_string(i) + ".0.0"});
  for (int i = 1; i <= 5; ++i)
    reg.add("b", std::to_string(i) + ".0.0", {"c@" + std::string(i <= 2 ? "^1.0.0" : "^9.0.0")});
  reg.add("c", "1.0.0");
  EXPECT_EQ(versions(reg.solve({"a"})), (Map{{"a", "2.0.0"}, {"b", "2.0.0"}, {"c", "1.0.0"}}));
}

TEST(Resolver, MissingPackageIsNamed) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"ghost@^1.0.0"});
  Resolution r = reg.solve({"a"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("ghost is not in the registry"));
  EXPECT_THAT(r.explanation, HasSubstr("a 1.0.0 depends on ghost ^1.0.0"));
}

TEST(Resolver, MissingRootRequirement) {
  TestRegistry reg;
  Resolution r = reg.solve({"nope@^1.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("nope is not in the registry"));
}

TEST(Resolver, NoVersionMatchesTheRange) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.1.0");
  Resolution r = reg.solve({"a@^3.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("no versions of a match ^3.0.0"));
}

TEST(Resolver, InvalidRangeMatchesNothing) {
  TestRegistry reg;
  reg.add("a", "1.0.0");
  Resolution r = reg.solve({"a@^1.x.y.z"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("no versions of a match ^1.x.y.z"));
}

TEST(Resolver, YankedVersionsAreSkipped) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.1.0", {}, "yanked");
  EXPECT_EQ(versions(reg.solve({"a"})), (Map{{"a", "1.0.0"}}));
}

TEST(Resolver, YankedVersionStaysWhenLocked) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.1.0", {}, "yanked");
  EXPECT_EQ(versions(reg.solve({"a"}, {{"a", "1.1.0"}})), (Map{{"a", "1.1.0"}}));
}

TEST(Resolver, OnlyYankedVersionsExplainWhy) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {}, "yanked").add("a", "1.1.0", {}, "yanked");
  Resolution r = reg.solve({"a@^1.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("is yanked"));
  EXPECT_THAT(r.explanation, HasSubstr("root depends on a ^1.0.0"));
}

TEST(Resolver, UnavailableReasonIsQuoted) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {}, "in the cooldown (released 2 h ago, minimum age 24 h)");
  Resolution r = reg.solve({"a"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("a 1.0.0 is in the cooldown (released 2 h ago"));
}

TEST(Resolver, YankedDependencyFallsBack) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@^1.0.0"});
  reg.add("b", "1.0.0").add("b", "1.0.1", {}, "yanked");
  EXPECT_EQ(versions(reg.solve({"a"})), (Map{{"a", "1.0.0"}, {"b", "1.0.0"}}));
}

TEST(Resolver, PrereleaseNotChosenByCaret) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.1.0-beta.1");
  EXPECT_EQ(versions(reg.solve({"a@^1.0.0"})), (Map{{"a", "1.0.0"}}));
}

TEST(Resolver, PrereleaseNotChosenByStar) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "2.0.0-rc.1");
  EXPECT_EQ(versions(reg.solve({"a"})), (Map{{"a", "1.0.0"}}));
}

TEST(Resolver, PrereleaseChosenWhenTheRangeNamesOne) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.3.0-beta.1").add("a", "1.3.0-beta.2");
  EXPECT_EQ(versions(reg.solve({"a@>=1.3.0-beta.0 <2.0.0"})), (Map{{"a", "1.3.0-beta.2"}}));
}

TEST(Resolver, OnlyPrereleasesAvailableIsExplained) {
  TestRegistry reg;
  reg.add("a", "2.0.0-beta.1");
  Resolution r = reg.solve({"a@^2.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("no versions of a match ^2.0.0"));
}

TEST(Resolver, TwoCycleResolvesAndIsReported) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@^1.0.0"}).add("b", "1.0.0", {"a@^1.0.0"});
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok) << r.explanation;
  EXPECT_EQ(versions(r), (Map{{"a", "1.0.0"}, {"b", "1.0.0"}}));
  ASSERT_EQ(r.cycles.size(), 1u);
  EXPECT_THAT(r.cycles[0], ElementsAre("a", "b"));
}

TEST(Resolver, ThreeCycleIsReported) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@*"}).add("b", "1.0.0", {"c@*"}).add("c", "1.0.0", {"a@*"});
  reg.add("d", "1.0.0");
  Resolution r = reg.solve({"a", "d"});
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.cycles.size(), 1u);
  EXPECT_THAT(r.cycles[0], ElementsAre("a", "b", "c"));
}

TEST(Resolver, CycleWithConflictingRangesFails) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@^1.0.0"}).add("b", "1.0.0", {"a@^2.0.0"});
  Resolution r = reg.solve({"a@^1.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("b 1.0.0 depends on a ^2.0.0"));
}

TEST(Resolver, SelfDependencyIsIgnored) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"a@^1.0.0"});
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.cycles.empty());
}

TEST(Resolver, AcyclicGraphHasNoCycles) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@*", "c@*"}).add("b", "1.0.0", {"c@*"}).add("c", "1.0.0");
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.cycles.empty());
}

TEST(Resolver, OptionalDependencyIncludedWhenPossible) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"extra?@^1.0.0"}).add("extra", "1.2.0");
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(versions(r), (Map{{"a", "1.0.0"}, {"extra", "1.2.0"}}));
  EXPECT_TRUE(r.skippedOptional.empty());
}

TEST(Resolver, OptionalDependencySkippedWhenUnsatisfiable) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"extra?@^2.0.0"}).add("extra", "1.2.0");
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok) << r.explanation;
  EXPECT_EQ(versions(r), (Map{{"a", "1.0.0"}}));
  ASSERT_EQ(r.skippedOptional.size(), 1u);
  EXPECT_THAT(r.skippedOptional[0], HasSubstr("optional dependency extra of a skipped"));
  EXPECT_THAT(r.skippedOptional[0], HasSubstr("no versions of extra match ^2.0.0"));
}

TEST(Resolver, OptionalDependencyMissingFromTheRegistryIsSkipped) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"ghost?@^1.0.0", "b@^1.0.0"}).add("b", "1.0.0");
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok) << r.explanation;
  EXPECT_EQ(versions(r), (Map{{"a", "1.0.0"}, {"b", "1.0.0"}}));
  EXPECT_EQ(r.skippedOptional.size(), 1u);
}

TEST(Resolver, OptionalDependencyDoesNotMaskARealConflict) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"extra?@^1.0.0", "b@^5.0.0"}).add("extra", "1.0.0").add("b", "1.0.0");
  Resolution r = reg.solve({"a"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("no versions of b match ^5.0.0"));
}

TEST(Resolver, PreferredVersionIsKept) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.4.0");
  EXPECT_EQ(versions(reg.solve({"a@^1.0.0"}, {{"a", "1.0.0"}})), (Map{{"a", "1.0.0"}}));
}

TEST(Resolver, PreferredVersionOutsideTheRangeIsIgnored) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "2.1.0");
  EXPECT_EQ(versions(reg.solve({"a@^2.0.0"}, {{"a", "1.0.0"}})), (Map{{"a", "2.1.0"}}));
}

TEST(Resolver, CoreVersionAsAVirtualPackage) {
  TestRegistry reg;
  reg.add("locus", "0.1.0");
  reg.add("a", "1.0.0", {"locus@^0.1.0"}).add("a", "2.0.0", {"locus@^0.2.0"});
  EXPECT_EQ(versions(reg.solve({"a"})), (Map{{"a", "1.0.0"}, {"locus", "0.1.0"}}));
  Resolution r = reg.solve({"a@^2.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("a 2.0.0 depends on locus ^0.2.0"));
  EXPECT_THAT(r.explanation, HasSubstr("no versions of locus match ^0.2.0"));
}

TEST(Resolver, OrRanges) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "2.0.0").add("a", "3.0.0");
  EXPECT_EQ(versions(reg.solve({"a@^1.0.0 || ^2.0.0"})), (Map{{"a", "2.0.0"}}));
}

TEST(Resolver, HyphenAndTildeAndXRanges) {
  TestRegistry reg;
  for (auto v : {"1.0.0", "1.2.3", "1.2.9", "1.3.0", "2.0.0"}) reg.add("a", v);
  EXPECT_EQ(versions(reg.solve({"a@1.0.0 - 1.2.5"})), (Map{{"a", "1.2.3"}}));
  EXPECT_EQ(versions(reg.solve({"a@~1.2.0"})), (Map{{"a", "1.2.9"}}));
  EXPECT_EQ(versions(reg.solve({"a@1.x"})), (Map{{"a", "1.3.0"}}));
}

TEST(Resolver, TwoRootRequirementsOnOnePackageIntersect) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "1.5.0").add("a", "2.0.0");
  reg.add("b", "1.0.0", {"a@<1.5.0"});
  EXPECT_EQ(versions(reg.solve({"a@^1.0.0", "b"})), (Map{{"a", "1.0.0"}, {"b", "1.0.0"}}));
}

TEST(Resolver, DirectConflictBetweenRootAndDependency) {
  TestRegistry reg;
  reg.add("a", "1.0.0").add("a", "2.0.0").add("b", "1.0.0", {"a@^2.0.0"});
  Resolution r = reg.solve({"a@^1.0.0", "b@^1.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("b 1.0.0 depends on a ^2.0.0"));
  EXPECT_THAT(r.explanation, HasSubstr("root depends on a ^1.0.0"));
}

TEST(Resolver, ExplanationNamesEveryPackageOnAChain) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@^1.0.0"}).add("b", "1.0.0", {"c@^1.0.0"});
  reg.add("c", "1.0.0", {"d@^9.0.0"}).add("d", "1.0.0");
  Resolution r = reg.solve({"a"});
  ASSERT_FALSE(r.ok);
  for (auto s : {"a 1.0.0", "b ^1.0.0", "c ^1.0.0", "d ^9.0.0"})
    EXPECT_THAT(r.explanation, HasSubstr(s)) << r.explanation;
}

TEST(Resolver, ExplanationGroupsVersionsWithTheSameDependency) {
  TestRegistry reg;
  for (auto v : {"1.0.0", "1.1.0", "1.2.0"}) reg.add("a", v, {"b@^2.0.0"});
  reg.add("b", "1.0.0");
  Resolution r = reg.solve({"a@^1.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("a ^1.0.0 depends on b ^2.0.0")) << r.explanation;
}

TEST(Resolver, DeterministicAcrossRuns) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@^1.0.0", "c@^1.0.0"}).add("b", "1.0.0", {"c@^2.0.0"});
  reg.add("c", "1.0.0").add("c", "2.0.0");
  Resolution first = reg.solve({"a"}), second = reg.solve({"a"});
  EXPECT_EQ(first.ok, second.ok);
  EXPECT_EQ(first.explanation, second.explanation);
}

TEST(Resolver, LongChainResolves) {
  TestRegistry reg;
  for (int i = 0; i < 200; ++i)
    for (int v = 1; v <= 3; ++v)
      reg.add("p" + std::to_string(i), std::to_string(v) + ".0.0",
              i + 1 < 200 ? std::vector<std::string>{"p" + std::to_string(i + 1) + "@^" +
                                                     std::to_string(v) + ".0.0"}
                          : std::vector<std::string>{});
  Resolution r = reg.solve({"p0"});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.selected.size(), 200u);
  EXPECT_EQ(r.selected.at("p199").str(), "3.0.0");
  EXPECT_EQ(r.conflicts, 0u);
}

TEST(Resolver, NoConflictsMeansOneDecisionPerPackage) {
  TestRegistry reg;
  reg.add("a", "1.0.0", {"b@*"}).add("b", "1.0.0", {"c@*"}).add("c", "1.0.0");
  Resolution r = reg.solve({"a"});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.decisions, 4u); // the root, a, b, c
}

TEST(Resolver, FewestVersionsFirstAvoidsWastedWork) {
  TestRegistry reg;
  for (int v = 0; v < 20; ++v) reg.add("wide", "1." + std::to_string(v) + ".0", {"narrow@^1.0.0"});
  reg.add("narrow", "1.0.0", {"wide@<=1.3.0"});
  Resolution r = reg.solve({"wide", "narrow"});
  ASSERT_TRUE(r.ok) << r.explanation;
  EXPECT_EQ(versions(r), (Map{{"narrow", "1.0.0"}, {"wide", "1.3.0"}}));
}

TEST(Resolver, SharedDerivationIsNumbered) {
  TestRegistry reg;
  reg.add("foo", "1.0.0", {"a@^1.0.0", "b@^1.0.0"});
  reg.add("foo", "1.1.0", {"x@^1.0.0", "y@^1.0.0"});
  reg.add("a", "1.0.0", {"b@^2.0.0"}).add("b", "1.0.0").add("b", "2.0.0");
  reg.add("x", "1.0.0", {"y@^2.0.0"}).add("y", "1.0.0").add("y", "2.0.0");
  Resolution r = reg.solve({"foo@^1.0.0"});
  ASSERT_FALSE(r.ok);
  EXPECT_THAT(r.explanation, HasSubstr("(1)")) << r.explanation;
}

} // namespace
} // namespace locus::resolver::testing
