// mergeFiles and buildSymbols: file order, duplicate names per kind, design_system merging.
#include "compiler/sema/symbols.h"
#include "tests/unit/sema_test_util.h"

#include <gmock/gmock.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

namespace locus::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

ast::File mergeSources(const std::vector<std::string>& sources, DiagnosticSink& sink) {
  std::vector<ast::File> files;
  for (size_t i = 0; i < sources.size(); ++i)
    files.push_back(parseFile(static_cast<FileId>(i), sources[i], sink));
  return mergeFiles(std::move(files), sink);
}

TEST(Merge, ConcatenatesInFileOrder) {
  DiagnosticSink sink;
  ast::File p = mergeSources({"entity B { id: Integer }\nupload U2 { }",
                              "database { entity A { id: Integer } }\nupload U1 { }"},
                             sink);
  EXPECT_FALSE(sink.hasErrors());
  ASSERT_EQ(p.databases.size(), 2u);
  EXPECT_EQ(p.databases[0].entities[0].name.name, "B");
  EXPECT_EQ(p.databases[1].entities[0].name.name, "A");
  EXPECT_EQ(p.databases[1].entities[0].name.span.file, 1u);
  ASSERT_EQ(p.uploads.size(), 2u);
  EXPECT_EQ(p.uploads[0].name.name, "U2");
  EXPECT_EQ(p.id, kNoFile);
}

TEST(Merge, DuplicateEntityAcrossFiles) {
  auto d = checkSources(
      {"database { entity User { id: Integer } }", "database {\n  entity User { id: Integer }\n}"});
  Diagnostic e = only(d, "E0101");
  EXPECT_EQ(e.span.file, 1u);
  EXPECT_EQ(e.span.line, 2u);
  EXPECT_EQ(e.span.col, 10u);
  ASSERT_EQ(e.notes.size(), 1u);
  EXPECT_EQ(e.notes[0].message, "first defined here");
  EXPECT_EQ(e.notes[0].span.file, 0u);
  EXPECT_EQ(e.notes[0].span.col, 19u);
}

TEST(Merge, DuplicateWithinOneFileAndAcrossDatabases) {
  auto d = check("database { entity A { id: Integer } }\ndatabase { entity A { id: Integer } }");
  EXPECT_THAT(codesAt(d), ElementsAre("E0101@2:19")) << dump(d);
}

TEST(Merge, EachKindHasItsOwnNamespace) {
  auto d = check(R"(type Money = Decimal
type Money = Integer
upload Avatar { field f mime: [image/png] store strategy: local path: "u" naming: uuid }
upload Avatar { field f mime: [image/png] store strategy: local path: "u" naming: uuid }
action ping() { return 1 }
action ping() { return 2 }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0101@2:6", "E0101@4:8", "E0101@6:8")) << dump(d);
  // The same name in different kinds is fine.
  auto ok = check("type Order = Integer\nupload Order { field f mime: [image/png] store strategy: "
                  "local path: \"u\" naming: uuid }");
  EXPECT_THAT(codes(ok), IsEmpty()) << dump(ok);
}

TEST(Merge, DesignSystemsMergeSectionBySection) {
  DiagnosticSink sink;
  ast::File p = mergeSources({"design_system { colors { light { primary: \"#fff\" } } }",
                              "design_system { colors { light { accent: \"#000\" } dark { "
                              "primary: \"#111\" } } spacing { sm: 4 } }"},
                             sink);
  EXPECT_THAT(sink.all(), IsEmpty());
  ASSERT_EQ(p.designSystems.size(), 1u);
  const auto& sections = p.designSystems[0].sections;
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].key.name, "colors");
  ASSERT_EQ(sections[0].group.size(), 2u);
  EXPECT_EQ(sections[0].group[0].key.name, "light");
  EXPECT_EQ(sections[0].group[0].group.size(), 2u);
  EXPECT_EQ(sections[1].key.name, "spacing");
}

TEST(Merge, DuplicateDesignToken) {
  auto d = checkSources(
      {"design_system { spacing { sm: 4 } }", "design_system {\n spacing { sm: 8 md: 8 md: 9 } }"});
  EXPECT_THAT(codesAt(d), ElementsAre("E0102@2:12", "E0102@2:24")) << dump(d);
  EXPECT_TRUE(contains(d[0].message, "'spacing.sm'")) << d[0].message;
  EXPECT_EQ(d[0].notes.at(0).span.file, 0u);
}

TEST(Merge, TokenThemeKeyAsStringOrName) {
  auto d = check("design_system { colors { \"light\" { primary: \"#fff\" } light { primary: "
                 "\"#000\" } } }");
  EXPECT_THAT(codes(d), ElementsAre("E0102")) << dump(d);
}

TEST(Symbols, TablesAndHelpers) {
  DiagnosticSink sink;
  ast::File p = mergeSources({"database { entity B { id: Integer } entity A { id: Integer } }\n"
                              "type T = String\naction serverPing() { return 1 }\n"
                              "store S { action clientPing() { } }"},
                             sink);
  Symbols s = buildSymbols(p);
  EXPECT_THAT(s.entityNames(), ElementsAre("A", "B"));
  EXPECT_EQ(s.aliases.count("T"), 1u);
  EXPECT_EQ(s.stores.count("S"), 1u);
  EXPECT_THAT(s.actionNames(), ElementsAre("clientPing", "serverPing"));
  EXPECT_TRUE(isPrimitiveType("UUID"));
  EXPECT_FALSE(isPrimitiveType("Uuid"));
  EXPECT_TRUE(isNumericType("BigInt"));
  EXPECT_FALSE(isNumericType("String"));
  EXPECT_TRUE(isStringType("URL"));
  EXPECT_FALSE(isStringType("Json"));
  EXPECT_EQ(primitiveTypeNames().size(), 12u);
}

