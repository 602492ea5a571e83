#include "generators/output/build_manifest.h"

#include "generators/output/sha256.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace locus {

std::string renderManifest(const GeneratedFiles& files,
                           const std::map<std::string, std::string>& owner,
                           const std::string& coreVersion, int irVersion) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& [path, text] : files) {
    auto it = owner.find(path);
    list.push_back({{"path", path},
                    {"generator", it == owner.end() ? "" : it->second},
                    {"sha256", sha256Hex(text)},
                    {"size", text.size()}});
  }
  nlohmann::ordered_json doc = {{"locus", coreVersion}, {"irVersion", irVersion}, {"files", list}};
  return doc.dump(2) + "\n";
}

std::optional<Manifest> readManifest(const std::string& dir) {
  std::ifstream in(dir + "/" + kManifestName, std::ios::binary);
  if (!in) return std::nullopt;
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) return std::nullopt;
  Manifest manifest;
  for (const nlohmann::json& f : doc["files"]) {
    if (!f.is_object() || !f.value("path", nlohmann::json()).is_string()) return std::nullopt;
    manifest[f["path"].get<std::string>()] =
        ManifestEntry{f.value("generator", std::string()), f.value("sha256", std::string())};
  }
  return manifest;
}

} // namespace locus
