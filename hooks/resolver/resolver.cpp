#include "hooks/resolver/resolver.h"

#include "hooks/resolver/dependency_cycles.h"
#include "hooks/resolver/solver_state.h"
#include "hooks/semver/range.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace locus::resolver {

namespace {

using Edge = std::pair<std::string, std::string>; // (package, dependency)

class Solver {
public:
  Solver(const Request& request, const std::set<Edge>& disabledEdges)
      : request_(request), disabled_(disabledEdges) {
    state_.rootName = request.rootName;
    rootCandidate_.version = semver::Version{};
    rootCandidate_.dependencies = request.requirements;
    rootVersions_.push_back(rootCandidate_);
    addPackage(request.rootName, &rootVersions_);
  }

  // Runs to a solution or to the root's incompatibility; returns it (-1 on success).
  int solve() {
    addIncompatibility({{0, only(0, state_.packages[0].none)}}, Cause::Root);
    int next = 0;
    while (true) {
      if (int failed = propagate(next); failed >= 0) return failed;
      std::optional<int> chosen = decide();
      if (!chosen) return -1;
      next = *chosen;
    }
  }

  const SolverState& state() const { return state_; }
  std::size_t decisions() const { return decisions_; }
  std::size_t conflicts() const { return conflicts_; }

  std::map<std::string, semver::Version> selection() const {
    std::map<std::string, semver::Version> out;
    for (std::size_t p = 1; p < state_.packages.size(); ++p)
      if (decided_[p] >= 0)
        out[state_.packages[p].name] = state_.packages[p].versions[decided_[p]]->version;
    return out;
  }

  // The optional dependency edges among the causes of `failure`.
  void optionalEdgesBehind(int failure, std::set<Edge>& out) const {
    std::vector<int> stack{failure};
    std::set<int> seen;
    while (!stack.empty()) {
      int id = stack.back();
      stack.pop_back();
      if (!seen.insert(id).second) continue;
      const Incompatibility& inc = state_.incompatibilities[id];
      if (inc.cause == Cause::Derived) {
        stack.push_back(inc.left);
        stack.push_back(inc.right);
      } else if (inc.cause == Cause::Dependency && inc.optionalEdge) {
        out.insert(
            {state_.packages[inc.terms[0].pkg].name, state_.packages[inc.terms[1].pkg].name});
      }
    }
  }

private:
  enum class Relation { Satisfied, Contradicted, AlmostSatisfied, Inconclusive };

  Bits only(int pkg, std::size_t bit) const {
    Bits b = Bits::sized(state_.packages[pkg].universe.words.size() * 64);
    b.set(bit);
    return b;
  }

  int addPackage(const std::string& name, const std::vector<Candidate>* candidates) {
    int id = static_cast<int>(state_.packages.size());
    ids_.emplace(name, id);
    Package p;
    p.name = name;
    if (candidates) {
      for (const Candidate& c : *candidates) p.versions.push_back(&c);
      std::sort(p.versions.begin(), p.versions.end(),
                [](const Candidate* a, const Candidate* b) { return a->version < b->version; });
    } else {
      p.missing = true;
    }
    p.none = p.versions.size();
    p.universe = Bits::sized(p.none + 1);
    p.known = Bits::sized(p.none + 1);
    for (std::size_t i = 0; i <= p.none; ++i) p.universe.set(i);
    for (std::size_t i = 0; i < p.none; ++i) p.known.set(i);
    state_.packages.push_back(std::move(p));
    accum_.push_back(state_.packages.back().universe);
    candidates_.push_back(state_.packages.back().versions.size());
    byPackage_.emplace_back();
    groups_.emplace_back();
    grouped_.push_back(false);
    inPending_.push_back(false);
    assignmentsOf_.emplace_back();
    decided_.push_back(-1);
    if (id == 0) return id;
    const Package& pkg = state_.packages[id];
    // Unavailable versions, one incompatibility per reason (a preferred version stays allowed).
    std::map<std::string, Bits> byReason;
    auto preferred = request_.preferred.find(name);
    for (std::size_t i = 0; i < pkg.versions.size(); ++i) {
      const Candidate& c = *pkg.versions[i];
      if (c.unavailable.empty()) continue;
      if (preferred != request_.preferred.end() && preferred->second == c.version) continue;
      auto [it, fresh] = byReason.try_emplace(c.unavailable, Bits::sized(pkg.none + 1));
      it->second.set(i);
    }
    for (auto& [reason, set] : byReason) {
      int inc = addIncompatibility({{id, set}}, Cause::Unavailable);
      state_.incompatibilities[inc].reason = reason;
    }
    return id;
  }

