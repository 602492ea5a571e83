#include "corpus.h"

#include "compiler/frontend/compile.h"
#include "compiler/parse/parse_file.h"

#include <fstream>
#include <sstream>

namespace locus::conformance {

std::vector<CorpusEntry> readExpectations(const std::string& corpusDir) {
  std::ifstream in(corpusDir + "/expectations.tsv");
  std::vector<CorpusEntry> rows;
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string col; std::getline(ss, col, '\t');) cols.push_back(col);
    cols.resize(4);
    if (!cols[0].empty()) rows.push_back({cols[0], cols[1], cols[2], cols[3]});
  }
  return rows;
}

std::map<std::string, std::string> readExceptions(const std::string& path,
                                                  const std::string& kind) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    if (line.substr(a + 1, b - a - 1) == kind) out[line.substr(0, a)] = line.substr(b + 1);
  }
  return out;
}

namespace {
Outcome outcomeOf(const DiagnosticSink& sink) {
  Outcome o;
  o.parsed = true;
  o.validated = true;
  for (const Diagnostic& d : sink.sorted()) {
    if (d.severity != Severity::Error) continue;
    std::string code(diagKindInfo(d.kind).code);
    if (code.compare(0, 3, "E00") == 0) o.parsed = false;
    o.errorCodes.push_back(code);
    if (o.firstError.empty())
      o.firstError = code + " line " + std::to_string(d.span.line) + ": " + d.message;
    o.validated = false;
  }
  return o;
}
} // namespace

Outcome checkSource(const std::string&, const std::string& text) {
  DiagnosticSink sink;
  parseFile(0, text, sink);
  return outcomeOf(sink);
}

Outcome checkFile(const std::string& path) {
  std::unique_ptr<FrontEndResult> r = runFrontEnd(path, FrontEndOptions{});
  return outcomeOf(r->diagnostics);
}

bool parsesWhenWrapped(const std::string& text) {
  const char* wrappers[][2] = {{"", ""},
                               {"database { entity Snippet {\n", "\n} }"},
                               {"page Snippet {\n", "\n}"},
                               {"database {\n", "\n}"},
                               {"component Snippet {\n", "\n}"},
                               {"action snippet() {\n", "\n}"}};
  for (auto& w : wrappers)
    if (checkSource("", w[0] + text + w[1]).parsed) return true;
  return false;
}

} // namespace locus::conformance
