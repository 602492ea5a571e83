// The streaming parser builds a `database { … }` block entity by entity (parse_file.cpp): the
// AST and its spans are those of the whole-block parse, and a syntax error inside the block still
// goes through the recovering parse, located where it is.
#include "compiler/parse/parse_file.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

TEST(ParseDatabase, EntitiesAndSpansOfAStreamedBlock) {
  const std::string text =
      "database {\n  entity A { x: Integer }\n  entity B {\n    y: String\n  }\n}\n";
  DiagnosticSink sink;
  ast::File f = parseFile(0, text, sink);
  ASSERT_TRUE(sink.all().empty());
  ASSERT_EQ(f.databases.size(), 1u);
  const ast::Database& db = f.databases[0];
  EXPECT_EQ(db.span.offset, 0u);
  EXPECT_EQ(db.span.length, text.rfind('}') + 1);
  EXPECT_EQ(db.span.line, 1u);
  ASSERT_EQ(db.entities.size(), 2u);
  EXPECT_EQ(db.entities[0].name.name, "A");
  EXPECT_EQ(db.entities[1].name.name, "B");
  EXPECT_EQ(db.entities[1].span.line, 3u);
  EXPECT_EQ(db.entities[1].fields.size(), 1u);
}

TEST(ParseDatabase, EmptyAndSeveralBlocks) {
  DiagnosticSink sink;
  ast::File f = parseFile(0, "database { }\ndatabase { entity C { z: Boolean } }\n", sink);
  ASSERT_TRUE(sink.all().empty());
  ASSERT_EQ(f.databases.size(), 2u);
  EXPECT_TRUE(f.databases[0].entities.empty());
  EXPECT_EQ(f.databases[0].span.length, 12u);
  EXPECT_EQ(f.databases[1].entities.at(0).name.name, "C");
}

TEST(ParseDatabase, ASyntaxErrorInALaterEntityIsReportedWhereItIs) {
  DiagnosticSink sink;
  parseFile(0, "database {\n  entity A { x: Integer }\n  entity B { y: }\n}\n", sink);
  ASSERT_FALSE(sink.all().empty());
  EXPECT_EQ(sink.all()[0].kind, DiagKind::SyntaxError);
  EXPECT_EQ(sink.all()[0].span.line, 3u);
}

TEST(ParseDatabase, WhatAnEarlierEntityReportedIsReportedOnceWhenALaterOneFails) {
  DiagnosticSink sink;
  parseFile(0, "database {\n  entity A { x: String | Int }\n  entity B { y: }\n}\n", sink);
  ASSERT_EQ(sink.all().size(), 2u); // the syntax error, and the union type once
  std::vector<Diagnostic> sorted = sink.sorted();
  EXPECT_EQ(sorted[0].kind, DiagKind::UnknownType);
  EXPECT_EQ(sorted[1].kind, DiagKind::SyntaxError);
}

TEST(ParseDatabase, AnUnclosedBlockIsASyntaxError) {
  DiagnosticSink sink;
  parseFile(0, "database {\n  entity A { x: Integer }\n", sink);
  ASSERT_FALSE(sink.all().empty());
  EXPECT_EQ(sink.all()[0].kind, DiagKind::SyntaxError);
}

} // namespace
} // namespace locus
