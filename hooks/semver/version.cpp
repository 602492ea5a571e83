#include "hooks/semver/version.h"

#include "hooks/semver/version_parts.h"

#include <charconv>

namespace locus::semver {

namespace detail {

namespace {
void setError(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isIdentifierChar(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
} // namespace

bool isNumeric(std::string_view identifier) {
  if (identifier.empty()) return false;
  for (char c : identifier)
    if (!isDigit(c)) return false;
  return true;
}

std::optional<std::uint64_t> parseNumber(std::string_view text, const char* what,
                                         std::string* error) {
  if (text.empty()) {
    setError(error, std::string(what) + " version is missing");
    return std::nullopt;
  }
  if (!isNumeric(text)) {
    setError(error, std::string(what) + " version '" + std::string(text) + "' is not a number");
    return std::nullopt;
  }
  if (text.size() > 1 && text[0] == '0') {
    setError(error, std::string(what) + " version '" + std::string(text) +
                        "' has a leading zero; write it without");
    return std::nullopt;
  }
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > kMaxComponent) {
    setError(error, std::string(what) + " version '" + std::string(text) + "' is too large");
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> parseIdentifiers(std::string_view text, bool numericRule,
                                                         const char* what, std::string* error) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view id = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (id.empty()) {
      setError(error, std::string("empty ") + what + " identifier in '" + std::string(text) + "'");
      return std::nullopt;
    }
    for (char c : id)
      if (!isIdentifierChar(c)) {
        setError(error, std::string(what) + " identifier '" + std::string(id) +
                            "' may only hold letters, digits and '-'");
        return std::nullopt;
      }
    if (numericRule && isNumeric(id) && id.size() > 1 && id[0] == '0') {
      setError(error, std::string("numeric ") + what + " identifier '" + std::string(id) +
                          "' has a leading zero");
      return std::nullopt;
    }
    out.emplace_back(id);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

} // namespace detail

namespace {

std::strong_ordering compareIdentifier(const std::string& a, const std::string& b) {
  bool an = detail::isNumeric(a), bn = detail::isNumeric(b);
  if (an && bn) {
    if (a.size() != b.size()) return a.size() <=> b.size(); // no leading zeros: longer is larger
    return a.compare(b) <=> 0;
  }
  if (an != bn) return an ? std::strong_ordering::less : std::strong_ordering::greater;
  return a.compare(b) <=> 0;
}

std::string joinDots(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

} // namespace

std::string Version::str() const {
  std::string out =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  if (!prerelease.empty()) out += "-" + joinDots(prerelease);
  if (!build.empty()) out += "+" + joinDots(build);
  return out;
}

std::strong_ordering compare(const Version& a, const Version& b) {
  if (auto c = a.major <=> b.major; c != 0) return c;
  if (auto c = a.minor <=> b.minor; c != 0) return c;
  if (auto c = a.patch <=> b.patch; c != 0) return c;
  if (a.prerelease.empty() != b.prerelease.empty())
    return a.prerelease.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  std::size_t n = std::min(a.prerelease.size(), b.prerelease.size());
  for (std::size_t i = 0; i < n; ++i)
    if (auto c = compareIdentifier(a.prerelease[i], b.prerelease[i]); c != 0) return c;
  return a.prerelease.size() <=> b.prerelease.size();
}

std::optional<Version> parseVersion(std::string_view text, std::string* error) {
  if (text.size() > kMaxLength) {
    if (error) *error = "version is longer than " + std::to_string(kMaxLength) + " characters";
    return std::nullopt;
  }
  if (!text.empty() && (text[0] == 'v' || text[0] == '=')) text.remove_prefix(1);
  if (text.empty()) {
    if (error) *error = "version is empty; write MAJOR.MINOR.PATCH such as 1.2.3";
    return std::nullopt;
  }
  if (text[0] < '0' || text[0] > '9') {
    if (error) *error = "major version is not a number in '" + std::string(text) + "'";
    return std::nullopt;
  }
  Version v;
  std::size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    auto build = detail::parseIdentifiers(text.substr(plus + 1), false, "build", error);
    if (!build) return std::nullopt;
    v.build = std::move(*build);
    text = text.substr(0, plus);
  }
  std::size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    auto pre = detail::parseIdentifiers(text.substr(dash + 1), true, "prerelease", error);
    if (!pre) return std::nullopt;
    v.prerelease = std::move(*pre);
    text = text.substr(0, dash);
  }
  std::uint64_t* parts[] = {&v.major, &v.minor, &v.patch};
  const char* names[] = {"major", "minor", "patch"};
  for (int i = 0; i < 3; ++i) {
    std::size_t dot = i < 2 ? text.find('.') : std::string_view::npos;
    if (i < 2 && dot == std::string_view::npos) {
      if (error)
        *error = std::string(names[i + 1]) + " version is missing; write MAJOR.MINOR.PATCH";
      return std::nullopt;
    }
    if (i == 2 && text.find('.') != std::string_view::npos) {
      if (error) *error = "a version has three numbers (MAJOR.MINOR.PATCH), not more";
      return std::nullopt;
    }
    auto n = detail::parseNumber(text.substr(0, dot), names[i], error);
    if (!n) return std::nullopt;
    *parts[i] = *n;
    text = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  }
  return v;
}

} // namespace locus::semver
