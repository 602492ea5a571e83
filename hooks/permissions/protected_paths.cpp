#include "hooks/permissions/protected_paths.h"

#include "hooks/ordering/glob.h"

#include <vector>

namespace locus::hooks {

namespace {

struct ProtectedName {
  const char* glob; // matched against one path component
  const char* why;
};

constexpr ProtectedName kProtected[] = {
    {".locus", "holds the host's state (audit log, plugin workspaces, installed plugins)"},
    {".git", "is the repository's history and configuration"},
    {".env", "is a secrets file"},
    {".env.*", "is a secrets file"},
    {"*.pem", "is a key or certificate file"},
    {"*.key", "is a key file"},
    {"id_rsa*", "is an SSH key"},
    {"id_ed25519*", "is an SSH key"},
    {"secrets", "is a secrets folder"},
};

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

const ProtectedName* protectedName(std::string_view component) {
  for (const ProtectedName& p : kProtected)
    if (globMatch(p.glob, component)) return &p;
  return nullptr;
}

bool hasGlobCharacter(std::string_view s) {
  return s.find_first_of("*?[") != std::string::npos;
}

} // namespace

bool isProtectedProjectPath(std::string_view rel) {
  for (std::string_view c : components(rel))
    if (protectedName(c)) return true;
  return false;
}

std::string protectedPatternProblem(std::string_view pattern) {
  for (std::string_view c : components(pattern)) {
    if (hasGlobCharacter(c)) continue; // `**` may cross a protected path; the walk skips it
    if (const ProtectedName* p = protectedName(c))
      return "'" + std::string(c) + "' " + p->why + " and is never readable by plugins";
  }
  return "";
}

} // namespace locus::hooks
