#include "hooks/ordering/glob.h"

#include <vector>

namespace locus::hooks {

namespace {

// Matches one `[...]` class at pattern[p] against c; sets `end` to the index after ']'.
// A '[' without a closing ']' is a literal.
bool classMatch(std::string_view pattern, std::size_t p, char c, std::size_t& end, bool& valid) {
  std::size_t i = p + 1;
  bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool matched = false;
  std::size_t first = i;
  for (; i < pattern.size() && (pattern[i] != ']' || i == first); ++i) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      matched = matched || (c >= pattern[i] && c <= pattern[i + 2]);
      i += 2;
    } else {
      matched = matched || c == pattern[i];
    }
  }
  valid = i < pattern.size();
  end = i + 1;
  return valid && matched != negate && c != '/';
}

// Backtracking with memo over (pattern index, text index): linear-ish, never exponential.
struct Matcher {
  std::string_view pattern, text;
  std::vector<signed char> memo; // -1 unknown, 0 false, 1 true

  bool match(std::size_t p, std::size_t t) {
    signed char& slot = memo[p * (text.size() + 1) + t];
    if (slot >= 0) return slot;
    slot = compute(p, t);
    return slot;
  }

  bool compute(std::size_t p, std::size_t t) {
    if (p == pattern.size()) return t == text.size();
    char pc = pattern[p];
    if (pc == '*') {
      bool twin = p + 1 < pattern.size() && pattern[p + 1] == '*';
      if (twin) {
        std::size_t next = p + 2;
        // `**/` may also match zero segments: "a/**/b" matches "a/b".
        if (next < pattern.size() && pattern[next] == '/' && match(next + 1, t)) return true;
        for (std::size_t k = t; k <= text.size(); ++k)
          if (match(next, k)) return true;
        return false;
      }
      for (std::size_t k = t; k <= text.size(); ++k) {
        if (match(p + 1, k)) return true;
        if (k < text.size() && text[k] == '/') break;
      }
      return false;
    }
    if (t == text.size()) return false;
    if (pc == '?') return text[t] != '/' && match(p + 1, t + 1);
    if (pc == '[') {
      std::size_t end = 0;
      bool valid = false;
      bool ok = classMatch(pattern, p, text[t], end, valid);
      if (valid) return ok && match(end, t + 1);
    }
    return pc == text[t] && match(p + 1, t + 1);
  }
};

} // namespace

bool globMatch(std::string_view pattern, std::string_view text) {
  Matcher m{pattern, text, std::vector<signed char>((pattern.size() + 1) * (text.size() + 1), -1)};
  return m.match(0, 0);
}

} // namespace locus::hooks
