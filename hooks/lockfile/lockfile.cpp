#include "hooks/lockfile/lockfile.h"

#include "compiler/base/file_bytes.h"
#include "compiler/base/sha256.h"
#include "hooks/lockfile/package_index.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace locus::lockfile {

namespace fs = std::filesystem;

namespace {

std::string tomlString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + tomlString(items[i]);
  return out + "]";
}

std::string where(const std::string& file, const toml::source_region& r) {
  return file + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

} // namespace

const LockedPlugin* Lockfile::find(std::string_view name) const {
  for (const LockedPlugin& p : plugins)
    if (p.name == name) return &p;
  return nullptr;
}

void Lockfile::put(LockedPlugin plugin) {
  auto it =
      std::lower_bound(plugins.begin(), plugins.end(), plugin.name,
                       [](const LockedPlugin& p, const std::string& n) { return p.name < n; });
  if (it != plugins.end() && it->name == plugin.name)
    *it = std::move(plugin);
  else
    plugins.insert(it, std::move(plugin));
}

std::string formatLockfile(const Lockfile& lock) {
  std::string out = "# locus.lock: the exact plugin packages of this project, written by "
                    "`locusc plugin`.\n# Commit it; do not edit it by hand.\nversion = 1\n";
  std::vector<LockedPlugin> sorted = lock.plugins;
  std::sort(sorted.begin(), sorted.end(),
            [](const LockedPlugin& a, const LockedPlugin& b) { return a.name < b.name; });
  for (const LockedPlugin& p : sorted) {
    out += "\n[[plugin]]\nname = " + tomlString(p.name) + "\nversion = " + tomlString(p.version) +
           (p.requested.empty() ? "" : "\nrequested = " + tomlString(p.requested)) +
           "\nsource = " + tomlString(p.source) + "\nsha256 = " + tomlString(p.sha256) +
           "\ncontent = " + tomlString(p.content) + "\nkey = " + tomlString(p.key) +
           "\npermissions = " + list(p.permissions) + "\n";
    if (!p.consented.empty()) out += "consented = " + list(p.consented) + "\n";
  }
  return out;
}

LockRead parseLockfile(std::string_view text, const std::string& file) {
  LockRead out;
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    out.error = where(file, e.source()) + ": " + std::string(e.description()) +
                " (the lock is not valid TOML; restore it from version control, or delete it "
                "and run `locusc plugin install` to write a new one)";
    return out;
  }
  auto fail = [&](const toml::node* node, const toml::table& at, const std::string& why) {
    out.error = where(file, node ? node->source() : at.source()) + ": " + why;
    out.lock.reset();
    return out;
  };
  if (doc["version"].value<int64_t>().value_or(0) != 1)
    return fail(doc.get("version"), doc, "`version = 1` expected (written by a newer locusc?)");
  Lockfile lock;
  const toml::array* plugins = doc["plugin"].as_array();
  if (doc.contains("plugin") && !plugins)
    return fail(doc.get("plugin"), doc, "`plugin` must be an array of tables ([[plugin]])");
  static const std::regex hex64("^[0-9a-f]{64}$");
  if (plugins)
    for (const toml::node& node : *plugins) {
      const toml::table* t = node.as_table();
      if (!t) return fail(&node, doc, "every [[plugin]] entry must be a table");
      LockedPlugin p;
      for (auto [key, field] : {std::pair{"name", &p.name},
                                {"version", &p.version},
                                {"source", &p.source},
                                {"sha256", &p.sha256},
                                {"content", &p.content},
                                {"key", &p.key}}) {
        std::optional<std::string> v = (*t)[key].value<std::string>();
        if (!v)
          return fail(t->get(key), *t,
                      std::string("[[plugin]] entry lacks the string `") + key + "`");
        *field = *v;
      }
      p.requested = (*t)["requested"].value_or(std::string());
      if (!std::regex_match(p.sha256, hex64) || !std::regex_match(p.content, hex64))
        return fail(t->get(std::regex_match(p.sha256, hex64) ? "content" : "sha256"), *t,
                    "plugin " + p.name + ": a SHA-256 is 64 lower-case hex digits");
      for (auto [key, field] :
           {std::pair{"permissions", &p.permissions}, {"consented", &p.consented}}) {
        if (!t->contains(key)) continue;
        const toml::array* items = (*t)[key].as_array();
        if (!items) return fail(t->get(key), *t, std::string("`") + key + "` must be a list");
        for (const toml::node& item : *items) {
          std::optional<std::string> s = item.value<std::string>();
          if (!s) return fail(&item, *t, std::string("`") + key + "` must list strings");
          field->push_back(*s);
        }
      }
      if (lock.find(p.name))
        return fail(t, *t, "plugin " + p.name + " is locked twice; keep one entry");
      lock.put(std::move(p));
    }
  out.lock = std::move(lock);
  return out;
}

LockRead readLockfile(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return {Lockfile{}, ""};
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return parseLockfile(s.str(), file.string());
}

fs::path packageStoreDir(const fs::path& projectRoot) {
  return projectRoot / ".locus" / "packages" / "store";
}

fs::path installedDir(const fs::path& projectRoot, const LockedPlugin& plugin) {
  return packageStoreDir(projectRoot) / plugin.sha256;
}

std::string checkInstalledFiles(const fs::path& dir, const LockedPlugin& plugin) {
  std::error_code ec;
  std::string prefix = "plugin " + plugin.name + " " + plugin.version + ": ";
  if (!fs::is_directory(dir, ec))
    return prefix + "locked in locus.lock but not installed (" + dir.string() +
           " is missing); run `locusc plugin install`";
  fs::path indexFile = dir / kPackageIndexFile;
  std::ifstream in(indexFile, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  std::string indexText = s.str();
  if (sha256Hex(indexText) != plugin.content)
    return prefix + indexFile.string() +
           " differs from the file list locked in locus.lock; the installed copy was changed, "
           "so it will not start (run `locusc plugin install` to restore it)";
  std::string error;
  std::optional<PackageIndex> index = parsePackageIndex(indexText, &error);
  if (!index) return prefix + error;
  for (const PackedFile& f : index->files) {
    std::optional<std::string> bytes = readFileBytes((dir / f.path).string());
    if (!bytes)
      return prefix + (dir / f.path).string() +
             " is missing; the installed copy was changed, so it will not start (run `locusc "
             "plugin install` to restore it)";
    if (sha256Hex(*bytes) != f.sha256)
      return prefix + (dir / f.path).string() +
             " was changed since it was installed (its SHA-256 no longer matches the lock), so "
             "the plugin will not start; run `locusc plugin install` to restore it";
  }
  return "";
}

} // namespace locus::lockfile
