// The peer corpus: expectations.tsv rows and the outcome of our front end on each file.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace locus::conformance {

struct CorpusEntry {
  std::string file;         // relative to the corpus dir
  std::string peerParse;    // OK, OK-wrapped, FAIL
  std::string peerValidate; // ok, fail, -
  std::string peerExpects;  // accept, reject, or ""
};

struct Outcome {
  bool parsed = false;                 // no syntax (E00xx) errors
  bool validated = false;              // no errors at all
  std::string firstError;              // "E0201 line 3: message"
  std::vector<std::string> errorCodes; // every error's code, in order
};

std::vector<CorpusEntry> readExpectations(const std::string& corpusDir);
// file → reason, from tests/conformance/exceptions.tsv (`file<TAB>kind<TAB>reason`, # comments)
std::map<std::string, std::string> readExceptions(const std::string& path, const std::string& kind);

Outcome checkSource(const std::string& path, const std::string& text);
Outcome checkFile(const std::string& path);

// Docs snippets are often fragments; the peer's docs checker wraps them. We try the same:
// as written, then inside `database { entity Snippet { … } }`, `page Snippet { … }`,
// `database { … }`, `component Snippet { … }` and (statements) `action snippet() { … }`.
bool parsesWhenWrapped(const std::string& text);

} // namespace locus::conformance
