// The next generator: one app-router route per page, the layout importing the theme, and the
// pinned package/tsconfig files.
#include "generators/next/next_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

const char* kPages = R"(
database { entity Order { total: Integer } }
page Home { ui { <p>home</p> } }
page OrderDetail { param id: Integer  ui { <p>{id}</p> } }
page Search { param q: String  param all: Boolean  ui { <p>{q}</p> } }
)";

TEST(GenNextRoutes, OnePagePerRouteWithDynamicSegments) {
  GeneratorOutput out = runGenerator(nextGenerator(), irOf(kPages));
  EXPECT_TRUE(out.messages.empty());
  ASSERT_TRUE(out.files.count("web/app/page.tsx"));
  EXPECT_NE(out.files["web/app/page.tsx"].find("import { Home as Page } from \"@/pages/Home\";"),
            std::string::npos);
  const std::string& detail = out.files.at("web/app/order-detail/[id]/page.tsx");
  EXPECT_NE(detail.find("<Page id={Number(decodeURIComponent(params.id))} />"), std::string::npos)
      << detail;
  const std::string& search = out.files.at("web/app/search/[q]/[all]/page.tsx");
  EXPECT_NE(search.find("all={decodeURIComponent(params.all) === \"true\"}"), std::string::npos)
      << search;
}

TEST(GenNextRoutes, IndexPageListsPagesWhenThereIsNoHome) {
  GeneratorOutput out = runGenerator(nextGenerator(), irOf("page Catalog { ui { <p>x</p> } }"));
  const std::string& index = out.files.at("web/app/page.tsx");
  EXPECT_NE(index.find("<Link href=\"/catalog\">Catalog</Link>"), std::string::npos) << index;
  EXPECT_TRUE(out.files.count("web/app/catalog/page.tsx"));
}

TEST(GenNextRoutes, PageWithEntityParamGetsNoRouteAndAWarning) {
  GeneratorOutput out = runGenerator(
      nextGenerator(), irOf("database { entity Order { total: Integer } }\n"
                            "page Receipt { param order: Order  ui { <p>{order.total}</p> } }"));
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::GeneratorUnsupported);
  EXPECT_EQ(out.messages[0].span.value("line", 0), 2);
  EXPECT_FALSE(out.files.count("web/app/receipt/page.tsx"));
}

TEST(GenNextRoutes, LayoutImportsThemeOnlyWhenTheThemeGeneratorRan) {
  auto ir = irOf(kPages);
  GeneratorOutput without = runGenerator(nextGenerator(), ir);
  EXPECT_EQ(without.files.at("web/app/layout.tsx").find("theme.css"), std::string::npos);
  GeneratedFiles upstream = {{"web/src/theme/theme.css", ":root {}\n"}};
  GeneratorOutput with = runGenerator(nextGenerator(), ir, {}, {}, upstream);
  EXPECT_NE(with.files.at("web/app/layout.tsx").find("import \"../src/theme/theme.css\";"),
            std::string::npos);
}

TEST(GenNextRoutes, PinnedPackageAndStrictTsconfig) {
  GeneratorOutput out =
      runGenerator(nextGenerator(), irOf(kPages), {{"appName", "My Shop!"}, {"apiPort", 4000}});
  auto pkg = nlohmann::json::parse(out.files.at("web/package.json"));
  EXPECT_EQ(pkg["name"], "my-shop-web");
  EXPECT_EQ(pkg["dependencies"]["next"], "14.2.5");
  EXPECT_EQ(pkg["dependencies"]["react"], "18.3.1");
  EXPECT_EQ(pkg["devDependencies"]["typescript"], "5.4.5");
  auto tsconfig = nlohmann::json::parse(out.files.at("web/tsconfig.json"));
  EXPECT_EQ(tsconfig["compilerOptions"]["strict"], true);
  // The API's address is read when the server runs (the proxy route), never frozen into the
  // build by next.config's rewrites.
  const std::string& proxy = out.files.at("web/app/api/[...path]/route.ts");
  EXPECT_NE(proxy.find("process.env.LOCUS_API_URL ?? \"http://localhost:4000\""), std::string::npos)
      << proxy;
  EXPECT_NE(proxy.find("export const dynamic = \"force-dynamic\""), std::string::npos);
  EXPECT_EQ(out.files.at("web/next.config.mjs").find("rewrites"), std::string::npos);
  // pages/ (no pages) keeps Next from serving the page components in src/pages as routes.
  EXPECT_TRUE(out.files.count("web/pages/README.md"));
  // What next build / next dev would write into these, so they leave `--check` clean.
  EXPECT_EQ(tsconfig["compilerOptions"]["incremental"], true);
  EXPECT_EQ(tsconfig["include"][1], ".next/types/**/*.ts");
  EXPECT_NE(out.files.at("web/next-env.d.ts").find("next/navigation-types/compat/navigation"),
            std::string::npos);
}

// The shell around the pages: navigation to every page without params (Home first, the current
// one marked), themed not-found and error pages, and the components' stylesheet in the layout.
TEST(GenNextRoutes, NavigationNotFoundAndErrorPages) {
  GeneratedFiles upstream{{"web/src/runtime/components.css", "/* css */"}};
  GeneratorOutput out = runGenerator(nextGenerator(), irOf(kPages), {}, {}, upstream);
  const std::string& nav = out.files.at("web/app/nav.tsx");
  EXPECT_NE(nav.find("{ href: \"/\", label: \"Home\" }"), std::string::npos) << nav;
  EXPECT_EQ(nav.find("order-detail"), std::string::npos) << "a page with params has no link";
  EXPECT_NE(nav.find("aria-current"), std::string::npos);
  EXPECT_NE(out.files.at("web/app/not-found.tsx").find("Page not found"), std::string::npos);
  EXPECT_NE(out.files.at("web/app/error.tsx").find("reset()"), std::string::npos);
  const std::string& layout = out.files.at("web/app/layout.tsx");
  EXPECT_NE(layout.find("import \"../src/runtime/components.css\";"), std::string::npos);
  EXPECT_NE(layout.find("<AppNav />"), std::string::npos);
  EXPECT_NE(layout.find("locus.theme"), std::string::npos) << "the saved theme applies early";
  GeneratorOutput noHome =
      runGenerator(nextGenerator(), irOf("page OrderList { ui { <p>x</p> } }"));
  EXPECT_NE(noHome.files.at("web/app/nav.tsx").find("label: \"Order list\""), std::string::npos);
}

} // namespace
} // namespace locus