  int packageId(const std::string& name) {
    if (auto it = ids_.find(name); it != ids_.end()) return it->second;
    return addPackage(name, request_.source ? request_.source(name) : nullptr);
  }

  const Bits& rangeBits(int pkg, const std::string& text) {
    Package& p = state_.packages[pkg];
    auto it = p.rangeBits.find(text);
    if (it != p.rangeBits.end()) return it->second;
    auto parsed = ranges_.find(text);
    if (parsed == ranges_.end()) parsed = ranges_.emplace(text, semver::parseRange(text)).first;
    Bits bits = Bits::sized(p.none + 1);
    if (parsed->second)
      for (std::size_t i = 0; i < p.versions.size(); ++i)
        if (semver::satisfies(p.versions[i]->version, *parsed->second)) bits.set(i);
    return p.rangeBits.emplace(text, std::move(bits)).first->second;
  }

  int addIncompatibility(std::vector<Term> terms, Cause cause, int left = -1, int right = -1) {
    int id = static_cast<int>(state_.incompatibilities.size());
    Incompatibility inc;
    inc.terms = std::move(terms);
    inc.cause = cause;
    inc.left = left;
    inc.right = right;
    for (const Term& t : inc.terms) byPackage_[t.pkg].push_back(id);
    state_.incompatibilities.push_back(std::move(inc));
    return id;
  }

  // A package's dependencies grouped by (name, range, optional), each with the versions that
  // declare it, built once per package: one incompatibility covers the run (shorter
  // explanations), and a decision adds only the groups of its version not added yet.
  struct DependencyGroup {
    const Dependency* dependency = nullptr;
    Bits versions;
    bool added = false;
  };

  void groupDependencies(int pkg) {
    const Package& p = state_.packages[pkg];
    std::vector<DependencyGroup>& groups = groups_[pkg];
    // Neighbouring versions mostly declare the same dependencies in the same order, so the group
    // of the previous version's dependency at the same position is tried first.
    std::vector<std::size_t> previous;
    for (std::size_t i = 0; i < p.versions.size(); ++i) {
      const std::vector<Dependency>& deps = p.versions[i]->dependencies;
      previous.resize(deps.size(), 0);
      for (std::size_t j = 0; j < deps.size(); ++j) {
        const Dependency& d = deps[j];
        if (d.name == p.name) continue;
        auto same = [&](const DependencyGroup& g) {
          return g.dependency->optional == d.optional && g.dependency->range == d.range &&
                 g.dependency->name == d.name;
        };
        std::size_t at = previous[j];
        if (at >= groups.size() || !same(groups[at])) {
          at = static_cast<std::size_t>(std::find_if(groups.begin(), groups.end(), same) -
                                        groups.begin());
          if (at == groups.size()) groups.push_back({&d, Bits::sized(p.none + 1)});
        }
        groups[at].versions.set(i);
        previous[j] = at;
      }
    }
    grouped_[pkg] = true;
  }

  void addDependencies(int pkg, std::size_t versionIndex) {
    if (!grouped_[pkg]) groupDependencies(pkg);
    // By index: packageId() may add packages, which moves groups_.
    for (std::size_t k = 0; k < groups_[pkg].size(); ++k) {
      if (groups_[pkg][k].added || !groups_[pkg][k].versions.test(versionIndex)) continue;
      const Dependency& d = *groups_[pkg][k].dependency;
      if (d.optional && disabled_.count({state_.packages[pkg].name, d.name})) continue;
      groups_[pkg][k].added = true;
      int dep = packageId(d.name);
      Bits excluded = complement(rangeBits(dep, d.range), state_.packages[dep].universe);
      int id = addIncompatibility({{pkg, groups_[pkg][k].versions}, {dep, std::move(excluded)}},
                                  Cause::Dependency); // excluded: outside the range, or none
      state_.incompatibilities[id].range = d.range;
      state_.incompatibilities[id].optionalEdge = d.optional;
    }
  }

