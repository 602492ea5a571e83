// Safe reads of optional IR keys: the IR (and the AST shapes it reuses) leaves some keys out
// (absent expression children, `else`), and nlohmann's const operator[] on a missing key is
// undefined behaviour. Used by the react, next and theme generators.
#pragma once

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string_view>

namespace locus {

// `node[key]`, or a null value when `node` is not an object or has no such key.
inline const locus::OrderedJson& get(const locus::OrderedJson& node, std::string_view key) {
  static const locus::OrderedJson null;
  if (!node.is_object()) return null;
  auto it = node.find(key);
  return it == node.end() ? null : *it;
}

// The string at `node[key]` without copying it; empty when missing or not a string.
inline std::string_view textAt(const locus::OrderedJson& node, std::string_view key) {
  const locus::OrderedJson& v = get(node, key);
  return v.is_string() ? std::string_view(v.get_ref<const std::string&>()) : std::string_view();
}

} // namespace locus
