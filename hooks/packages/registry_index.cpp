#include "hooks/packages/registry_index.h"

#include "compiler/base/sha256.h"
#include "hooks/semver/version.h"

#include <algorithm>
#include <ctime>

namespace locus::packages {

using nlohmann::json;

const IndexVersion* IndexPackage::find(const std::string& version) const {
  for (const IndexVersion& v : versions)
    if (v.version == version) return &v;
  return nullptr;
}

json toJson(const IndexVersion& v) {
  return {{"version", v.version},
          {"channel", v.channel},
          {"yanked", v.yanked},
          {"published", v.published},
          {"sha256", v.sha256},
          {"content", v.content},
          {"key", v.key},
          {"requiresCore", v.requiresCore},
          {"description", v.description},
          {"dependencies", v.dependencies},
          {"optionalDependencies", v.optionalDependencies},
          {"permissions", v.permissions},
          {"hooks", v.hooks},
          {"steps", v.steps},
          {"generators", v.generators},
          {"provenance", v.provenance}};
}

json toJson(const IndexPackage& p) {
  json versions = json::array();
  for (const IndexVersion& v : p.versions) versions.push_back(toJson(v));
  return {{"name", p.name}, {"owners", p.owners}, {"versions", versions}};
}

std::optional<IndexPackage> indexPackageFromJson(const json& doc, std::string* error) {
  try {
    IndexPackage p;
    p.name = doc.at("name").get<std::string>();
    p.owners = doc.value("owners", std::vector<std::string>{});
    for (const json& v : doc.at("versions")) {
      IndexVersion out;
      out.version = v.at("version").get<std::string>();
      out.channel = v.value("channel", "ga");
      out.yanked = v.value("yanked", false);
      out.published = v.value("published", "");
      out.sha256 = v.at("sha256").get<std::string>();
      out.content = v.value("content", "");
      out.key = v.value("key", "");
      out.requiresCore = v.value("requiresCore", "*");
      out.description = v.value("description", "");
      out.dependencies = v.value("dependencies", std::map<std::string, std::string>{});
      out.optionalDependencies =
          v.value("optionalDependencies", std::map<std::string, std::string>{});
      out.permissions = v.value("permissions", json::object());
      out.hooks = v.value("hooks", std::vector<std::string>{});
      out.steps = v.value("steps", std::vector<std::string>{});
      out.generators = v.value("generators", std::vector<std::string>{});
      out.provenance = v.value("provenance", json::object());
      if (!semver::parseVersion(out.version))
        throw std::runtime_error("version '" + out.version + "' is not SemVer");
      p.versions.push_back(std::move(out));
    }
    std::sort(p.versions.begin(), p.versions.end(),
              [](const IndexVersion& a, const IndexVersion& b) {
                return *semver::parseVersion(a.version) < *semver::parseVersion(b.version);
              });
    return p;
  } catch (const std::exception& e) {
    if (error) *error = std::string("malformed package index: ") + e.what();
    return std::nullopt;
  }
}

int channelRank(const std::string& channel) {
  if (channel == "draft") return 0;
  if (channel == "beta") return 1;
  if (channel == "ga") return 2;
  return -1;
}

IndexVersion indexVersionFor(const lockfile::PackageIndex& index, const std::string& indexText,
                             const std::string& sha256, const std::string& keyId,
                             const std::string& channel, const std::string& publishedAt) {
  IndexVersion v;
  v.version = index.version;
  v.channel = channel;
  v.published = publishedAt;
  v.sha256 = sha256;
  v.content = locus::sha256Hex(indexText);
  v.key = keyId;
  v.requiresCore = index.requiresCore;
  v.description = index.description;
  v.dependencies = index.dependencies;
  v.optionalDependencies = index.optionalDependencies;
  v.permissions = index.permissions;
  v.provenance = {{"sourceDigest", v.content}, {"publisherKey", keyId}, {"time", publishedAt}};
  return v;
}

void addCapabilities(IndexVersion& v, const std::string& manifestText) {
  json manifest = json::parse(manifestText, nullptr, false);
  if (!manifest.is_object()) return;
  if (manifest.contains("hooks") && manifest["hooks"].is_object())
    for (auto& [hook, _] : manifest["hooks"].items()) v.hooks.push_back(hook);
  for (const json& s : manifest.value("steps", json::array()))
    if (s.is_object()) v.steps.push_back(s.value("kind", ""));
  for (const json& g : manifest.value("generators", json::array()))
    if (g.is_object()) v.generators.push_back(g.value("name", ""));
}

std::string utcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<long long> parseUtc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end) return std::nullopt;
  return static_cast<long long>(timegm(&tm));
}

} // namespace locus::packages
