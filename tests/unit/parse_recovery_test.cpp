// Syntax recovery, with both lexers: a stray declaration (`model X { … }`) is skipped to the next
// line that starts a declaration; a block left open is closed where the next declaration starts
// (E0012, a note at the brace); an unterminated string is reported once, at its opening quote.
#include "compiler/parse/parse_file.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

class ParseRecovery : public ::testing::TestWithParam<LexerKind> {
protected:
  ast::File parse(const std::string& text) {
    ParseOptions options;
    options.lexer = GetParam();
    return parseFile(0, text, sink, options);
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : sink.sorted())
      out.push_back(std::string(diagKindInfo(d.kind).code) + "@" + std::to_string(d.span.line) +
                    ":" + std::to_string(d.span.col));
    return out;
  }
  DiagnosticSink sink;
};

TEST_P(ParseRecovery, AStrayDeclarationIsSkippedToTheNextOne) {
  ast::File f = parse("model User {\n  name String\n}\n\nentity Task { title: String }\n"
                      "route R { path: \"/\" }\npage Home { ui { <p>x</p> } }\n");
  EXPECT_EQ(codes(), (std::vector<std::string>{"E0001@1:1", "E0001@6:1"}));
  ASSERT_EQ(f.databases.size(), 1u);
  EXPECT_EQ(f.databases[0].entities[0].name.name, "Task");
  ASSERT_EQ(f.pages.size(), 1u);
  EXPECT_EQ(f.pages[0].name.name, "Home");
  EXPECT_EQ(sink.sorted()[0].suggestion, "entity");
}

TEST_P(ParseRecovery, AnUnclosedBlockClosesWhereTheNextDeclarationStarts) {
  ast::File f = parse("entity Task {\n  title: String\n\npage Home {\n  ui { <p>x</p> }\n}\n");
  EXPECT_EQ(codes(), (std::vector<std::string>{"E0012@4:1"}));
  ASSERT_EQ(sink.all().size(), 1u);
  ASSERT_EQ(sink.all()[0].notes.size(), 1u);
  EXPECT_EQ(sink.all()[0].notes[0].span.line, 1u);
  EXPECT_EQ(sink.all()[0].notes[0].span.col, 13u);
  ASSERT_EQ(f.databases.size(), 1u);
  EXPECT_EQ(f.databases[0].entities[0].fields.size(), 1u);
  ASSERT_EQ(f.pages.size(), 1u);
}

TEST_P(ParseRecovery, ATestBlockStartsADeclarationToo) {
  ast::File f = parse("entity Task {\n  title: String\n\ntest \"adds\" {\n  expect true\n}\n");
  EXPECT_EQ(codes(), (std::vector<std::string>{"E0012@4:1"}));
  ASSERT_EQ(f.tests.size(), 1u);
  EXPECT_EQ(f.tests[0].name, "adds");
}

TEST_P(ParseRecovery, EntitiesInsideDatabaseAndFieldsNamedLikeKeywordsAreAtHome) {
  parse("database {\nentity A { x: Integer }\nenum S { a b }\n}\nentity B {\npage: String\n}\n");
  EXPECT_TRUE(sink.all().empty()) << codes()[0];
}

TEST_P(ParseRecovery, AnUnterminatedStringIsReportedOnceAtItsQuote) {
  parse("entity T { x: String }\npage P {\n  state { s: String = \"hello }\n}\n");
  EXPECT_EQ(codes(), (std::vector<std::string>{"E0002@3:23"}));
}

TEST_P(ParseRecovery, AStringMissingItsQuoteIsBlamedNotTheNextOne) {
  parse("entity T {\n  a: String @default(\"abc)\n  b: Text @default(\"x\")\n}\n");
  EXPECT_EQ(codes(), (std::vector<std::string>{"E0002@2:22"}));
  ASSERT_EQ(sink.all().size(), 1u);
  ASSERT_EQ(sink.all()[0].notes.size(), 1u);
  EXPECT_EQ(sink.all()[0].notes[0].span.line, 3u);
}

INSTANTIATE_TEST_SUITE_P(Lexers, ParseRecovery,
                         ::testing::Values(LexerKind::Hand, LexerKind::Antlr),
                         [](const auto& info) {
                           return info.param == LexerKind::Hand ? "Hand" : "Antlr";
                         });

} // namespace
} // namespace locus