  Relation relation(const Incompatibility& inc, int& unsatisfied) const {
    unsatisfied = -1;
    for (std::size_t i = 0; i < inc.terms.size(); ++i) {
      const Term& t = inc.terms[i];
      const Bits& a = accum_[t.pkg];
      if (isSubset(a, t.set)) continue;
      if (isDisjoint(a, t.set)) return Relation::Contradicted;
      if (unsatisfied >= 0) return Relation::Inconclusive;
      unsatisfied = static_cast<int>(i);
    }
    return unsatisfied < 0 ? Relation::Satisfied : Relation::AlmostSatisfied;
  }

  void assign(int pkg, Bits set, int cause) {
    accum_[pkg] &= set;
    candidates_[pkg] = countCommon(accum_[pkg], state_.packages[pkg].known);
    assignmentsOf_[pkg].push_back(static_cast<int>(assignments_.size()));
    assignments_.push_back({pkg, std::move(set), level_, cause});
    if (decided_[pkg] < 0 && !accum_[pkg].test(state_.packages[pkg].none)) addPending(pkg);
  }

  void derive(int incId, int termIndex) {
    const Term& t = state_.incompatibilities[incId].terms[termIndex];
    assign(t.pkg, complement(t.set, state_.packages[t.pkg].universe), incId);
  }

  // Unit propagation from `start`; returns the root's incompatibility when solving failed.
  int propagate(int start) {
    std::vector<int> changed{start};
    while (!changed.empty()) {
      int pkg = changed.back();
      changed.pop_back();
      const std::vector<int>& list = byPackage_[pkg];
      for (std::size_t k = list.size(); k-- > 0;) {
        int id = list[k];
        int term;
        Relation r = relation(state_.incompatibilities[id], term);
        if (r == Relation::Satisfied) {
          ++conflicts_;
          int learned = resolveConflict(id);
          if (learned < 0) return failure_;
          relation(state_.incompatibilities[learned], term);
          derive(learned, term);
          changed.assign(1, state_.incompatibilities[learned].terms[term].pkg);
          break;
        }
        if (r == Relation::AlmostSatisfied) {
          derive(id, term);
          int p = state_.incompatibilities[id].terms[term].pkg;
          if (std::find(changed.begin(), changed.end(), p) == changed.end()) changed.push_back(p);
        }
      }
    }
    return -1;
  }

  bool isFailure(const Incompatibility& inc) const {
    return inc.terms.empty() ||
           (inc.terms.size() == 1 && inc.terms[0].pkg == 0 && state_.isPositive(inc.terms[0]));
  }

  void backtrack(int level) {
    while (!assignments_.empty() && assignments_.back().level > level) {
      const Assignment& a = assignments_.back();
      int pkg = a.pkg;
      if (a.cause < 0) decided_[pkg] = -1;
      assignmentsOf_[pkg].pop_back();
      assignments_.pop_back();
      Bits acc = state_.packages[pkg].universe;
      for (int i : assignmentsOf_[pkg]) acc &= assignments_[i].set;
      accum_[pkg] = std::move(acc);
      candidates_[pkg] = countCommon(accum_[pkg], state_.packages[pkg].known);
      if (decided_[pkg] < 0 && !accum_[pkg].test(state_.packages[pkg].none)) addPending(pkg);
    }
    level_ = level;
  }

