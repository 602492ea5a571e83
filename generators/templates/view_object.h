// Builds template views (OrderedJson objects with known, distinct keys) member by member: no
// duplicate-key search per member and none of the copies nlohmann's initializer lists make.
#pragma once

#include "compiler/base/ordered_json.h"

#include <string>
#include <utility>
#include <vector>

namespace locus {

namespace detail {

inline void addViewMembers(OrderedJson::object_t&) {}

template <class Value, class... Rest>
void addViewMembers(OrderedJson::object_t& members, const char* key, Value&& value,
                    Rest&&... rest) {
  members.emplace_back(key, OrderedJson(std::forward<Value>(value)));
  addViewMembers(members, std::forward<Rest>(rest)...);
}

} // namespace detail

// viewObject("name", name, "count", 3) == {"name": name, "count": 3}. Keys must differ.
template <class... KeyValues> OrderedJson viewObject(KeyValues&&... keyValues) {
  static_assert(sizeof...(KeyValues) % 2 == 0, "viewObject takes key, value pairs");
  OrderedJson view(OrderedJson::value_t::object);
  auto& members = view.get_ref<OrderedJson::object_t&>();
  members.reserve(sizeof...(KeyValues) / 2);
  detail::addViewMembers(members, std::forward<KeyValues>(keyValues)...);
  return view;
}

// [{key: text, "index": i, "first": i == 0, "last": i + 1 == n}…] when `positions`, else
// [{key: text}…]: a list of text items for a template section.
inline OrderedJson textItems(const char* key, std::vector<std::string> texts, bool positions) {
  OrderedJson list(OrderedJson::value_t::array);
  auto& items = list.get_ref<OrderedJson::array_t&>();
  items.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (positions)
      items.push_back(viewObject(key, std::move(texts[i]), "index", i, "first", i == 0, "last",
                                 i + 1 == texts.size()));
    else
      items.push_back(viewObject(key, std::move(texts[i])));
  }
  return list;
}

} // namespace locus
