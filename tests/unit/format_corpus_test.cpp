// `locusc fmt` never changes a program, on every file we have: the peer corpus, the examples and
// the synthetic L project. For each file that parses: fmt(fmt(x)) == fmt(x); the AST of fmt(x)
// equals the AST of x with spans left out (for a file with syntax errors: its diagnostics are the
// same); and the text without whitespace is unchanged (every token and every comment survives,
// in order). Only files with lexical errors are refused.
// Cost: ~1 s (about 400 files, each parsed three times).
#include "compiler/ast/ast_json.h"
#include "compiler/format/format_source.h"
#include "compiler/frontend/load_project.h"
#include "compiler/parse/parse_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void dropSpans(OrderedJson& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      const std::string& key = it.key();
      if (key == "span" || (key.size() > 4 && key.ends_with("Span")))
        it = j.erase(it);
      else
        dropSpans(*it++);
    }
  } else if (j.is_array()) {
    for (OrderedJson& item : j) dropSpans(item);
  }
}

// The AST as JSON without spans, or the diagnostics' codes and messages when it does not parse.
std::string astWithoutSpans(const std::string& text) {
  SourceSet sources;
  DiagnosticSink sink;
  FileId id = sources.add("x.locus", text);
  ast::File file = parseFile(id, sources.file(id).text, sink);
  if (sink.hasErrors()) {
    std::string errors;
    for (const Diagnostic& d : sink.all()) errors += d.message + "\n";
    return errors;
  }
  OrderedJson j = astToJson(file, sources);
  dropSpans(j);
  return j.dump();
}

std::string withoutWhitespace(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') out += c;
  return out;
}

struct Totals {
  int formatted = 0;
  int refused = 0;
};

void checkFile(const std::string& path, Totals& totals) {
  SCOPED_TRACE(path);
  std::string text = readAll(path);
  DiagnosticSink sink;
  format::FormatResult once = format::formatSource(0, text, sink);
  if (!once.ok) {
    EXPECT_FALSE(once.unsafe) << "the layout would have changed the program";
    EXPECT_TRUE(sink.hasErrors()) << "refused without a diagnostic";
    ++totals.refused;
    return;
  }
  ++totals.formatted;
  DiagnosticSink sink2;
  format::FormatResult twice = format::formatSource(0, once.text, sink2);
  ASSERT_TRUE(twice.ok);
  EXPECT_EQ(twice.text, once.text) << "not idempotent";
  EXPECT_EQ(astWithoutSpans(once.text), astWithoutSpans(text)) << "the AST changed";
  EXPECT_EQ(withoutWhitespace(once.text), withoutWhitespace(text)) << "a token or comment changed";
}

std::vector<std::string> locusFilesUnder(const fs::path& dir) {
  std::vector<std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".locus") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FormatCorpus, PeerCorpusFilesKeepTheirMeaning) {
  fs::path corpus = fs::path(LOCUS_SHARED_DIR) / "conformance" / "peer-corpus";
  std::vector<std::string> files = locusFilesUnder(corpus);
  if (files.empty()) GTEST_SKIP() << "no peer corpus at " << corpus;
  Totals totals;
  for (const std::string& f : files) checkFile(f, totals);
  EXPECT_GE(totals.formatted, 340) << totals.refused << " refused (lexical errors)";
}

TEST(FormatCorpus, ExamplesKeepTheirMeaning) {
  Totals totals;
  for (const std::string& f : locusFilesUnder(fs::path(LOCUS_SOURCE_DIR) / "examples"))
    checkFile(f, totals);
  EXPECT_GT(totals.formatted, 8);
  EXPECT_EQ(totals.refused, 0);
}

TEST(FormatCorpus, SyntheticLKeepsItsMeaning) {
  fs::path out = fs::temp_directory_path() / ("locus-fmt-L-" + std::to_string(::getpid()));
  std::string cmd = "python3 '" LOCUS_SOURCE_DIR "/bench/gen_synthetic.py' --out '" + out.string() +
                    "' > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  Totals totals;
  for (const std::string& f : locusFilesUnder(out)) checkFile(f, totals);
  fs::remove_all(out);
  EXPECT_EQ(totals.formatted, 5);
}

} // namespace
} // namespace locus