  // PubGrub's conflict resolution: derives the root cause of a satisfied incompatibility,
  // backjumps, and returns the learned incompatibility (-1 when it is the root's: no solution).
  int resolveConflict(int id) {
    while (true) {
      // References stay valid: nothing is added to the incompatibilities until the loop's end.
      const Incompatibility& inc = state_.incompatibilities[id];
      if (isFailure(inc)) {
        failure_ = id;
        return -1;
      }
      // The satisfier: the earliest assignment after which every term is satisfied.
      int satisfier = -1, satisfierTerm = -1, previousLevel = 1;
      std::vector<int> satisfiedAt(inc.terms.size(), -1);
      for (std::size_t i = 0; i < inc.terms.size(); ++i) {
        const Term& t = inc.terms[i];
        Bits acc = state_.packages[t.pkg].universe;
        if (isSubset(acc, t.set)) continue; // holds before any assignment
        for (int a : assignmentsOf_[t.pkg]) {
          acc &= assignments_[a].set;
          if (isSubset(acc, t.set)) {
            satisfiedAt[i] = a;
            break;
          }
        }
        if (satisfiedAt[i] > satisfier) {
          satisfier = satisfiedAt[i];
          satisfierTerm = static_cast<int>(i);
        }
      }
      if (satisfier < 0) { // only terms that always hold (ranges matching no version)
        failure_ = id;
        return -1;
      }
      for (std::size_t i = 0; i < inc.terms.size(); ++i) // -1: holds before any assignment
        if (static_cast<int>(i) != satisfierTerm && satisfiedAt[i] >= 0)
          previousLevel = std::max(previousLevel, assignments_[satisfiedAt[i]].level);
      const Assignment& s = assignments_[satisfier]; // backtrack() below returns before use
      const Term& term = inc.terms[satisfierTerm];
      {
        Bits acc = state_.packages[term.pkg].universe;
        for (int a : assignmentsOf_[term.pkg]) {
          if (a >= satisfier) break;
          acc &= assignments_[a].set;
          if (isSubset(acc & s.set, term.set)) {
            previousLevel = std::max(previousLevel, assignments_[a].level);
            break;
          }
        }
      }
      if (s.cause < 0 || previousLevel < s.level) {
        backtrack(previousLevel);
        return id;
      }
      // Resolve with the satisfier's cause.
      const Incompatibility& prior = state_.incompatibilities[s.cause];
      std::map<int, Bits> merged;
      auto add = [&](const Term& t) {
        if (t.pkg == term.pkg) return;
        auto [it, fresh] = merged.try_emplace(t.pkg, t.set);
        if (!fresh) it->second = it->second & t.set;
      };
      for (const Term& t : inc.terms) add(t);
      for (const Term& t : prior.terms) add(t);
      const Package& p = state_.packages[term.pkg];
      if (!isSubset(s.set, term.set))
        merged[term.pkg] = complement(s.set & complement(term.set, p.universe), p.universe);
      std::vector<Term> terms;
      for (auto& [pkg, set] : merged)
        if (!(set == state_.packages[pkg].universe)) terms.push_back({pkg, std::move(set)});
      id = addIncompatibility(std::move(terms), Cause::Derived, id, s.cause);
    }
  }

  // The packages with a positive assignment and no decision, unordered (decide() scans them all).
  void addPending(int pkg) {
    if (inPending_[pkg]) return;
    inPending_[pkg] = true;
    pending_.push_back(pkg);
  }
  void removePending(std::size_t at) {
    inPending_[pending_[at]] = false;
    pending_[at] = pending_.back();
    pending_.pop_back();
  }

  // Whether some incompatibility of `pkg` would be satisfied by deciding its version `version`.
  bool conflictsOnDecision(int pkg, std::size_t version) const {
    for (int id : byPackage_[pkg]) {
      bool satisfied = true;
      for (const Term& t : state_.incompatibilities[id].terms) {
        satisfied = t.pkg == pkg ? t.set.test(version) : isSubset(accum_[t.pkg], t.set);
        if (!satisfied) break;
      }
      if (satisfied) return true;
    }
    return false;
  }

