// The hand-written lexer (HandTokenSource / LocusScanner) against the ANTLR-generated one
// (LocusTokenSource, the reference): for every real .locus file we have and for thousands of
// random and hostile inputs, both must give the same tokens (type, text, start, stop, line,
// column, channel), the same lexical diagnostics, and the same parse (AST JSON + diagnostics).
#include "compiler/ast/ast_json.h"
#include "compiler/lex/hand_token_source.h"
#include "compiler/lex/token_source.h"
#include "compiler/parse/parse_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace locus {
namespace {

namespace fs = std::filesystem;

struct TokenRecord {
  size_t type, start, stop, line, col, channel;
  std::string text; // the source bytes start..stop (EOF: empty)
  bool operator==(const TokenRecord&) const = default;
};

std::string describe(const TokenRecord& t) {
  std::ostringstream out;
  out << "type " << t.type << " [" << t.start << ".." << static_cast<long long>(t.stop) << "] "
      << t.line << ":" << t.col << " ch" << t.channel << " '" << t.text << "'";
  return out.str();
}

struct Lexed {
  std::vector<TokenRecord> tokens;
  std::vector<std::string> diagnostics;
};

TokenRecord record(const antlr4::Token& t, std::string_view text) {
  TokenRecord r{t.getType(), t.getStartIndex(),         t.getStopIndex(),
                t.getLine(), t.getCharPositionInLine(), t.getChannel(),
                ""};
  if (t.getType() != antlr4::Token::EOF && r.start < text.size() && r.stop >= r.start)
    r.text = std::string(text.substr(r.start, r.stop - r.start + 1));
  return r;
}

std::vector<std::string> describeDiagnostics(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.all())
    out.push_back(std::string(diagKindInfo(d.kind).code) + " @" + std::to_string(d.span.offset) +
                  " " + std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + "+" +
                  std::to_string(d.span.length) + " " + d.message);
  return out;
}

// Pulls tokens up to EOF (bounded, in case a lexer never ends).
template <class Source> void drain(Source& source, std::string_view text, Lexed& out) {
  for (size_t i = 0; i <= text.size() + 2; ++i) {
    std::unique_ptr<antlr4::Token> t = source.nextToken();
    out.tokens.push_back(record(*t, text));
    if (t->getType() != antlr4::Token::EOF && std::is_same_v<Source, HandTokenSource>) {
      EXPECT_EQ(t->getText(), out.tokens.back().text); // tokens read their text in place
    }
    if (t->getType() == antlr4::Token::EOF) return;
  }
  ADD_FAILURE() << "no EOF after " << text.size() + 2 << " tokens";
}

Lexed lexWithAntlr(std::string_view text, uint32_t maxNesting) {
  Lexed out;
  DiagnosticSink sink;
  ByteInputStream input(text);
  LocusTokenSource lexer(&input, text, 0, sink, maxNesting);
  drain(lexer, text, out);
  out.diagnostics = describeDiagnostics(sink);
  return out;
}

Lexed lexWithHand(std::string_view text, uint32_t maxNesting) {
  Lexed out;
  DiagnosticSink sink;
  HandTokenSource lexer(text, text, 0, sink, maxNesting);
  drain(lexer, text, out);
  out.diagnostics = describeDiagnostics(sink);
  return out;
}

// Empty when both lexers agree, else where they first differ.
std::string lexerDifference(std::string_view text, uint32_t maxNesting = 256) {
  Lexed a = lexWithAntlr(text, maxNesting), h = lexWithHand(text, maxNesting);
  size_t n = std::min(a.tokens.size(), h.tokens.size());
  for (size_t i = 0; i < n; ++i)
    if (!(a.tokens[i] == h.tokens[i]))
      return "token " + std::to_string(i) + ": antlr " + describe(a.tokens[i]) + " / hand " +
             describe(h.tokens[i]);
  if (a.tokens.size() != h.tokens.size())
    return "token counts " + std::to_string(a.tokens.size()) + " / " +
           std::to_string(h.tokens.size());
  if (a.diagnostics != h.diagnostics) {
    std::string out = "diagnostics differ:\n";
    for (const std::string& d : a.diagnostics) out += "  antlr " + d + "\n";
    for (const std::string& d : h.diagnostics) out += "  hand  " + d + "\n";
    return out;
  }
  return "";
}

