// checkDesignSystem and checkUploads: each rule with a passing and a failing program.
#include "tests/unit/sema_test_util.h"

#include <gmock/gmock.h>

namespace locus::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// ------------------------------------------------------------------------------ design_system

TEST(SemaDesignSystem, PeerExampleIsValid) {
  auto d = check(R"(design_system {
  colors { "light" { primary: "#007aff" background: "#ffffff" } dark { primary: #0a84ff } }
  typography { fontFamily: "Inter" baseSize: "16px" weights { regular: 400 bold: 700 } }
  spacing { sm: "4px" md: 8 lg: "1.5rem" }
  radii { md: "6px" }
  shadows { sm: "0 1px 2px #0003" }
  breakpoints { tablet: "768px" }
})");
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaDesignSystem, Colors) {
  auto d = check(R"(design_system { colors {
  light { a: "#fff" b: "#ffff" c: "#ffffff" d: "#ffffff80" e: "black" f: "#ff" g: #12345 h: 3 }
  primary: "#123"
  dark { nested { x: "#fff" } }
} })");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0301@2:63", "E0301@2:74", "E0301@2:83", "E0301@2:93", "E0301@4:10"))
      << dump(d);
  EXPECT_TRUE(contains(d[0].message, "'colors.light.e'")) << d[0].message;
}

TEST(SemaDesignSystem, TokenNames) {
  auto d = check(R"(design_system {
  colors { "high-contrast" { text_muted: "#000" } Dark { fgColor: "#fff" } }
  typography { weights { BadKey: 700 } }
  spacing { "2xl": 32 md_lg: 8 mdLg: 8 x__y: 1 }
})");
  EXPECT_THAT(codesAt(d), ElementsAre("E0302@2:51", "E0302@3:26", "E0302@4:13", "E0302@4:40"))
      << dump(d);
  EXPECT_EQ(d[1].suggestion, "bad_key");
}

TEST(SemaDesignSystem, Sizes) {
  auto d = check(R"(design_system {
  typography { baseSize: "16pt" }
  spacing { a: "4px" b: "1.25rem" c: "2em" d: 0 e: "4" f: "px" g: "4 px" h: true }
  radii { r: "-1px" }
})");
  EXPECT_THAT(codesAt(d), ElementsAre("E0303@2:26", "E0303@3:52", "E0303@3:59", "E0303@3:67",
                                      "E0303@3:77", "E0303@4:14"))
      << dump(d);
  auto number = check("design_system { typography { baseSize: 16 } }");
  EXPECT_THAT(codes(number), ElementsAre("E0303"));
}

TEST(SemaDesignSystem, FontWeights) {
  auto d = check(R"(design_system { typography { weights {
  ok: 100 max: 1000 low: 99 high: 1001 frac: 450.5 word: "bold"
} } })");
  EXPECT_THAT(codesAt(d), ElementsAre("E0304@2:26", "E0304@2:35", "E0304@2:46", "E0304@2:58"))
      << dump(d);
  auto notGroup = check("design_system { typography { weights: 400 } }");
  EXPECT_THAT(codes(notGroup), ElementsAre("E0304"));
}

TEST(SemaDesignSystem, UnknownSectionWarns) {
  auto d = check("design_system { colours { light { a: \"#fff\" } } motion { fast: 1 } }");
  EXPECT_THAT(codesAt(d), ElementsAre("W0305@1:17", "W0305@1:49")) << dump(d);
  EXPECT_EQ(d[0].suggestion, "colors");
  EXPECT_EQ(d[0].severity, Severity::Warning);
}

TEST(SemaDesignSystem, ReportsEveryProblemInOneRun) {
  auto d = checkSources({"design_system { colors { dark { primary: \"black\" } } }",
                         "design_system { radii { Round: 8 } typography { weights { x: 5 } } }"});
  EXPECT_THAT(codes(d), ElementsAre("E0301", "E0302", "E0304")) << dump(d);
  EXPECT_EQ(d[1].span.file, 1u);
}

// ------------------------------------------------------------------------------------ uploads

TEST(SemaUploads, PeerExamplesAreValid) {
  auto d = check(R"(upload GalleryImages {
  field images maxSize: 8MB maxCount: 10 mime: [image/png, image/jpeg]
  field doc mime: [application/pdf] required
  store strategy: local path: "uploads/gallery" naming: hash
}
upload Media { field avatar maxSize: 5MB maxCount: 3 mime: [ image / png , image / jpeg ] required field doc mime: [ application / pdf ] store strategy: s3 path: "uploads/" naming: original })");
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaUploads, NoFieldsAndNoStore) {
  auto d = check("upload Empty { }");
  EXPECT_THAT(codesAt(d), ElementsAre("E0701@1:8", "E0701@1:8")) << dump(d);
  EXPECT_TRUE(contains(d[0].message, "no fields")) << d[0].message;
  EXPECT_TRUE(contains(d[1].message, "no store")) << d[1].message;
}

TEST(SemaUploads, DuplicateFieldNames) {
  auto d = check(R"(upload BadPolicy {
  field avatar mime: [image/png]
  field avatar mime: [image/png]
  store strategy: local path: "u" naming: uuid
})");
  Diagnostic e = only(d, "E0701");
  EXPECT_EQ(e.span.line, 3u);
  EXPECT_EQ(e.span.col, 9u);
  EXPECT_EQ(e.notes.at(0).span.line, 2u);
}

TEST(SemaUploads, FieldProperties) {
  auto d = check(R"(upload U {
  field a mime: []
  field b maxSize: 0MB mime: [image/png]
  field c maxSize: 5 mime: [image/png]
  field d maxCount: 0 mime: [image/png]
  field e maxCount: 1.5 mime: [image/png]
  field f maxCount: 2 maxCont: 3 mime: [image/png]
  field g maxSize: 1KB
  field h maxSize: 1MB maxSize: 2MB mime: [image/png]
  store strategy: local path: "u" naming: uuid
})");
  EXPECT_THAT(codesAt(d), ElementsAre("E0701@2:17", "E0701@3:20", "E0701@4:20", "E0701@5:21",
                                      "E0701@6:21", "E0701@7:23", "E0701@8:9", "E0701@9:24"))
      << dump(d);
  EXPECT_EQ(d[5].suggestion, "maxCount");
}

TEST(SemaUploads, StoreSettings) {
  auto d = check(R"(upload A { field f mime: [image/png] store strategy: local }
upload B { field f mime: [image/png] store strategy: ftp path: "" naming: random }
upload C { field f mime: [image/png] store strategy: "s3" path: "x" naming: "hash" bucket: "b" })");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0701@1:38", "E0701@2:54", "E0701@2:64", "E0701@2:75", "E0701@3:84"))
      << dump(d);
  EXPECT_TRUE(contains(d[0].message, "missing path, naming")) << d[0].message;
}

} // namespace
} // namespace locus::testing
