#include "generators/sql/table_order.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>

#include <map>

namespace locus::sql {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// Edges table → referenced table (self references are not dependencies).
Graph referenceGraph(const Schema& schema, const std::map<std::string, size_t>& index) {
  Graph g(schema.tables.size());
  for (size_t i = 0; i < schema.tables.size(); ++i)
    for (const ForeignKey& fk : schema.tables[i].foreignKeys) {
      auto it = index.find(fk.refTable);
      if (it != index.end() && it->second != i) boost::add_edge(i, it->second, g);
    }
  return g;
}

} // namespace

TableOrder orderTables(const Schema& schema) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < schema.tables.size(); ++i) index[schema.tables[i].name] = i;
  Graph g = referenceGraph(schema, index);

  std::vector<int> component(schema.tables.size());
  int count = schema.tables.empty() ? 0 : boost::strong_components(g, component.data());

  // The condensation is a DAG; its reverse topological order lists referenced components first.
  Graph dag(count);
  for (size_t i = 0; i < schema.tables.size(); ++i)
    for (const ForeignKey& fk : schema.tables[i].foreignKeys) {
      auto it = index.find(fk.refTable);
      if (it == index.end()) continue;
      int from = component[i], to = component[it->second];
      if (from != to) boost::add_edge(from, to, dag);
    }
  std::vector<size_t> componentOrder;
  boost::topological_sort(dag, std::back_inserter(componentOrder));

  std::vector<std::vector<size_t>> members(static_cast<size_t>(count)); // source order inside
  for (size_t i = 0; i < schema.tables.size(); ++i) members[component[i]].push_back(i);
  TableOrder order;
  std::map<std::string, size_t> position;
  for (size_t c : componentOrder)
    for (size_t i : members[c]) {
      position[schema.tables[i].name] = order.tables.size();
      order.tables.push_back(&schema.tables[i]);
    }
  for (const Table* t : order.tables)
    for (const ForeignKey& fk : t->foreignKeys) {
      auto it = position.find(fk.refTable);
      if (it != position.end() && it->second > position[t->name])
        order.deferred.insert({t->name, fk.name});
    }
  return order;
}

} // namespace locus::sql