// The whole parse through parseFile with each lexer: AST JSON and every diagnostic.
std::string parseDifference(const std::string& text) {
  auto parseWith = [&](LexerKind kind) {
    DiagnosticSink sink;
    SourceSet sources;
    FileId id = sources.add("input.locus", text);
    ParseOptions options;
    options.lexer = kind;
    ast::File file = parseFile(id, text, sink, options);
    return astToJson(file, sources).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n" + ::testing::PrintToString(describeDiagnostics(sink));
  };
  std::string a = parseWith(LexerKind::Antlr), h = parseWith(LexerKind::Hand);
  return a == h ? ""
                : "parse differs:\nantlr " + a.substr(0, 2000) + "\nhand  " + h.substr(0, 2000);
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> locusFilesUnder(const fs::path& root) {
  std::vector<fs::path> files;
  if (!fs::exists(root)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".locus") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

void expectSameOnFiles(const std::vector<fs::path>& files) {
  for (const fs::path& f : files) {
    std::string text = readFile(f);
    EXPECT_EQ(lexerDifference(text), "") << f;
    EXPECT_EQ(parseDifference(text), "") << f;
  }
}

TEST(LexerDifferential, PeerCorpus) {
  auto files = locusFilesUnder(fs::path(LOCUS_SHARED_DIR) / "conformance/peer-corpus");
  ASSERT_GT(files.size(), 300u);
  expectSameOnFiles(files);
}

TEST(LexerDifferential, ExamplesAndGolden) {
  auto files = locusFilesUnder(fs::path(LOCUS_SOURCE_DIR) / "examples");
  auto golden = locusFilesUnder(fs::path(LOCUS_SOURCE_DIR) / "tests/golden");
  ASSERT_FALSE(files.empty());
  ASSERT_FALSE(golden.empty());
  files.insert(files.end(), golden.begin(), golden.end());
  expectSameOnFiles(files);
}

TEST(LexerDifferential, SyntheticLargeProject) {
  fs::path dir = fs::temp_directory_path() / ("locus-lexdiff-" + std::to_string(::getpid()));
  std::string cmd =
      "python3 " LOCUS_SOURCE_DIR "/bench/gen_synthetic.py --out " + dir.string() + " > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto files = locusFilesUnder(dir);
  EXPECT_EQ(files.size(), 5u);
  for (const fs::path& f : files) EXPECT_EQ(lexerDifference(readFile(f)), "") << f;
  fs::remove_all(dir);
}

// Every literal of the grammar's vocabulary (keywords and punctuation) lexes alike, alone and
// glued to a neighbour.
std::vector<std::string> vocabularyLiterals() {
  DiagnosticSink sink;
  ByteInputStream input("");
  LocusTokenSource lexer(&input, "", 0, sink, 256);
  const antlr4::dfa::Vocabulary& vocab = lexer.getVocabulary();
  std::vector<std::string> out;
  for (size_t t = 1; t <= vocab.getMaxTokenType(); ++t) {
    std::string lit = vocab.getLiteralName(t);
    if (lit.size() >= 3) out.push_back(lit.substr(1, lit.size() - 2));
  }
  return out;
}

TEST(LexerDifferential, EveryVocabularyLiteral) {
  std::vector<std::string> literals = vocabularyLiterals();
  ASSERT_GT(literals.size(), 90u);
  for (const std::string& lit : literals) {
    for (const std::string& text :
         {lit, lit + "x", "x" + lit, lit + "=", "{" + lit + "}", "ui { <a " + lit + "/> }"})
      EXPECT_EQ(lexerDifference(text), "") << text;
  }
}

TEST(LexerDifferential, HandPickedEdgeCases) {
  const std::vector<std::string> cases = {
      "",
      " ",
      "\n\n",
      "\r\n\r\n x",
      "\xEF\xBB\xBF"
      "entity",
      std::string("a\0b", 3),
      std::string("ui { \0 }", 8),
      std::string("ui { <a \0/> }", 13),
      std::string("style_override { \0 }", 20),
      // numbers and units
      "5 5ms 5m 5s 5h 5d 5msx 5mb 5B 5KB 5MB 5GB 5.5 5.5KB 5.5s 5. 5.e 5e 5e3 5E+3 5e- 1.5K 5GBx",
      "0.5e10ms 12.34.56 1..2 .5 5_ 5x",
      // strings
      "\"a\\\"b\" 'a\\'b' \"multi\nline\" 'x\ny' \"\\",
      "\"abc\\",
      "'abc\\",
      "'abc\\\n'",
      "'ab\r'",
      "\"unterminated",
      "'unterminated",
      "\"\\\n\"",
      "''",
      "\"\"",
      // comments
      "/* a */ b",
      "/* a ** / b",
      "/*/ x */",
      "/**/",
      "/*",
      "/* a *",
      "/* **",
      "// line\nx",
      "//",
      "a // c\r\nb",
      "/= / *= *",
      // colors and punctuation
      "#fff #1a2B # #-",
      "?. ?: ? ?? .? a?.b x?:T",
      "&& & || | == = != ! <= >= < >",
      "+= -= *= /= + - * / % @ ; , : ( ) [ ] $ ~ ^ ` \\",
      // markup
      "page P { ui { <div class=\"a\" id='b' x={1} y=bare z=a.b:c-d/>text{ {a: 1} }</div> } }",
      "ui { <!-- c --> <a/> <!-- unterminated <b/> }",
      "ui { <!--> --> }",
      "ui { <!---> }",
      "ui { <a \"unterminated /> }",
      "ui { <a 'x/> }",
      "ui { <a / > }",
      "ui { <a <b }",
      "ui { <a } }",
      "ui { </a> </ a > }",
      "ui { <a b+c d$e f=\"g\"h/> }",
      "ui { text { nested { braces } } more }",
      "ui { <a {x}/> }",
      "ui{<a>{<b/>}</a>}",
      "ui ui { <a/> }",
      "ui x { <a/> }",
      "ui $ { <a/> }",
      "ui /* c */ { <a/> }",
      "ui // c\n { <a/> }",
      "style_override { .a { color: red } .b{} }",
      "style_override x { .a {} }",
      "style_override { unterminated { ",
      "component C { <Text/> }",
      "component C { x } <Text/>",
      "page P { state { } <Box>hi</Box> }",
      "{ <a/> }",
      "<a/>",
      "x < y",
      "{ < a }",
      "{ <1 }",
      "{}<b",
      "{ }<b>text</b>",
      // unbalanced braces
      "}}}",
      "ui { } } }",
      "{{{",
      "ui { { { ",
      "style_override { } } } <a",
  };
  for (const std::string& text : cases) {
    EXPECT_EQ(lexerDifference(text), "") << text;
    EXPECT_EQ(parseDifference(text), "") << text;
  }
}

TEST(LexerDifferential, NestingLimitCutsTheSamePlace) {
  std::string deep(40, '(');
  std::string markup = "ui { " + std::string(40 * 3, ' ');
  for (int i = 0; i < 40; ++i) markup += "<a>";
  for (uint32_t limit : {0u, 1u, 5u, 20u}) {
    EXPECT_EQ(lexerDifference(deep, limit), "") << limit;
    EXPECT_EQ(lexerDifference("x\n" + deep + "\n) y", limit), "") << limit;
    EXPECT_EQ(lexerDifference(markup, limit), "") << limit;
    EXPECT_EQ(lexerDifference("style_override { { { { { { {", limit), "") << limit;
  }
}

// Random strings over the grammar's own alphabet (so modes, strings and comments interleave),
// random bytes (invalid UTF-8, NUL, control characters) and mutated corpus files.
TEST(LexerDifferential, RandomAndHostileInputs) {
  std::vector<std::string> pieces = vocabularyLiterals();
  for (const char* p :
       {"{",    "}",       "<",     "</",     "/>",       ">",    "ui {", "style_override {",
        "\"",   "'",       "\\",    "/*",     "*/",       "//",   "<!--", "-->",
        "\n",   "\r",      "\t",    " ",      "  ",       "#",    "#a1",  "5",
        "5ms",  "1.5KB",   "e+",    "3e",     ".",        "x",    "Abc",  "_",
        "=",    "a.b:c-d", "text",  "\xFF",   "\xC3\xA9", "\xC3", "\x80", "\x01",
        "\x7F", "{a: 1}",  "<div>", "<Text/>"})
    pieces.emplace_back(p);
  pieces.emplace_back(std::string(1, '\0'));

  std::mt19937_64 rng(20261122);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  size_t failures = 0;
  for (int round = 0; round < 3000 && failures < 5; ++round) {
    std::string text;
    if (round % 3 == 2) {
      size_t len = pick(200);
      for (size_t i = 0; i < len; ++i) text += static_cast<char>(rng() & 0xFF);
    } else {
      size_t len = pick(60);
      for (size_t i = 0; i < len; ++i) text += pieces[pick(pieces.size())];
    }
    uint32_t limit = round % 5 == 0 ? static_cast<uint32_t>(pick(6)) : 256;
    std::string diff = lexerDifference(text, limit);
    if (!diff.empty()) {
      ++failures;
      ADD_FAILURE() << diff << "\ninput (" << text.size()
                    << " bytes): " << ::testing::PrintToString(text);
    }
  }
  EXPECT_EQ(failures, 0u);
}

TEST(LexerDifferential, MutatedCorpusFiles) {
  auto files = locusFilesUnder(fs::path(LOCUS_SHARED_DIR) / "conformance/peer-corpus");
  ASSERT_FALSE(files.empty());
  std::mt19937_64 rng(7);
  auto pick = [&](size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng() % n); };
  const char* inserts[] = {"{",  "}",    "<",    "\"", "'", "/*", "ui {", "style_override {",
                           "\\", "<!--", "\xFF", "#",  "5m"};
  size_t failures = 0;
  for (int round = 0; round < 600 && failures < 5; ++round) {
    std::string text = readFile(files[pick(files.size())]);
    if (text.size() > 8000) text.resize(8000);
    for (int m = 0; m < 4; ++m) {
      size_t at = pick(text.size() + 1);
      switch (rng() % 4) {
      case 0:
        text.insert(at, inserts[pick(std::size(inserts))]);
        break;
      case 1:
        text.erase(at, pick(20));
        break;
      case 2:
        if (at < text.size()) text[at] = static_cast<char>(rng() & 0xFF);
        break;
      default:
        text.resize(at);
        break;
      }
    }
    std::string diff = lexerDifference(text);
    if (diff.empty()) diff = parseDifference(text);
    if (!diff.empty()) {
      ++failures;
      ADD_FAILURE() << diff << "\ninput: " << ::testing::PrintToString(text);
    }
  }
  EXPECT_EQ(failures, 0u);
}

} // namespace
} // namespace locus
