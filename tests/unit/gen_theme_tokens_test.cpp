// The theme generator: every design token becomes a CSS custom property, colors per theme with
// [data-theme] and prefers-color-scheme, plus a typed tokens.ts.
#include "generators/theme/theme_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

const char* kDesign = R"(
design_system {
  colors {
    light { primary: "#0a7cff" background: "#ffffff" }
    dark { primary: "#0a84ff" background: "#000000" }
  }
  typography { fontFamily: "Inter, sans-serif" baseSize: 16 weights { bold: 700 } }
  spacing { sm: "4px" md: 8 }
  radii { md: "6px" }
  shadows { card: "0 1px 2px #0003" }
  breakpoints { tablet: "768px" }
}
)";

TEST(GenThemeTokens, EveryTokenIsACustomProperty) {
  GeneratorOutput out = runGenerator(themeGenerator(), irOf(kDesign));
  ASSERT_TRUE(out.messages.empty());
  const std::string& css = out.files.at("web/src/theme/theme.css");
  for (const char* decl :
       {"--typography-font-family: Inter, sans-serif;", "--typography-base-size: 16px;",
        "--typography-weights-bold: 700;", "--spacing-sm: 4px;", "--spacing-md: 8px;",
        "--radii-md: 6px;", "--shadows-card: 0 1px 2px #0003;", "--breakpoints-tablet: 768px;"})
    EXPECT_NE(css.find(decl), std::string::npos) << decl << "\n" << css;
}

TEST(GenThemeTokens, ColorsPerThemeWithSystemPreference) {
  GeneratorOutput out = runGenerator(themeGenerator(), irOf(kDesign));
  const std::string& css = out.files.at("web/src/theme/theme.css");
  size_t light = css.find("[data-theme=\"light\"] {");
  size_t dark = css.find("[data-theme=\"dark\"] {");
  size_t media = css.find("@media (prefers-color-scheme: dark) {");
  ASSERT_NE(light, std::string::npos);
  ASSERT_NE(dark, std::string::npos);
  ASSERT_NE(media, std::string::npos);
  EXPECT_NE(css.find("--color-primary: #0a84ff;", dark), std::string::npos);
  EXPECT_NE(css.find("--color-primary: #0a84ff;", media), std::string::npos);
  // The default (light) colors are on :root, before any theme block.
  EXPECT_LT(css.find("--color-primary: #0a7cff;"), light);
}

TEST(GenThemeTokens, TypedTokenModule) {
  GeneratorOutput out = runGenerator(themeGenerator(), irOf(kDesign));
  const std::string& ts = out.files.at("web/src/theme/tokens.ts");
  EXPECT_NE(ts.find("export const themes = [\"light\",\"dark\"] as const;"), std::string::npos) << ts;
  EXPECT_NE(ts.find("\"md\": \"var(--spacing-md)\""), std::string::npos) << ts;
  EXPECT_NE(ts.find("\"bold\": 700"), std::string::npos) << ts;
  EXPECT_NE(ts.find("export const defaultTheme: ThemeName | null = \"light\";"), std::string::npos);
}

TEST(GenThemeTokens, NoDesignSystemStillGivesValidFiles) {
  GeneratorOutput out = runGenerator(themeGenerator(), irOf("page Home { ui { <p>hi</p> } }"));
  EXPECT_TRUE(out.messages.empty());
  EXPECT_NE(out.files.at("web/src/theme/tokens.ts").find("export const themes = [] as const;"),
            std::string::npos);
  EXPECT_NE(out.files.at("web/src/theme/theme.css").find("body {"), std::string::npos);
}

TEST(GenThemeTokens, ValueThatWouldBreakTheCssIsReported) {
  GeneratorOutput out =
      runGenerator(themeGenerator(), irOf(R"(design_system { shadows { bad: "1px; } body { x: y" } })"));
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::GeneratorUnsupported);
  EXPECT_TRUE(out.messages[0].span.is_object());
  EXPECT_EQ(out.files.at("web/src/theme/theme.css").find("body { x"), std::string::npos);
}

TEST(GenThemeTokens, Deterministic) {
  auto ir = irOf(kDesign);
  EXPECT_EQ(runGenerator(themeGenerator(), ir).files, runGenerator(themeGenerator(), ir).files);
}

} // namespace
} // namespace locus
