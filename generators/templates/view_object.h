// Lists of text items for template views (objects are built with jsonObject, ordered_json.h).
#pragma once

#include "compiler/base/ordered_json.h"

#include <string>
#include <utility>
#include <vector>

namespace locus {

// [{key: text, "index": i, "first": i == 0, "last": i + 1 == n}…] when `positions`, else
// [{key: text}…]: a list of text items for a template section.
inline OrderedJson textItems(const char* key, std::vector<std::string> texts, bool positions) {
  OrderedJson list(OrderedJson::value_t::array);
  auto& items = list.get_ref<OrderedJson::array_t&>();
  items.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (positions)
      items.push_back(jsonObject(key, std::move(texts[i]), "index", i, "first", i == 0, "last",
                                 i + 1 == texts.size()));
    else
      items.push_back(jsonObject(key, std::move(texts[i])));
  }
  return list;
}

} // namespace locus