TEST(Symbols, FirstDefinitionWins) {
  DiagnosticSink sink;
  ast::File p = mergeSources({"entity A { x: Integer }", "entity A { y: Integer }"}, sink);
  Symbols s = buildSymbols(p);
  ASSERT_EQ(s.entities.count("A"), 1u);
  EXPECT_EQ(s.entities.at("A")->fields.at(0).name.name, "x");
}

// ------------------------------------------------------------------------------- peer corpus

std::string corpusPath(const std::string& file) {
  return std::string(LOCUS_SHARED_DIR) + "/conformance/peer-corpus/" + file;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Codes of merge, database, design_system and upload checks (E0103 belongs to code checks).
bool dataModelCode(const std::string& c) {
  return c == "E0101" || c == "E0102" || c == "E0104" || c == "E0106" || c.rfind("E02", 0) == 0 ||
         c.rfind("E03", 0) == 0 || c.rfind("E07", 0) == 0;
}

// Diagnostics of one corpus file, or nullopt when our parser rejects it (not checked here).
std::optional<std::vector<Diagnostic>> checkCorpusFile(const std::string& file) {
  DiagnosticSink sink;
  std::vector<ast::File> files;
  files.push_back(parseFile(0, readFile(corpusPath(file)), sink));
  if (sink.hasErrors()) return std::nullopt;
  ast::File program = mergeFiles(std::move(files), sink);
  checkProgram(program, CheckOptions{}, sink);
  return sink.sorted();
}

// Every program the peer validates is accepted by our data-model checks too, except for the
// foreign-key rule (E0203) that we enforce always and the peer only sometimes, and unknown type
// names outside entities (E0104: `state { u: User }` without `entity User`), which the peer
// accepts and whose TypeScript would not compile (docs/language/differences.md).
TEST(PeerCorpus, AcceptsWhatThePeerValidates) {
  std::ifstream tsv(corpusPath("expectations.tsv"));
  ASSERT_TRUE(tsv) << "missing peer corpus";
  std::string line;
  int checked = 0;
  while (std::getline(tsv, line)) {
    std::istringstream fields(line);
    std::string file, parse, validate;
    std::getline(fields, file, '\t');
    std::getline(fields, parse, '\t');
    std::getline(fields, validate, '\t');
    if (validate != "ok" || parse != "OK") continue;
    auto diags = checkCorpusFile(file);
    if (!diags) continue;
    ++checked;
    for (const Diagnostic& d : *diags)
      if (d.severity == Severity::Error && dataModelCode(code(d)) && code(d) != "E0203" &&
          code(d) != "E0104")
        ADD_FAILURE() << file << ": " << code(d) << " " << d.span.line << ":" << d.span.col << " "
                      << d.message;
  }
  EXPECT_GT(checked, 100);
  std::cerr << "[          ] " << checked << " peer-valid files checked\n";
}

// Files the peer rejects for a data-model reason: we report the matching code.
TEST(PeerCorpus, RejectsWhatThePeerRejects) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"tests/tests__merger__design_system_merge__3.locus", "E0301"},
      {"tests/tests__parser__error_correlation_multi_file__1.locus", "E0201"},
      {"tests/tests__parser__grammar_modules__4.locus", "E0701"},
      {"tests/tests__parser__new_primitives__1.locus", "E0209"},
      {"tests/tests__parser__property_based_scalar_roundtrip__11.locus", "E0102"},
      {"tests/tests__parser__upload_dsl__1.locus", "E0701"},
      {"tests/tests__validator__default_call_whitelist__2.locus", "E0206"},
      {"tests/tests__validator__design_system_names_loc__1.locus", "E0302"},
      {"tests/tests__validator__duplicate_field__1.locus", "E0102"},
      {"tests/tests__validator__integer_default_range__2.locus", "E0206"},
      {"tests/tests__validator__integer_default_range__3.locus", "E0206"},
      {"tests/tests__validator__integer_overflow_default__1.locus", "E0206"},
      {"tests/tests__validator__list_field_validation__1.locus", "E0208"},
      {"tests/tests__validator__relation_inverse_validation__1.locus", "E0202"},
      {"tests/tests__validator__relation_policy__2.locus", "E0204"},
      {"tests/tests__validator__relation_cardinality_validation__1.locus", "E0210"},
      {"tests/tests__validator__primitive_constraints_validation__1.locus", "E0204"},
      {"tests/tests__validator__primitive_constraints_validation__2.locus", "E0204"},
  };
  for (const auto& [file, expected] : cases) {
    auto diags = checkCorpusFile(file);
    ASSERT_TRUE(diags) << file << " no longer parses";
    EXPECT_THAT(codes(*diags), ::testing::Contains(expected)) << file << "\n" << dump(*diags);
  }
}

} // namespace
} // namespace locus::testing
