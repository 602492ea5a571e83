#include "hooks/semver/range.h"

#include "hooks/semver/version_parts.h"

#include <cctype>

namespace locus::semver {

namespace {

// A version as written in a range: missing or wildcard components are nullopt.
struct Partial {
  std::optional<std::uint64_t> major, minor, patch;
  std::vector<std::string> prerelease;
  bool anyMajor() const { return !major; }
  bool anyMinor() const { return !minor; }
  bool anyPatch() const { return !patch; }
};

bool isWildcard(std::string_view s) {
  return s == "x" || s == "X" || s == "*";
}

std::optional<Partial> parsePartial(std::string_view text, std::string* error) {
  if (!text.empty() && text[0] == '=') text.remove_prefix(1);
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  Partial p;
  if (text.empty() || isWildcard(text)) return p;
  std::size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    // Build metadata is accepted and ignored, like everywhere else in SemVer.
    if (!detail::parseIdentifiers(text.substr(plus + 1), false, "build", error)) return {};
    text = text.substr(0, plus);
  }
  std::size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    auto pre = detail::parseIdentifiers(text.substr(dash + 1), true, "prerelease", error);
    if (!pre) return std::nullopt;
    p.prerelease = std::move(*pre);
    text = text.substr(0, dash);
  }
  std::optional<std::uint64_t>* parts[] = {&p.major, &p.minor, &p.patch};
  const char* names[] = {"major", "minor", "patch"};
  bool wild = false;
  for (int i = 0; i < 3 && !text.empty(); ++i) {
    std::size_t dot = text.find('.');
    std::string_view piece = text.substr(0, dot);
    if (i == 2 && dot != std::string_view::npos) {
      if (error) *error = "a version has three numbers (MAJOR.MINOR.PATCH), not more";
      return std::nullopt;
    }
    if (isWildcard(piece)) {
      wild = true;
    } else {
      if (wild) {
        if (error) *error = "a number cannot follow a wildcard (write 1.x, not x.1)";
        return std::nullopt;
      }
      auto n = detail::parseNumber(piece, names[i], error);
      if (!n) return std::nullopt;
      *parts[i] = *n;
    }
    if (dot == std::string_view::npos) break;
    text = text.substr(dot + 1);
    if (text.empty()) {
      if (error) *error = std::string(names[i + 1]) + " version is missing after '.'";
      return std::nullopt;
    }
  }
  if (!p.prerelease.empty() && (!p.major || !p.minor || !p.patch)) {
    if (error) *error = "a prerelease tag needs a full MAJOR.MINOR.PATCH version";
    return std::nullopt;
  }
  return p;
}

Version make(std::uint64_t major, std::uint64_t minor, std::uint64_t patch,
             std::vector<std::string> prerelease = {}) {
  Version v;
  v.major = major;
  v.minor = minor;
  v.patch = patch;
  v.prerelease = std::move(prerelease);
  return v;
}

// "-0" is the lowest possible prerelease: `<2.0.0-0` excludes 2.0.0's prereleases too.
Version lowest(std::uint64_t major, std::uint64_t minor, std::uint64_t patch) {
  return make(major, minor, patch, {"0"});
}

Version full(const Partial& p) {
  return make(*p.major, *p.minor, *p.patch, p.prerelease);
}

using Set = std::vector<Comparator>;

// Lower bounds made from wildcards admit prereleases when they are included (npm does the same).
Comparator lowerBound(std::uint64_t major, std::uint64_t minor, std::uint64_t patch,
                      const RangeOptions& o) {
  return {Op::GreaterEqual,
          o.includePrerelease ? lowest(major, minor, patch) : make(major, minor, patch)};
}

Set anyVersion(const RangeOptions& o) {
  return o.includePrerelease ? Set{lowerBound(0, 0, 0, o)} : Set{{Op::Any, {}}};
}

Set tilde(const Partial& p, const RangeOptions& o) {
  if (p.anyMajor()) return anyVersion(o);
  if (p.anyMinor()) return {lowerBound(*p.major, 0, 0, o), {Op::Less, lowest(*p.major + 1, 0, 0)}};
  Comparator upper{Op::Less, lowest(*p.major, *p.minor + 1, 0)};
  if (p.anyPatch()) return {lowerBound(*p.major, *p.minor, 0, o), upper};
  return {{Op::GreaterEqual, full(p)}, upper};
}

