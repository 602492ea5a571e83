// locus::OrderedJson: nlohmann::ordered_json (keys in insertion order), with an allocator that lets
// a growing object move its members instead of copying them.
//
// An ordered_json object is a std::vector<std::pair<const std::string, json>>. That pair's move
// constructor copies the const key and may throw, so std::vector grows it by copying every
// member, and copying a member deep-copies the whole subtree below it: building a nested object
// key by key was quadratic in its depth, a quarter of a large build's instructions. An allocator
// whose construct() is noexcept lets std::vector relocate the members (copy the key, move the
// subtree) instead. A failed key copy (out of memory) then ends the process, as it would anyway.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace locus {

template <class T> struct RelocatingAllocator : std::allocator<T> {
  using value_type = T;
  template <class U> struct rebind { using other = RelocatingAllocator<U>; };
  RelocatingAllocator() = default;
  template <class U> RelocatingAllocator(const RelocatingAllocator<U>&) noexcept {}
  template <class U, class... Args> void construct(U* p, Args&&... args) noexcept {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U> void destroy(U* p) noexcept { p->~U(); }
};

using OrderedJson = nlohmann::basic_json<nlohmann::ordered_map, std::vector, std::string, bool,
                                         std::int64_t, std::uint64_t, double, RelocatingAllocator>;

namespace detail {

inline void addMembers(OrderedJson::object_t&) {}

template <class Value, class... Rest>
void addMembers(OrderedJson::object_t& members, const char* key, Value&& value, Rest&&... rest) {
  members.emplace_back(key, OrderedJson(std::forward<Value>(value)));
  addMembers(members, std::forward<Rest>(rest)...);
}

} // namespace detail

// jsonObject("name", name, "count", 3) == {"name": name, "count": 3}, built member by member:
// no duplicate-key search per member and none of the copies nlohmann's initializer lists make.
// Keys must differ.
template <class... KeyValues> OrderedJson jsonObject(KeyValues&&... keyValues) {
  static_assert(sizeof...(KeyValues) % 2 == 0, "jsonObject takes key, value pairs");
  OrderedJson object(OrderedJson::value_t::object);
  auto& members = object.get_ref<OrderedJson::object_t&>();
  members.reserve(sizeof...(KeyValues) / 2);
  detail::addMembers(members, std::forward<KeyValues>(keyValues)...);
  return object;
}

} // namespace locus
