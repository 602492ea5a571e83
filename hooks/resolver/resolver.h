// Version resolution for plugin packages: PubGrub (Natalie Weizenbaum's algorithm, as in Dart's
// pub, uv and Cargo's successors) over npm semver ranges (hooks/semver).
//
// Every package's versions are known up front (a registry lists them), so a term's version set
// is a bit set over those versions plus one extra member, "not selected", so positive and
// negative terms are one kind of set and intersection, union and complement are bit operations.
// A dependency whose range matches no known version forbids its dependers outright (and says
// so: "a 1.0.0 depends on b ^2.0.0, but no versions of b match ^2.0.0").
//
// Properties: the highest matching version is chosen unless the request prefers a locked one;
// unavailable versions (yanked, inside the cooldown, outside the channel) are chosen only when
// locked; prerelease versions are chosen only when a range names one (npm's rule, applied by
// hooks/semver); dependency cycles resolve and are reported; an optional dependency that cannot be
// satisfied is skipped with the reason. On failure the explanation is a numbered derivation
// ("Because a 1.0.0 depends on b ^2.0.0 and no versions of b match ^2.0.0, a 1.0.0 is
// forbidden. …") naming every package and range involved.
#pragma once

#include "hooks/semver/version.h"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace locus::resolver {

struct Dependency {
  std::string name;
  std::string range; // npm range text
  bool optional = false;
};

struct Candidate {
  semver::Version version;
  std::vector<Dependency> dependencies;
  std::string unavailable; // why it may not be chosen ("yanked", …); "" when it may
};

// All versions of a package (any order), or nullptr when the registry has no such package. The
// pointer must stay valid for the whole resolution.
using PackageSource = std::function<const std::vector<Candidate>*(const std::string& name)>;

struct Request {
  std::string rootName = "your project";
  std::vector<Dependency> requirements;
  std::map<std::string, semver::Version> preferred; // e.g. the lock: chosen when still allowed
  PackageSource source;
};

struct Resolution {
  bool ok = false;
  std::map<std::string, semver::Version> selected; // package → version
  std::vector<std::string> skippedOptional;        // "optional dependency … skipped: why"
  std::vector<std::vector<std::string>> cycles;    // each a sorted list of package names
  std::string explanation;                         // why no solution exists (when !ok)
  std::size_t decisions = 0;
  std::size_t conflicts = 0;
};

Resolution resolve(const Request& request);

} // namespace locus::resolver
