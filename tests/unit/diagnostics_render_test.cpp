// The four diagnostic output formats: pretty (exact text), json, sarif and github.
#include "compiler/diagnostics/render.h"

#include "compiler/base/ordered_json.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace locus {
namespace {

using Json = nlohmann::json;

constexpr const char* kSource = "entity User {\n"
                                "  name: String\n"
                                "}\n"
                                "entity User {\n"
                                "  emial: Strng\n"
                                "}\n";

// Offset of (line, col) in `text`, so spans in the tests stay consistent with their text.
uint32_t offsetOf(std::string_view text, uint32_t line, uint32_t col) {
  size_t pos = 0;
  for (uint32_t l = 1; l < line; ++l) pos = text.find('\n', pos) + 1;
  return static_cast<uint32_t>(pos + col - 1);
}

Span spanAt(const SourceSet& sources, FileId file, uint32_t line, uint32_t col, uint32_t length) {
  return Span{file, offsetOf(sources.file(file).text, line, col), line, col, length};
}

Diagnostic makeDiag(DiagKind kind, Span span, std::string message) {
  Diagnostic d;
  d.kind = kind;
  d.severity = diagKindInfo(kind).severity;
  d.span = span;
  d.message = std::move(message);
  return d;
}

class RenderTest : public ::testing::Test {
protected:
  RenderTest() {
    file_ = sources_.add("app.locus", kSource);
    Diagnostic dup = makeDiag(DiagKind::DuplicateDefinition, spanAt(sources_, file_, 4, 8, 4),
                              "duplicate definition of entity 'User'");
    dup.notes.push_back({spanAt(sources_, file_, 1, 8, 4), "'User' was first defined here"});
    Diagnostic type =
        makeDiag(DiagKind::UnknownType, spanAt(sources_, file_, 5, 10, 5), "unknown type 'Strng'");
    type.suggestion = "String";
    type.notes.push_back({Span{}, "types are primitives, entities or type aliases"});
    diags_ = {std::move(dup), std::move(type)};
  }

  std::string render(DiagnosticFormat format, bool color = false) const {
    return renderWith(diags_, format, color);
  }

  std::string renderWith(const std::vector<Diagnostic>& diags, DiagnosticFormat format,
                         bool color = false) const {
    std::string text;
    llvm::raw_string_ostream out(text);
    RenderOptions options;
    options.format = format;
    options.color = color;
    renderDiagnostics(diags, sources_, options, out);
    out.flush();
    return text;
  }

