// The PubGrub solver's data (resolver.cpp runs it, explain.cpp reports from it): packages with
// their known versions, incompatibilities with their causes, and the partial solution.
#pragma once

#include "hooks/resolver/resolver.h"
#include "hooks/resolver/version_bits.h"

#include <map>
#include <string>
#include <vector>

namespace locus::resolver {

struct Package {
  std::string name;
  std::vector<const Candidate*> versions; // ascending
  std::size_t none = 0;                   // bit: not selected (after the versions' bits)
  Bits universe;                          // every bit
  Bits known;                             // the known versions' bits
  std::map<std::string, Bits> rangeBits;  // range text → the versions it matches
  bool missing = false;                   // the registry has no such package
};

struct Term {
  int pkg = 0;
  Bits set; // allowed by the term; "not selected" included for negative terms
};

enum class Cause { Root, Dependency, Unavailable, Derived };

struct Incompatibility {
  std::vector<Term> terms;
  Cause cause = Cause::Root;
  int left = -1, right = -1; // Derived: the two incompatibilities it was derived from
  std::string range;         // Dependency: the range text of terms[1]
  std::string reason;        // Unavailable: why
  bool optionalEdge = false; // Dependency: an optional dependency
};

struct Assignment {
  int pkg = 0;
  Bits set;
  int level = 0;
  int cause = -1; // incompatibility it was derived from; -1 for a decision
};

struct SolverState {
  std::vector<Package> packages;
  std::vector<Incompatibility> incompatibilities;
  std::string rootName;

  bool isPositive(const Term& t) const { return !t.set.test(packages[t.pkg].none); }
  std::string setText(int pkg, const Bits& set) const; // versions of a positive set
  std::string termText(const Term& t, bool positiveForm) const;
};

// The readable, numbered derivation of why incompatibility `failure` (the root's) holds.
std::string explainFailure(const SolverState& state, int failure);

} // namespace locus::resolver