Set caret(const Partial& p, const RangeOptions& o) {
  if (p.anyMajor()) return anyVersion(o);
  std::uint64_t M = *p.major;
  if (p.anyMinor()) return {lowerBound(M, 0, 0, o), {Op::Less, lowest(M + 1, 0, 0)}};
  std::uint64_t m = *p.minor;
  if (p.anyPatch()) {
    Version upper = M == 0 ? lowest(0, m + 1, 0) : lowest(M + 1, 0, 0);
    return {lowerBound(M, m, 0, o), {Op::Less, upper}};
  }
  // The first non-zero component is the one that may not change.
  Version upper = M != 0   ? lowest(M + 1, 0, 0)
                  : m != 0 ? lowest(0, m + 1, 0)
                           : lowest(0, 0, *p.patch + 1);
  return {{Op::GreaterEqual, full(p)}, {Op::Less, upper}};
}

Set primitive(Op op, const Partial& p, const RangeOptions& o) {
  if (p.anyMajor()) {
    if (op == Op::Less || op == Op::Greater) return {{Op::Less, lowest(0, 0, 0)}}; // nothing
    return anyVersion(o);
  }
  std::uint64_t M = *p.major;
  if (!p.anyMinor() && !p.anyPatch()) {
    return {{op == Op::Any ? Op::Equal : op, full(p)}};
  }
  std::uint64_t m = p.minor.value_or(0);
  // The first version above the wildcard: 1.2.x → 1.3.0, 1.x → 2.0.0.
  Version next = p.anyMinor() ? make(M + 1, 0, 0) : make(M, m + 1, 0);
  switch (op) {
  case Op::Greater:
    return {lowerBound(next.major, next.minor, 0, o)};
  case Op::GreaterEqual:
    return {lowerBound(M, m, 0, o)};
  case Op::Less:
    return {{Op::Less, lowest(M, m, 0)}};
  case Op::LessEqual:
    return {{Op::Less, lowest(next.major, next.minor, 0)}};
  default:
    return {lowerBound(M, m, 0, o), {Op::Less, lowest(next.major, next.minor, 0)}};
  }
}

