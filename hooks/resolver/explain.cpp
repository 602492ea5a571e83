// The failure report, after Dart pub's: walk the derivation graph from the root's
// incompatibility, one sentence per derived incompatibility, numbering a conclusion that is used
// more than once so later sentences can point back to it.
#include "hooks/resolver/solver_state.h"

#include <functional>

namespace locus::resolver {

std::string SolverState::setText(int pkg, const Bits& set) const {
  const Package& p = packages[pkg];
  Bits positive = set & p.known;
  if (positive.count() == 1)
    for (std::size_t i = 0; i < p.versions.size(); ++i)
      if (positive.test(i)) return p.versions[i]->version.str();
  for (const auto& [text, bits] : p.rangeBits) // a set that is exactly a range: say the range
    if (bits == positive && !positive.empty()) return text;
  if (positive == p.known) return "*";
  if (positive.empty()) return "(no version)";
  std::string out;
  std::size_t n = p.versions.size();
  for (std::size_t i = 0; i < n;) {
    if (!positive.test(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < n && positive.test(j + 1)) ++j;
    std::string lo = p.versions[i]->version.str(), hi = p.versions[j]->version.str();
    std::string run = i == j ? lo : j == n - 1 ? ">=" + lo : i == 0 ? "<=" + hi : lo + " - " + hi;
    out += (out.empty() ? "" : " || ") + run;
    i = j + 1;
  }
  return out;
}

std::string SolverState::termText(const Term& t, bool positiveForm) const {
  const Package& p = packages[t.pkg];
  if (t.pkg == 0) return rootName;
  Bits positive = positiveForm && !isPositive(t) ? complement(t.set, p.universe) : t.set;
  std::string versions = setText(t.pkg, positive);
  return versions == "*" ? "every version of " + p.name : p.name + " " + versions;
}

namespace {

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string describe(const SolverState& s, int id) {
  const Incompatibility& inc = s.incompatibilities[id];
  const std::vector<Term>& t = inc.terms;
  switch (inc.cause) {
  case Cause::Root:
    return s.rootName + " is required";
  case Cause::Dependency: {
    std::string who = s.termText(t[0], true);
    const Package& dep = s.packages[t[1].pkg];
    std::string what = dep.name + " " + inc.range;
    std::string text = who + (inc.optionalEdge ? " optionally depends on " : " depends on ") + what;
    if (dep.missing) return text + ", but " + dep.name + " is not in the registry";
    if (isSubset(dep.known, t[1].set)) // the range matches no version at all
      return text + ", but no versions of " + dep.name + " match " + inc.range;
    return text;
  }
  case Cause::Unavailable:
    return s.termText(t[0], true) + " is " + inc.reason;
  case Cause::Derived:
    break;
  }
  if (t.empty()) return "version solving failed";
  if (t.size() == 1) {
    if (t[0].pkg == 0) return "version solving failed";
    return s.isPositive(t[0]) ? s.termText(t[0], true) + " is forbidden"
                              : s.termText(t[0], true) + " is required";
  }
  std::vector<const Term*> positives, negatives;
  for (const Term& term : t) (s.isPositive(term) ? positives : negatives).push_back(&term);
  auto list = [&](const std::vector<const Term*>& terms) {
    std::string out;
    for (std::size_t i = 0; i < terms.size(); ++i)
      out += (i == 0 ? "" : i + 1 == terms.size() ? " and " : ", ") + s.termText(*terms[i], true);
    return out;
  };
  if (negatives.empty()) return list(positives) + " are incompatible";
  if (positives.empty()) return "one of " + list(negatives) + " is required";
  std::string subject = list(positives);
  return subject + (positives.size() == 1 && positives[0]->pkg == 0 ? " requires " : " requires ") +
         list(negatives);
}

} // namespace

std::string explainFailure(const SolverState& s, int failure) {
  std::map<int, int> uses; // derived incompatibility → how often it is a cause
  std::function<void(int)> count = [&](int id) {
    const Incompatibility& inc = s.incompatibilities[id];
    if (inc.cause != Cause::Derived) return;
    for (int c : {inc.left, inc.right})
      if (s.incompatibilities[c].cause == Cause::Derived && uses[c]++ == 0) count(c);
  };
  count(failure);

  std::vector<std::string> lines;
  std::map<int, int> lineNumber; // incompatibility → number of the line concluding it
  int nextNumber = 1;
  auto isDerived = [&](int id) { return s.incompatibilities[id].cause == Cause::Derived; };
  auto numbered = [&](int id) {
    auto it = lineNumber.find(id);
    return it == lineNumber.end() ? std::string() : " (" + std::to_string(it->second) + ")";
  };
  auto write = [&](int id, std::string text) {
    if (uses[id] > 1 && !lineNumber.count(id)) {
      lineNumber[id] = nextNumber;
      text = "(" + std::to_string(nextNumber++) + ") " + text;
    }
    lines.push_back(text);
  };
  std::function<void(int)> visit = [&](int id) {
    const Incompatibility& inc = s.incompatibilities[id];
    int a = inc.left, b = inc.right;
    std::string conclusion = describe(s, id) + ".";
    if (isDerived(a) && isDerived(b)) {
      if (lineNumber.count(a) && lineNumber.count(b)) {
        write(id, "Because " + describe(s, a) + numbered(a) + " and " + describe(s, b) +
                      numbered(b) + ", " + conclusion);
      } else if (lineNumber.count(a) || lineNumber.count(b)) {
        int with = lineNumber.count(a) ? a : b, without = with == a ? b : a;
        visit(without);
        write(id, "And because " + describe(s, with) + numbered(with) + ", " + conclusion);
      } else {
        visit(a);
        if (!lineNumber.count(a)) {
          lineNumber[a] = nextNumber;
          lines.back() = "(" + std::to_string(nextNumber++) + ") " + lines.back();
        }
        visit(b);
        write(id, "And because " + describe(s, a) + numbered(a) + ", " + conclusion);
      }
    } else if (isDerived(a) || isDerived(b)) {
      int derived = isDerived(a) ? a : b, external = derived == a ? b : a;
      if (lineNumber.count(derived)) {
        write(id, "Because " + describe(s, external) + " and " + describe(s, derived) +
                      numbered(derived) + ", " + conclusion);
      } else {
        visit(derived);
        write(id, "And because " + describe(s, external) + ", " + conclusion);
      }
    } else {
      write(id, "Because " + describe(s, a) + " and " + describe(s, b) + ", " + conclusion);
    }
  };
  const Incompatibility& root = s.incompatibilities[failure];
  if (root.cause != Cause::Derived) return capitalised(describe(s, failure)) + ".";
  visit(failure);
  if (!lines.empty() && lines.back().starts_with("And because "))
    lines.back() = "So, because " + lines.back().substr(12);
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

} // namespace locus::resolver
