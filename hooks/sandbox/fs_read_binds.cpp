#include "hooks/sandbox/fs_read_binds.h"

#include "hooks/ordering/glob.h"
#include "hooks/permissions/protected_paths.h"

#include <algorithm>
#include <map>
#include <set>

namespace locus::hooks {

namespace fs = std::filesystem;

namespace {

bool hasGlobCharacter(std::string_view s) {
  return s.find_first_of("*?[") != std::string::npos;
}

std::string joined(const std::string& rel, const std::string& name) {
  return rel.empty() ? name : rel + "/" + name;
}

std::string sandboxPath(const std::string& rel) {
  return std::string(kSandboxProjectDir) + "/" + rel;
}

// The leading components of `pattern` without glob characters: where its matches can be.
std::vector<std::string> literalPrefix(const std::string& pattern) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < pattern.size()) {
    std::size_t slash = pattern.find('/', start);
    if (slash == std::string::npos) slash = pattern.size();
    std::string part = pattern.substr(start, slash - start);
    if (hasGlobCharacter(part)) break;
    if (!part.empty() && part != ".") out.push_back(part);
    start = slash + 1;
  }
  return out;
}

// One pattern's walk. Nothing is followed: every entry is looked at with lstat.
struct Walker {
  const fs::path& root; // canonical project root
  const std::string& pattern;
  std::size_t& scanned;
  std::vector<std::string>& skipped;
  bool overflowed = false;

  // Scans `rel`. `ancestorGranted`: a folder above it matched the pattern by name (granting its
  // whole tree). Appends binds for the granted content and returns true when all of `rel` is
  // granted, so the caller may bind its folder whole instead.
  bool scan(const std::string& rel, bool ancestorGranted, std::vector<ReadOnlyBind>& binds) {
    if (isProtectedProjectPath(rel)) {
      skipped.push_back(rel + ": a protected path, never bound");
      return false;
    }
    if (++scanned > kMaxScannedEntries) {
      overflowed = true;
      return false;
    }
    bool named = ancestorGranted || globMatch(pattern, rel);
    std::error_code ec;
    fs::file_status st = fs::symlink_status(root / rel, ec);
    if (ec) return false;
    if (fs::is_symlink(st)) {
      if (!named) return false;
      fs::path target = fs::read_symlink(root / rel, ec);
      if (ec) return false;
      binds.push_back({"", sandboxPath(rel), target.string()});
      return true;
    }
    if (fs::is_directory(st)) return scanFolder(rel, named, binds);
    if (!fs::is_regular_file(st) || !named) return false; // no fifos, sockets or devices
    binds.push_back({(root / rel).string(), sandboxPath(rel), ""});
    return true;
  }

  bool scanFolder(const std::string& rel, bool named, std::vector<ReadOnlyBind>& binds) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(root / rel, ec), end; !ec && it != end; it.increment(ec))
      names.push_back(it->path().filename().string());
    if (ec) return false;
    std::sort(names.begin(), names.end());
    std::vector<ReadOnlyBind> inner;
    bool all = true;
    for (const std::string& name : names) all = scan(joined(rel, name), named, inner) && all;
    if (all && (named || !names.empty())) {
      binds.push_back({(root / rel).string(), sandboxPath(rel), ""});
      return true;
    }
    binds.insert(binds.end(), inner.begin(), inner.end());
    return false;
  }

  // The pattern's literal folders must be real folders: a symlink on the way is not followed.
  void run(std::vector<ReadOnlyBind>& binds) {
    std::vector<std::string> prefix = literalPrefix(pattern);
    std::string rel;
    for (std::size_t i = 0; i + 1 < prefix.size(); ++i) {
      rel = joined(rel, prefix[i]);
      std::error_code ec;
      fs::file_status st = fs::symlink_status(root / rel, ec);
      if (ec || !fs::is_directory(st)) {
        if (fs::is_symlink(st)) skipped.push_back(rel + ": a symlink on the way, not followed");
        return;
      }
    }
    if (!prefix.empty()) {
      scan(joined(rel, prefix.back()), false, binds);
    } else { // a pattern starting with a glob: the project root's entries, never the root whole
      std::vector<std::string> names;
      std::error_code ec;
      for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
        names.push_back(it->path().filename().string());
      std::sort(names.begin(), names.end());
      for (const std::string& name : names) scan(name, false, binds);
    }
    if (overflowed)
      skipped.push_back(pattern + ": more than " + std::to_string(kMaxScannedEntries) +
                        " entries scanned; grant a narrower pattern");
  }
};

// True when a folder bind already covers `target`.
bool coveredBy(const std::set<std::string>& folders, const std::string& target) {
  for (std::size_t slash = target.rfind('/'); slash != std::string::npos && slash > 0;
       slash = target.rfind('/', slash - 1))
    if (folders.count(target.substr(0, slash))) return true;
  return false;
}

} // namespace

FsReadBinds resolveFsReadBinds(const fs::path& projectRoot,
                               const std::vector<std::string>& patterns) {
  FsReadBinds out;
  std::error_code ec;
  fs::path root = fs::canonical(projectRoot, ec);
  if (ec) return out;
  std::map<std::string, ReadOnlyBind> byTarget;
  std::size_t scanned = 0;
  for (const std::string& pattern : patterns) {
    std::vector<ReadOnlyBind> binds;
    Walker{root, pattern, scanned, out.skipped}.run(binds);
    for (ReadOnlyBind& b : binds) byTarget.emplace(b.target, std::move(b));
  }
  std::set<std::string> folders;
  for (auto& [target, bind] : byTarget) {
    if (coveredBy(folders, target)) continue;
    if (out.binds.size() == kMaxReadOnlyBinds) {
      out.skipped.push_back(target.substr(std::string(kSandboxProjectDir).size() + 1) + ": over " +
                            std::to_string(kMaxReadOnlyBinds) +
                            " bound paths; grant a folder instead of its files");
      continue;
    }
    if (!bind.source.empty() && fs::is_directory(fs::symlink_status(bind.source, ec)))
      folders.insert(target);
    out.binds.push_back(std::move(bind));
  }
  return out;
}

} // namespace locus::hooks
