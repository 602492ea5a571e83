#include "generators/output/build_manifest.h"

#include "compiler/base/json_text.h"
#include "compiler/base/sha256.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

namespace locus {

namespace {

// The SHA-256 of every file, in map order: taken from `known` when it has the file, else hashed
// on a few threads (each takes the next file).
std::vector<std::string> hashAll(const GeneratedFiles& files,
                                 const std::map<std::string, std::string>* known) {
  std::vector<const std::string*> texts;
  std::vector<std::string> hashes;
  size_t missing = 0;
  texts.reserve(files.size());
  hashes.reserve(files.size());
  for (const auto& [path, text] : files) {
    auto it = known ? known->find(path) : std::map<std::string, std::string>::const_iterator();
    hashes.push_back(known && it != known->end() ? it->second : std::string());
    missing += hashes.back().empty();
    texts.push_back(&text);
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < texts.size(); i = next++)
      if (hashes[i].empty()) hashes[i] = sha256Hex(*texts[i]);
  };
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  {
    std::vector<std::jthread> pool; // joined at the end of this block
    for (unsigned t = 1; t < threads && missing > 16; ++t) pool.emplace_back(work);
    work();
  }
  return hashes;
}

} // namespace

std::string renderManifest(const GeneratedFiles& files,
                           const std::map<std::string, std::string>& owner,
                           const std::string& coreVersion, int irVersion,
                           const std::map<std::string, std::string>* knownHashes) {
  std::vector<std::string> hashes = hashAll(files, knownHashes);
  locus::OrderedJson list = locus::OrderedJson::array();
  size_t i = 0;
  for (const auto& [path, text] : files) {
    auto it = owner.find(path);
    list.push_back({{"path", path},
                    {"generator", it == owner.end() ? "" : it->second},
                    {"sha256", std::move(hashes[i++])},
                    {"size", text.size()}});
  }
  locus::OrderedJson doc = {{"locus", coreVersion}, {"irVersion", irVersion}, {"files", list}};
  std::string text = jsonText(doc, 2);
  text += '\n';
  return text;
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