Set hyphen(const Partial& from, const Partial& to, const RangeOptions& o) {
  Set out;
  if (!from.anyMajor()) {
    if (from.anyMinor() || from.anyPatch())
      out.push_back(lowerBound(*from.major, from.minor.value_or(0), 0, o));
    else
      out.push_back({Op::GreaterEqual, full(from)});
  }
  if (!to.anyMajor()) {
    if (to.anyMinor())
      out.push_back({Op::Less, lowest(*to.major + 1, 0, 0)});
    else if (to.anyPatch())
      out.push_back({Op::Less, lowest(*to.major, *to.minor + 1, 0)});
    else
      out.push_back({Op::LessEqual, full(to)});
  }
  if (out.empty()) return anyVersion(o);
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> splitWords(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool isOperatorOnly(const std::string& w) {
  return w == "<" || w == "<=" || w == ">" || w == ">=" || w == "=" || w == "~" || w == "~>" ||
         w == "^";
}

// `>= 1.2.3` is the same as `>=1.2.3`: glue a lone operator to the next word.
std::vector<std::string> comparatorWords(std::string_view text, std::string* error) {
  std::vector<std::string> words = splitWords(text), out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (isOperatorOnly(words[i])) {
      if (i + 1 == words.size() ||
          std::string_view("<>=~^").find(words[i + 1][0]) != std::string_view::npos) {
        if (error) *error = "operator '" + words[i] + "' has no version after it";
        return {};
      }
      out.push_back(words[i] + words[i + 1]);
      ++i;
    } else {
      out.push_back(words[i]);
    }
  }
  return out;
}

bool parseComparator(const std::string& word, Set& set, std::string* error, const RangeOptions& o) {
  std::string_view w = word;
  enum class Kind { Tilde, Caret, Prim } kind = Kind::Prim;
  Op op = Op::Any;
  if (w.starts_with("~>"))
    kind = Kind::Tilde, w.remove_prefix(2);
  else if (w.starts_with("~"))
    kind = Kind::Tilde, w.remove_prefix(1);
  else if (w.starts_with("^"))
    kind = Kind::Caret, w.remove_prefix(1);
  else if (w.starts_with(">="))
    op = Op::GreaterEqual, w.remove_prefix(2);
  else if (w.starts_with("<="))
    op = Op::LessEqual, w.remove_prefix(2);
  else if (w.starts_with(">"))
    op = Op::Greater, w.remove_prefix(1);
  else if (w.starts_with("<"))
    op = Op::Less, w.remove_prefix(1);
  else if (w.starts_with("="))
    op = Op::Equal, w.remove_prefix(1);
  if (kind == Kind::Prim && op != Op::Any && w.empty()) {
    if (error) *error = "operator has no version after it";
    return false;
  }
  std::string why;
  auto p = parsePartial(w, &why);
  if (!p) {
    if (error) *error = "'" + word + "': " + why;
    return false;
  }
  Set parts = kind == Kind::Tilde   ? tilde(*p, o)
              : kind == Kind::Caret ? caret(*p, o)
                                    : primitive(op, *p, o);
  set.insert(set.end(), parts.begin(), parts.end());
  return true;
}

std::optional<Set> parseSet(std::string_view text, std::string* error, const RangeOptions& o) {
  std::vector<std::string> words = splitWords(text);
  if (words.empty()) return anyVersion(o);
  if (words.size() == 3 && words[1] == "-") {
    std::string why;
    auto from = parsePartial(words[0], &why);
    auto to = from ? parsePartial(words[2], &why) : std::nullopt;
    if (!from || !to) {
      if (error) *error = "hyphen range '" + trim(text) + "': " + why;
      return std::nullopt;
    }
    return hyphen(*from, *to, o);
  }
  for (const std::string& w : words)
    if (w == "-") {
      if (error)
        *error = "'" + trim(text) + "': a hyphen range is exactly 'FROM - TO' (spaces around '-')";
      return std::nullopt;
    }
  std::string why;
  std::vector<std::string> comparators = comparatorWords(text, &why);
  if (comparators.empty()) {
    if (error) *error = "'" + trim(text) + "': " + why;
    return std::nullopt;
  }
  Set set;
  for (const std::string& c : comparators)
    if (!parseComparator(c, set, error, o)) return std::nullopt;
  return set;
}

bool test(const Comparator& c, const Version& v) {
  switch (c.op) {
  case Op::Any:
    return true;
  case Op::Equal:
    return v == c.version;
  case Op::Less:
    return v < c.version;
  case Op::LessEqual:
    return v <= c.version;
  case Op::Greater:
    return v > c.version;
  case Op::GreaterEqual:
    return v >= c.version;
  }
  return false;
}

bool sameTuple(const Version& a, const Version& b) {
  return a.major == b.major && a.minor == b.minor && a.patch == b.patch;
}

bool testSet(const Set& set, const Version& v, const RangeOptions& o) {
  for (const Comparator& c : set)
    if (!test(c, v)) return false;
  if (!v.isPrerelease() || o.includePrerelease) return true;
  for (const Comparator& c : set)
    if (c.op != Op::Any && c.version.isPrerelease() && sameTuple(c.version, v)) return true;
  return false;
}

const char* opText(Op op) {
  switch (op) {
  case Op::Any:
    return "";
  case Op::Equal:
    return "";
  case Op::Less:
    return "<";
  case Op::LessEqual:
    return "<=";
  case Op::Greater:
    return ">";
  case Op::GreaterEqual:
    return ">=";
  }
  return "";
}

} // namespace

std::string Comparator::str() const {
  if (op == Op::Any) return "*";
  return opText(op) + version.str();
}

std::string Range::str() const {
  std::string out;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (i) out += " || ";
    for (std::size_t j = 0; j < sets[i].size(); ++j) out += (j ? " " : "") + sets[i][j].str();
  }
  return out;
}

std::optional<Range> parseRange(std::string_view text, std::string* error, RangeOptions options) {
  if (text.size() > kMaxLength) {
    if (error) *error = "range is longer than " + std::to_string(kMaxLength) + " characters";
    return std::nullopt;
  }
  Range range;
  std::size_t start = 0;
  while (true) {
    std::size_t bar = text.find("||", start);
    std::string_view part = text.substr(start, bar == std::string_view::npos ? bar : bar - start);
    auto set = parseSet(part, error, options);
    if (!set) return std::nullopt;
    range.sets.push_back(std::move(*set));
    if (bar == std::string_view::npos) break;
    start = bar + 2;
  }
  return range;
}

bool satisfies(const Version& version, const Range& range, RangeOptions options) {
  for (const auto& set : range.sets)
    if (testSet(set, version, options)) return true;
  return false;
}

std::optional<Version> maxSatisfying(const std::vector<Version>& versions, const Range& range,
                                     RangeOptions options) {
  std::optional<Version> best;
  for (const Version& v : versions)
    if (satisfies(v, range, options) && (!best || v > *best)) best = v;
  return best;
}

std::optional<Version> minSatisfying(const std::vector<Version>& versions, const Range& range,
                                     RangeOptions options) {
  std::optional<Version> best;
  for (const Version& v : versions)
    if (satisfies(v, range, options) && (!best || v < *best)) best = v;
  return best;
}

} // namespace locus::semver
