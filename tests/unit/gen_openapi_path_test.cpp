// openapiPath (`:name` → `{name}`) written by hand instead of with std::regex: equal to the
// regex replacement it replaced on fixed and random paths.
#include "generators/openapi/openapi_document.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>

namespace locus {
namespace {

std::string regexPath(const std::string& path) {
  static const std::regex param(":([A-Za-z_][A-Za-z0-9_]*)");
  return std::regex_replace(path, param, "{$1}");
}

TEST(GenOpenapiPath, ParametersBecomeBraces) {
  EXPECT_EQ(openapi::openapiPath("/api/orders/:id"), "/api/orders/{id}");
  EXPECT_EQ(openapi::openapiPath("/a/:x_1/b/:Y"), "/a/{x_1}/b/{Y}");
  EXPECT_EQ(openapi::openapiPath("/a/:1/:"), "/a/:1/:");
  EXPECT_EQ(openapi::openapiPath("::a:b"), ":{a}{b}");
}

TEST(GenOpenapiPath, SameAsTheRegexOnRandomPaths) {
  std::mt19937 rng(3);
  const std::string alphabet = ":/_aZz09-.{é";
  for (int i = 0; i < 20000; ++i) {
    std::string path;
    for (int n = static_cast<int>(rng() % 12); n > 0; --n)
      path += alphabet[rng() % alphabet.size()];
    ASSERT_EQ(openapi::openapiPath(path), regexPath(path)) << path;
  }
}

} // namespace
} // namespace locus
