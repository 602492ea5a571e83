#include "hooks/resolver/dependency_cycles.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>

namespace locus::resolver {

std::vector<std::vector<std::string>>
dependencyCycles(const std::map<std::string, std::vector<std::string>>& graph) {
  // Vertices: every name, as a source or a target of an edge.
  std::vector<std::string> names;
  std::map<std::string, std::size_t> ids;
  auto id = [&](const std::string& name) {
    auto [it, fresh] = ids.try_emplace(name, names.size());
    if (fresh) names.push_back(name);
    return it->second;
  };
  for (const auto& [v, edges] : graph) {
    id(v);
    for (const std::string& w : edges) id(w);
  }
  boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS> g(names.size());
  std::vector<bool> selfLoop(names.size());
  for (const auto& [v, edges] : graph)
    for (const std::string& w : edges) {
      std::size_t from = ids.at(v), to = ids.at(w);
      if (from == to) selfLoop[from] = true;
      boost::add_edge(from, to, g);
    }
  std::vector<int> component(boost::num_vertices(g));
  int count = boost::strong_components(g, component.data());
  std::vector<std::vector<std::string>> members(static_cast<std::size_t>(count));
  for (std::size_t v = 0; v < component.size(); ++v)
    members[static_cast<std::size_t>(component[v])].push_back(names[v]);
  std::vector<std::vector<std::string>> out;
  for (std::vector<std::string>& m : members)
    if (m.size() > 1 || selfLoop[ids.at(m[0])]) {
      std::sort(m.begin(), m.end());
      out.push_back(std::move(m));
    }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace locus::resolver