  // Picks the next package (fewest candidate versions first) and version, and returns the
  // package to propagate from, or nullopt when every package is decided.
  std::optional<int> decide() {
    int best = -1;
    std::size_t bestCount = 0, bestAt = 0;
    for (std::size_t i = 0; i < pending_.size();) {
      int pkg = pending_[i];
      if (decided_[pkg] >= 0 || accum_[pkg].test(state_.packages[pkg].none)) {
        removePending(i);
        continue;
      }
      std::size_t n = candidates_[pkg];
      if (best < 0 || n < bestCount || (n == bestCount && pkg < best)) { // ties: first added
        best = pkg;
        bestCount = n;
        bestAt = i;
      }
      ++i;
    }
    if (best < 0) return std::nullopt;
    // Never empty: a positive assignment is a non-empty subset of the known versions, because a
    // derivation only happens while its term is inconclusive.
    const Package& p = state_.packages[best];
    Bits candidates = accum_[best] & p.known;
    int chosen = -1;
    if (auto pref = request_.preferred.find(p.name); pref != request_.preferred.end())
      for (std::size_t i = 0; i < p.versions.size(); ++i)
        if (candidates.test(i) && p.versions[i]->version == pref->second)
          chosen = static_cast<int>(i);
    if (chosen < 0) {
      for (std::size_t i = p.versions.size(); i-- > 0;)
        if (candidates.test(i) && !p.versions[i]->version.isPrerelease()) {
          chosen = static_cast<int>(i);
          break;
        }
    }
    if (chosen < 0) // only prereleases allowed (a range named one)
      for (std::size_t i = p.versions.size(); i-- > 0;)
        if (candidates.test(i)) {
          chosen = static_cast<int>(i);
          break;
        }
    addDependencies(best, static_cast<std::size_t>(chosen));
    // pub's rule: a version whose own dependencies already conflict is not decided; propagating
    // from the package excludes it at the current level instead of a conflict and a backjump
    // (which would throw away every later decision, only to make them again).
    if (conflictsOnDecision(best, static_cast<std::size_t>(chosen))) return best;
    ++level_;
    ++decisions_;
    decided_[best] = chosen;
    removePending(bestAt);
    assign(best, only(best, static_cast<std::size_t>(chosen)), -1);
    return best;
  }

  const Request& request_;
  const std::set<Edge>& disabled_;
  Candidate rootCandidate_;
  std::vector<Candidate> rootVersions_;
  SolverState state_;
  std::unordered_map<std::string, int> ids_;
  std::unordered_map<std::string, std::optional<semver::Range>> ranges_;
  std::vector<std::vector<DependencyGroup>> groups_;
  std::vector<bool> grouped_;
  std::vector<Bits> accum_;
  std::vector<std::size_t> candidates_; // known versions still in accum_, per package
  std::vector<std::vector<int>> byPackage_;
  std::vector<std::vector<int>> assignmentsOf_;
  std::vector<int> decided_;
  std::vector<Assignment> assignments_;
  std::vector<int> pending_;
  std::vector<bool> inPending_;
  int level_ = 0;
  int failure_ = -1;
  std::size_t decisions_ = 0, conflicts_ = 0;
};

std::vector<std::vector<std::string>> cyclesOf(const Request& request,
                                               const std::map<std::string, semver::Version>& sel,
                                               const std::set<Edge>& disabled) {
  std::map<std::string, std::vector<std::string>> graph;
  for (const auto& [name, version] : sel) {
    const std::vector<Candidate>* versions = request.source(name);
    if (!versions) continue;
    for (const Candidate& c : *versions)
      if (c.version == version)
        for (const Dependency& d : c.dependencies)
          if (sel.count(d.name) && d.name != name &&
              !(d.optional && disabled.count({name, d.name})))
            graph[name].push_back(d.name);
  }
  return dependencyCycles(graph);
}

} // namespace

Resolution resolve(const Request& request) {
  Resolution out;
  std::set<Edge> disabled;
  while (true) {
    Solver solver(request, disabled);
    int failure = solver.solve();
    out.decisions += solver.decisions();
    out.conflicts += solver.conflicts();
    if (failure < 0) {
      out.ok = true;
      out.selected = solver.selection();
      out.cycles = cyclesOf(request, out.selected, disabled);
      return out;
    }
    std::set<Edge> optional;
    solver.optionalEdgesBehind(failure, optional);
    std::string explanation = explainFailure(solver.state(), failure);
    if (optional.empty()) {
      out.explanation = explanation;
      return out;
    }
    for (const Edge& e : optional) {
      disabled.insert(e);
      out.skippedOptional.push_back("optional dependency " + e.second + " of " + e.first +
                                    " skipped: " + explanation);
    }
  }
}

} // namespace locus::resolver
