// A set of versions of one package as bits: one per known version (ascending), then one for
// "not selected". Up to 127 versions live inline (no allocation), which is what keeps the
// solver's inner loops cheap; bit operations replace interval arithmetic because every version
// of a package is known before solving.
#pragma once

#include <llvm/ADT/SmallVector.h>

#include <bit>
#include <cstdint>

namespace locus::resolver {

struct Bits {
  llvm::SmallVector<std::uint64_t, 2> words;

  static Bits sized(std::size_t bits) {
    Bits out;
    out.words.resize((bits + 63) / 64);
    return out;
  }
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
  bool operator==(const Bits& other) const { return words == other.words; }
  Bits& operator&=(const Bits& other) {
    for (std::size_t i = 0; i < words.size(); ++i) words[i] &= other.words[i];
    return *this;
  }
};

// The number of members of `a & b`, without building it.
inline std::size_t countCommon(const Bits& a, const Bits& b) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.words.size(); ++i)
    n += static_cast<std::size_t>(std::popcount(a.words[i] & b.words[i]));
  return n;
}

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