  SourceSet sources_;
  FileId file_ = kNoFile;
  std::vector<Diagnostic> diags_;
};

TEST(RenderFormatTest, ParsesFormatNames) {
  EXPECT_EQ(parseDiagnosticFormat("pretty"), DiagnosticFormat::Pretty);
  EXPECT_EQ(parseDiagnosticFormat("json"), DiagnosticFormat::Json);
  EXPECT_EQ(parseDiagnosticFormat("sarif"), DiagnosticFormat::Sarif);
  EXPECT_EQ(parseDiagnosticFormat("github"), DiagnosticFormat::Github);
  EXPECT_EQ(parseDiagnosticFormat("xml"), std::nullopt);
  EXPECT_EQ(parseDiagnosticFormat(""), std::nullopt);
}

// ----------------------------------------------------------------------------------- pretty

TEST_F(RenderTest, PrettyShowsCodeCaretUnderlineNotesAndSummary) {
  EXPECT_EQ(render(DiagnosticFormat::Pretty),
            "app.locus:4:8: error[E0101]: duplicate definition of entity 'User'\n"
            "entity User {\n"
            "       ^~~~\n"
            "app.locus:1:8: note: 'User' was first defined here\n"
            "entity User {\n"
            "       ^~~~\n"
            "app.locus:5:10: error[E0104]: unknown type 'Strng'\n"
            "  emial: Strng\n"
            "         ^~~~~\n"
            "         String\n"
            "help: did you mean 'String'?\n"
            "note: types are primitives, entities or type aliases\n"
            "2 errors generated.\n");
}

TEST_F(RenderTest, PrettyDoesNotRepeatASuggestionTheMessageNames) {
  Diagnostic d = makeDiag(DiagKind::UnknownType, spanAt(sources_, file_, 5, 10, 5),
                          "unknown type 'Strng'; did you mean 'String'?");
  d.suggestion = "String";
  EXPECT_EQ(renderWith({d}, DiagnosticFormat::Pretty),
            "app.locus:5:10: error[E0104]: unknown type 'Strng'; did you mean 'String'?\n"
            "  emial: Strng\n"
            "         ^~~~~\n"
            "         String\n"
            "1 error generated.\n");
  EXPECT_EQ(renderWith({d}, DiagnosticFormat::Github),
            "::error file=app.locus,line=5,col=10,endColumn=14,title=E0104::unknown type "
            "'Strng'; did you mean 'String'?\n");
}

TEST_F(RenderTest, PrettyWithoutLocationUsesToolName) {
  Diagnostic d = makeDiag(DiagKind::ReadError, Span{}, "cannot read 'missing.locus'");
  EXPECT_EQ(renderWith({d}, DiagnosticFormat::Pretty),
            "locusc: error[E0007]: cannot read 'missing.locus'\n"
            "1 error generated.\n");
}

TEST_F(RenderTest, PrettySummaryCountsWarnings) {
  std::vector<Diagnostic> diags = diags_;
  diags.push_back(makeDiag(DiagKind::NamingConvention, spanAt(sources_, file_, 1, 8, 4),
                           "entity names are PascalCase"));
  std::string text = renderWith(diags, DiagnosticFormat::Pretty);
  EXPECT_NE(text.find("app.locus:1:8: warning[W0105]: entity names are PascalCase\n"),
            std::string::npos);
  EXPECT_TRUE(text.ends_with("\n2 errors and 1 warning generated.\n")) << text;
  diags.erase(diags.begin(), diags.begin() + 2);
  EXPECT_TRUE(renderWith(diags, DiagnosticFormat::Pretty).ends_with("\n1 warning generated.\n"));
}

TEST_F(RenderTest, PrettyPrintsNothingWithoutDiagnostics) {
  EXPECT_EQ(renderWith({}, DiagnosticFormat::Pretty), "");
}

TEST_F(RenderTest, PrettySpanBeyondEndOfFileDoesNotCrash) {
  std::vector<Diagnostic> diags = {
      makeDiag(DiagKind::SyntaxError, Span{file_, 9999, 99, 1, 1}, "past the last line"),
      makeDiag(DiagKind::SyntaxError, Span{file_, 1, 1, 500, 3}, "past the end of the line"),
      makeDiag(DiagKind::SyntaxError, Span{file_, 72, 7, 1, 40}, "at the very end"),
      makeDiag(DiagKind::SyntaxError, Span{77, 0, 1, 1, 1}, "unknown file")};
  EXPECT_EQ(renderWith(diags, DiagnosticFormat::Pretty),
            "app.locus:99:1: error[E0001]: past the last line\n"
            "app.locus:1:500: error[E0001]: past the end of the line\n"
            "app.locus:7:1: error[E0001]: at the very end\n"
            "\n"
            "^\n"
            "locusc: error[E0001]: unknown file\n"
            "4 errors generated.\n");
}

TEST_F(RenderTest, PrettyExpandsTabs) {
  FileId tabs = sources_.add("tabs.locus", "entity A {\n\tx: Strng\n}\n");
  Diagnostic d = makeDiag(DiagKind::UnknownType, spanAt(sources_, tabs, 2, 5, 5), "unknown type");
  EXPECT_EQ(renderWith({d}, DiagnosticFormat::Pretty),
            "tabs.locus:2:5: error[E0104]: unknown type\n"
            "        x: Strng\n"
            "           ^~~~~\n"
            "1 error generated.\n");
}

TEST_F(RenderTest, PrettyUnderlinesLinesWithUnicode) {
  FileId utf8 = sources_.add("utf8.locus", "page Caf\xC3\xA9 { title: \"\xC3\xA9t\xC3\xA9\" x }\n");
  Diagnostic d = makeDiag(DiagKind::UnknownName, spanAt(sources_, utf8, 1, 29, 1), "unknown name");
  EXPECT_EQ(renderWith({d}, DiagnosticFormat::Pretty),
            "utf8.locus:1:29: error[E0103]: unknown name\n"
            "page Caf\xC3\xA9 { title: \"\xC3\xA9t\xC3\xA9\" x }\n"
            "                         ^\n"
            "1 error generated.\n");
}

TEST_F(RenderTest, PrettyWindowsVeryLongLines) {
  std::string line = std::string(5000, 'a') + " bad " + std::string(5000, 'b');
  FileId longFile = sources_.add("long.locus", line + "\n");
  Diagnostic d =
      makeDiag(DiagKind::SyntaxError, spanAt(sources_, longFile, 1, 5002, 3), "unexpected 'bad'");
  std::string text = renderWith({d}, DiagnosticFormat::Pretty);
  std::istringstream lines(text);
  std::string header, source, caret;
  std::getline(lines, header);
  std::getline(lines, source);
  std::getline(lines, caret);
  EXPECT_LT(source.size(), 200u);
  EXPECT_TRUE(source.starts_with("...a")) << source;
  EXPECT_TRUE(source.ends_with("b...")) << source;
  ASSERT_EQ(caret.find('^'), source.find("bad"));
  EXPECT_EQ(caret.substr(caret.find('^')), "^~~");
}

TEST_F(RenderTest, PrettyUsesColorsOnlyWhenAsked) {
  EXPECT_EQ(render(DiagnosticFormat::Pretty).find('\x1b'), std::string::npos);
  std::string colored = render(DiagnosticFormat::Pretty, /*color=*/true);
  EXPECT_NE(colored.find("\x1b["), std::string::npos);
  EXPECT_NE(colored.find("error[E0101]"), std::string::npos);
}

// ------------------------------------------------------------------------------------- json

TEST_F(RenderTest, JsonHasEveryField) {
  Json doc = Json::parse(render(DiagnosticFormat::Json));
  EXPECT_EQ(doc["version"], 1);
  ASSERT_EQ(doc["diagnostics"].size(), 2u);
  const Json& first = doc["diagnostics"][0];
  std::vector<std::string> keys;
  for (auto it = first.begin(); it != first.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(first["severity"], "error");
  EXPECT_EQ(first["code"], "E0101");
  EXPECT_EQ(first["message"], "duplicate definition of entity 'User'");
  EXPECT_EQ(first["file"], "app.locus");
  EXPECT_EQ(first["line"], 4);
  EXPECT_EQ(first["column"], 8);
  EXPECT_EQ(first["length"], 4);
  EXPECT_EQ(first["endLine"], 4);
  EXPECT_EQ(first["endColumn"], 12);
  ASSERT_EQ(first["notes"].size(), 1u);
  EXPECT_EQ(first["notes"][0]["message"], "'User' was first defined here");
  EXPECT_EQ(first["notes"][0]["line"], 1);
  EXPECT_TRUE(first["suggestion"].is_null());

  const Json& second = doc["diagnostics"][1];
  EXPECT_EQ(second["suggestion"], "String");
  EXPECT_TRUE(second["notes"][0]["file"].is_null());
  EXPECT_EQ(doc["summary"]["errors"], 2);
  EXPECT_EQ(doc["summary"]["warnings"], 0);
}

TEST_F(RenderTest, JsonKeysAreInDocumentedOrder) {
  locus::OrderedJson doc = locus::OrderedJson::parse(render(DiagnosticFormat::Json));
  std::vector<std::string> keys;
  for (auto& [key, value] : doc["diagnostics"][0].items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"severity", "code", "message", "file", "line", "column",
                                      "length", "endLine", "endColumn", "notes", "suggestion"}));
}

