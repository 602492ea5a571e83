// A set of versions of one package as bits: one per known version (ascending), then one for
// "not selected".
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace locus::resolver {

struct Bits {
  std::vector<std::uint64_t> words;

  static Bits sized(std::size_t bits) { return Bits{std::vector<std::uint64_t>((bits + 63) / 64)}; }
  void set(std::size_t i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }
  bool test(std::size_t i) const { return (words[i / 64] >> (i % 64)) & 1; }
  bool empty() const {
    for (std::uint64_t w : words)
      if (w) return false;
    return true;
  }
  std::size_t count() const {
    std::size_t n = 0;
    for (std::uint64_t w : words) n += static_cast<std::size_t>(std::popcount(w));
    return n;
  }
  bool operator==(const Bits&) const = default;
};

inline Bits operator&(const Bits& a, const Bits& b) {
  Bits out = a;
  for (std::size_t i = 0; i < out.words.size(); ++i) out.words[i] &= b.words[i];
  return out;
}
inline Bits operator|(const Bits& a, const Bits& b) {
  Bits out = a;
  for (std::size_t i = 0; i < out.words.size(); ++i) out.words[i] |= b.words[i];
  return out;
}
// Complement within `universe`.
inline Bits complement(const Bits& a, const Bits& universe) {
  Bits out = a;
  for (std::size_t i = 0; i < out.words.size(); ++i) out.words[i] = ~a.words[i] & universe.words[i];
  return out;
}
inline bool isSubset(const Bits& a, const Bits& b) {
  for (std::size_t i = 0; i < a.words.size(); ++i)
    if (a.words[i] & ~b.words[i]) return false;
  return true;
}
inline bool isDisjoint(const Bits& a, const Bits& b) {
  for (std::size_t i = 0; i < a.words.size(); ++i)
    if (a.words[i] & b.words[i]) return false;
  return true;
}

} // namespace locus::resolver
