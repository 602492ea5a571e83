// Robustness of the web generators on real programs: every peer-corpus file we accept goes
// through theme, react and next without an exception or an error (unsupported constructs may
// only be W0809 warnings).
#include "generators/next/next_generator.h"
#include "generators/react/react_generator.h"
#include "generators/theme/theme_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace locus {
namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The IR of one file, or null when the front end reports an error.
locus::OrderedJson irOrNull(const std::string& path) {
  SourceSet sources;
  DiagnosticSink sink;
  FileId id = sources.add(path, readText(path));
  std::vector<ast::File> files;
  files.push_back(parseFile(id, sources.file(id).text, sink));
  ast::File program = mergeFiles(std::move(files), sink);
  checkProgram(program, CheckOptions{}, sink);
  for (const Diagnostic& d : sink.all())
    if (d.severity == Severity::Error) return nullptr;
  return lowerToIr(program, sources);
}

std::vector<std::string> corpusFiles(const std::string& corpus) {
  std::istringstream in(readText(corpus + "/expectations.tsv"));
  std::vector<std::string> files;
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::string first = line.substr(0, line.find('\t'));
    if (first.size() > 6 && first.substr(first.size() - 6) == ".locus") files.push_back(first);
  }
  return files;
}

TEST(GenReactCorpus, PeerCorpusGeneratesWithoutErrors) {
  const std::string corpus = LOCUS_SHARED_DIR "/conformance/peer-corpus";
  std::vector<std::string> files = corpusFiles(corpus);
  ASSERT_FALSE(files.empty()) << "peer corpus not found at " << corpus;
  size_t generated = 0, warnings = 0, withUi = 0;
  for (const std::string& file : files) {
    locus::OrderedJson ir = irOrNull(corpus + "/" + file);
    if (ir.is_null()) continue;
    ++generated;
    if (!ir["pages"].empty() || !ir["components"].empty()) ++withUi;
    for (const Generator& g : {themeGenerator(), reactGenerator(), nextGenerator()}) {
      GeneratorOutput out;
      EXPECT_NO_THROW(out = testing::runGenerator(g, ir)) << file << " (" << g.name << ")";
      for (const GeneratorMessage& m : out.messages) {
        EXPECT_EQ(m.kind, DiagKind::GeneratorUnsupported) << file << ": " << m.message;
        ++warnings;
        if (std::getenv("LOCUS_SHOW_W0809")) std::cout << file << ": " << m.message << "\n";
      }
    }
  }
  EXPECT_GT(generated, 100u);
  EXPECT_GT(withUi, 30u);
  std::cout << "generated " << generated << " corpus programs (" << withUi << " with UI), "
            << warnings << " W0809 warnings\n";
}

} // namespace
} // namespace locus