// ------------------------------------------------------------------------------------ sarif

TEST_F(RenderTest, SarifIsAMinimalValidLog) {
  Json log = Json::parse(render(DiagnosticFormat::Sarif));
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_TRUE(log.contains("$schema"));
  ASSERT_EQ(log["runs"].size(), 1u);
  const Json& run = log["runs"][0];
  const Json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "locusc");
  EXPECT_EQ(driver["version"], "0.1.0");
  ASSERT_EQ(driver["rules"].size(), 2u);
  EXPECT_EQ(driver["rules"][0]["id"], "E0101");
  EXPECT_EQ(driver["rules"][0]["shortDescription"]["text"],
            diagKindInfo(DiagKind::DuplicateDefinition).summary);
  EXPECT_EQ(driver["rules"][0]["fullDescription"]["text"],
            diagKindInfo(DiagKind::DuplicateDefinition).explanation);

  ASSERT_EQ(run["results"].size(), 2u);
  const Json& result = run["results"][0];
  EXPECT_EQ(result["ruleId"], "E0101");
  EXPECT_EQ(result["ruleIndex"], 0);
  EXPECT_EQ(result["level"], "error");
  EXPECT_EQ(result["message"]["text"], "duplicate definition of entity 'User'");
  const Json& location = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "app.locus");
  EXPECT_EQ(location["region"], Json({{"startLine", 4}, {"startColumn", 8}, {"endColumn", 12}}));
  EXPECT_EQ(result["relatedLocations"][0]["message"]["text"], "'User' was first defined here");
  EXPECT_EQ(result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 1);

  const Json& fix = run["results"][1]["fixes"][0];
  EXPECT_EQ(fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "String");
}

