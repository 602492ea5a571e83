#include "generators/common/names.h"

#include <cctype>

namespace locus {

std::string npmPackageName(const std::string& appName) {
  std::string out;
  for (char c : appName) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "locus-app" : out;
}

std::string kebabCase(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == '.' || c == '_' || c == ' ') {
      out += '-';
    } else if (std::isupper(c)) {
      if (i > 0 && out.back() != '-') out += '-';
      out += static_cast<char>(std::tolower(c));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace locus
