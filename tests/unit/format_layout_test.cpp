// The canonical layout of `locusc fmt`, one rule per test. Cost: milliseconds.
#include "compiler/format/format_source.h"

#include <gtest/gtest.h>

namespace locus::format {
namespace {

std::string fmt(const std::string& text) {
  DiagnosticSink sink;
  FormatResult r = formatSource(0, text, sink);
  EXPECT_TRUE(r.ok) << text;
  return r.text;
}

TEST(FormatLayout, IndentsTwoSpacesPerBlockAndNormalisesSpacing) {
  EXPECT_EQ(
      fmt("database{\nentity  User{\n      name :String @unique\n age: Integer   @default( 0 "
          ")\n}}"),
      "database {\n  entity User {\n    name : String @unique\n    age: Integer @default(0)\n  "
      "}\n}\n");
}

TEST(FormatLayout, KeepsCommentsAndAtMostOneBlankLine) {
  EXPECT_EQ(
      fmt("\n\n// head\naction a() {   // trailing   \n\n\n  /* block */ return 1\n\n}\n\n\n"),
      "// head\naction a() { // trailing\n  /* block */ return 1\n}\n");
}

TEST(FormatLayout, ABlockWithALineBreakClosesOnItsOwnLine) {
  EXPECT_EQ(fmt("action a() { // c\nreturn 1 }"), "action a() { // c\n  return 1\n}\n");
  EXPECT_EQ(fmt("action a() { return 1 }"), "action a() { return 1 }\n");
}

TEST(FormatLayout, KeepsTheSourceChoiceWhereEitherIsRight) {
  EXPECT_EQ(fmt("action a(x: Integer) {\nconst y = -x\nconst z = x  -  1\n}"),
            "action a(x: Integer) {\n  const y = -x\n  const z = x - 1\n}\n");
}

TEST(FormatLayout, CopiesMarkupAndCssVerbatim) {
  std::string ui = "component C {\n    ui {\n      <div   class=\"a\">  hi  {x}</div>\n    }\n"
                   "  style_override {\n .a {color:red}\n }\n}\n";
  EXPECT_EQ(fmt(ui), "component C {\n  ui {\n      <div   class=\"a\">  hi  {x}</div>\n    }\n"
                     "  style_override {\n .a {color:red}\n }\n}\n");
}

TEST(FormatLayout, ObjectsAndCalls) {
  EXPECT_EQ(fmt("action a() {\nupdate(Account,1,{balance:2 ,x:[1,2]})\n}"),
            "action a() {\n  update(Account, 1, { balance: 2, x: [1, 2] })\n}\n");
}

TEST(FormatLayout, ContinuationLinesIndentOnce) {
  EXPECT_EQ(fmt("action a() {\nconst r = find(Account, where: {\nid: 1\n})\n}"),
            "action a() {\n  const r = find(Account, where: {\n    id: 1\n  })\n}\n");
}

TEST(FormatLayout, FormatsFilesWithSyntaxErrorsKeepingTheirTokens) {
  EXPECT_EQ(fmt("entity   {\nname:String"), "entity {\n  name: String\n");
}

TEST(FormatLayout, RefusesFilesWithLexicalErrors) {
  DiagnosticSink sink;
  FormatResult r = formatSource(0, "action a() { return \"open\n}", sink);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.unsafe);
  EXPECT_TRUE(sink.hasErrors());
}

TEST(FormatLayout, HostileNestingStaysLinear) {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "action a() {\n";
  DiagnosticSink sink;
  FormatResult r = formatSource(0, deep, sink);
  ASSERT_TRUE(r.ok);
  EXPECT_LT(r.text.size(), deep.size() * 45);
}

TEST(FormatLayout, EmptyFileStaysEmpty) {
  EXPECT_EQ(fmt(""), "");
}

} // namespace
} // namespace locus::format