TEST_F(RenderTest, SarifListsEachRuleOnce) {
  std::vector<Diagnostic> diags = diags_;
  diags.push_back(diags_[0]);
  Json log = Json::parse(renderWith(diags, DiagnosticFormat::Sarif));
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), 2u);
  EXPECT_EQ(log["runs"][0]["results"][2]["ruleIndex"], 0);
}

TEST_F(RenderTest, SarifColumnsCountCodePoints) {
  FileId utf8 = sources_.add("dir with space/u.locus", "x: \"\xC3\xA9\xC3\xA9\" bad\n");
  Diagnostic d = makeDiag(DiagKind::SyntaxError, spanAt(sources_, utf8, 1, 11, 3), "bad");
  Json log = Json::parse(renderWith({d}, DiagnosticFormat::Sarif));
  const Json& location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "dir%20with%20space/u.locus");
  EXPECT_EQ(location["region"]["startColumn"], 9);
  EXPECT_EQ(location["region"]["endColumn"], 12);
}

// ----------------------------------------------------------------------------------- github

TEST_F(RenderTest, GithubOneAnnotationPerDiagnostic) {
  EXPECT_EQ(render(DiagnosticFormat::Github),
            "::error file=app.locus,line=4,col=8,endColumn=11,title=E0101::duplicate definition "
            "of entity 'User'%0Anote: app.locus:1:8: 'User' was first defined here\n"
            "::error file=app.locus,line=5,col=10,endColumn=14,title=E0104::unknown type "
            "'Strng'%0Ahelp: did you mean 'String'?%0Anote: types are primitives, entities or "
            "type aliases\n");
}

TEST_F(RenderTest, GithubEscapesMessagesAndProperties) {
  FileId odd = sources_.add("a,b:c%d.locus", "x\n");
  Diagnostic d = makeDiag(DiagKind::NamingConvention, spanAt(sources_, odd, 1, 1, 1),
                          "100% wrong:\r\nsee, here");
  EXPECT_EQ(renderWith({d}, DiagnosticFormat::Github),
            "::warning file=a%2Cb%3Ac%25d.locus,line=1,col=1,endColumn=1,title=W0105::100%25 "
            "wrong:%0D%0Asee, here\n");
  Diagnostic unlocated = makeDiag(DiagKind::ReadError, Span{}, "cannot read");
  EXPECT_EQ(renderWith({unlocated}, DiagnosticFormat::Github),
            "::error title=E0007::cannot read\n");
}

} // namespace
} // namespace locus
