// The diagnostic registry (diagnostic_kinds.def): codes are unique, well-formed, match their
// severity, and every entry is documented for `locusc explain`.
#include "compiler/diagnostics/diagnostic.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace locus {
namespace {

std::vector<DiagKind> allKinds() {
  std::vector<DiagKind> kinds;
  for (size_t i = 0; i < diagKindCount(); ++i) kinds.push_back(static_cast<DiagKind>(i));
  return kinds;
}

TEST(DiagnosticCodeTest, RegistryIsNotEmpty) {
  EXPECT_GT(diagKindCount(), 0u);
}

TEST(DiagnosticCodeTest, CodesAreUnique) {
  std::set<std::string_view> codes, names;
  for (DiagKind kind : allKinds()) {
    const DiagKindInfo& info = diagKindInfo(kind);
    EXPECT_TRUE(codes.insert(info.code).second) << "duplicate code " << info.code;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
  }
}

TEST(DiagnosticCodeTest, CodesAreWellFormed) {
  const std::regex pattern("^[EW][0-9]{4}$");
  for (DiagKind kind : allKinds()) {
    const DiagKindInfo& info = diagKindInfo(kind);
    EXPECT_TRUE(std::regex_match(std::string(info.code), pattern))
        << info.name << ": " << info.code;
  }
}

TEST(DiagnosticCodeTest, CodeLetterMatchesSeverity) {
  for (DiagKind kind : allKinds()) {
    const DiagKindInfo& info = diagKindInfo(kind);
    Severity expected = info.code.starts_with('W') ? Severity::Warning : Severity::Error;
    EXPECT_EQ(info.severity, expected) << info.code;
  }
}

TEST(DiagnosticCodeTest, EveryEntryIsDocumented) {
  for (DiagKind kind : allKinds()) {
    const DiagKindInfo& info = diagKindInfo(kind);
    EXPECT_FALSE(info.name.empty()) << info.code;
    EXPECT_FALSE(info.summary.empty()) << info.code;
    EXPECT_FALSE(info.explanation.empty()) << info.code;
  }
}

TEST(DiagnosticCodeTest, LookupByCodeRoundTrips) {
  for (DiagKind kind : allKinds()) {
    std::optional<DiagKind> found = diagKindByCode(diagKindInfo(kind).code);
    ASSERT_TRUE(found.has_value()) << diagKindInfo(kind).code;
    EXPECT_EQ(*found, kind);
  }
  EXPECT_EQ(diagKindByCode("E9999"), std::nullopt);
  EXPECT_EQ(diagKindByCode(""), std::nullopt);
  EXPECT_EQ(diagKindByCode("e0101"), std::nullopt);
}

} // namespace
} // namespace locus
