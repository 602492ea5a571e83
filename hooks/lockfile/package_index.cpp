#include "hooks/lockfile/package_index.h"

#include <algorithm>
#include <set>

namespace locus::lockfile {

using nlohmann::json;

std::string formatPackageIndex(const PackageIndex& index) {
  json files = json::array();
  for (const PackedFile& f : index.files)
    files.push_back(
        {{"path", f.path}, {"sha256", f.sha256}, {"size", f.size}, {"executable", f.executable}});
  json doc = {{"format", 1},
              {"name", index.name},
              {"version", index.version},
              {"requiresCore", index.requiresCore},
              {"description", index.description},
              {"dependencies", index.dependencies},
              {"optionalDependencies", index.optionalDependencies},
              {"permissions", index.permissions},
              {"files", files}};
  return doc.dump(2) + "\n";
}

std::optional<PackageIndex> parsePackageIndex(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<PackageIndex> {
    if (error) *error = std::string(kPackageIndexFile) + ": " + why;
    return std::nullopt;
  };
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return fail("not a JSON object");
  if (doc.value("format", 0) != 1) return fail("unknown format (expected \"format\": 1)");
  try {
    PackageIndex index;
    index.name = doc.at("name").get<std::string>();
    index.version = doc.at("version").get<std::string>();
    index.requiresCore = doc.at("requiresCore").get<std::string>();
    index.description = doc.value("description", "");
    index.dependencies = doc.value("dependencies", std::map<std::string, std::string>{});
    index.optionalDependencies =
        doc.value("optionalDependencies", std::map<std::string, std::string>{});
    index.permissions = doc.value("permissions", json::object());
    for (const json& f : doc.at("files"))
      index.files.push_back({f.at("path").get<std::string>(), f.at("sha256").get<std::string>(),
                             f.at("size").get<std::uint64_t>(), f.value("executable", false)});
    return index;
  } catch (const json::exception& e) {
    return fail(std::string("missing or mistyped field (") + e.what() + ")");
  }
}

std::vector<std::string> permissionList(const json& permissions) {
  std::set<std::string> out;
  if (!permissions.is_object()) return {};
  if (permissions.value("network", false)) out.insert("network");
  auto strings = [&](const json& list, const std::string& prefix) {
    if (!list.is_array()) return;
    for (const json& item : list)
      if (item.is_string()) out.insert(prefix + item.get<std::string>());
  };
  if (permissions.contains("env")) strings(permissions["env"], "env:");
  if (permissions.contains("fs") && permissions["fs"].is_object()) {
    const json& fs = permissions["fs"];
    if (fs.contains("read")) strings(fs["read"], "fs.read:");
    if (fs.contains("write")) strings(fs["write"], "fs.write:");
  }
  return {out.begin(), out.end()};
}

std::vector<std::string> widenedPermissions(const json& before, const json& after) {
  std::vector<std::string> was = permissionList(before), now = permissionList(after), out;
  std::set_difference(now.begin(), now.end(), was.begin(), was.end(), std::back_inserter(out));
  return out;
}

} // namespace locus::lockfile
