// A tiny in-memory registry for resolver tests: `reg.add("a", "1.0.0", {"b@^1.0.0", "c?@^2"})`
// ("?" marks an optional dependency).
#pragma once

#include "hooks/resolver/resolver.h"

#include <map>
#include <string>
#include <vector>

namespace locus::resolver::testing {

struct TestRegistry {
  std::map<std::string, std::vector<Candidate>> packages;

  TestRegistry& add(const std::string& name, const std::string& version,
                    std::vector<std::string> deps = {}, std::string unavailable = "") {
    Candidate c;
    c.version = *semver::parseVersion(version);
    for (const std::string& d : deps) {
      std::size_t at = d.find('@');
      std::string depName = d.substr(0, at);
      bool optional = !depName.empty() && depName.back() == '?';
      if (optional) depName.pop_back();
      c.dependencies.push_back({depName, d.substr(at + 1), optional});
    }
    c.unavailable = std::move(unavailable);
    packages[name].push_back(std::move(c));
    return *this;
  }

  Resolution solve(std::vector<std::string> requirements,
                   std::map<std::string, std::string> preferred = {}) const {
    Request r;
    r.rootName = "root";
    for (const std::string& d : requirements) {
      std::size_t at = d.find('@');
      std::string name = d.substr(0, at);
      bool optional = name.back() == '?';
      if (optional) name.pop_back();
      r.requirements.push_back({name, at == std::string::npos ? "*" : d.substr(at + 1), optional});
    }
    for (auto& [n, v] : preferred) r.preferred[n] = *semver::parseVersion(v);
    r.source = [this](const std::string& name) -> const std::vector<Candidate>* {
      auto it = packages.find(name);
      return it == packages.end() ? nullptr : &it->second;
    };
    return resolve(r);
  }
};

inline std::map<std::string, std::string> versions(const Resolution& r) {
  std::map<std::string, std::string> out;
  for (auto& [n, v] : r.selected) out[n] = v.str();
  return out;
}

} // namespace locus::resolver::testing
