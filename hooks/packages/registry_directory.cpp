// file:// registries: the index and artifacts as plain files, written atomically (temp + rename).
#include "compiler/base/file_bytes.h"
#include "compiler/base/sha256.h"
#include "hooks/packages/atomic_file.h"
#include "hooks/packages/minisign.h"
#include "hooks/packages/registry_client.h"
#include "hooks/packages/unpack.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus::packages {

namespace fs = std::filesystem;

namespace {

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> readBytes(const fs::path& p) {
  return readFileBytes(p.string());
}

bool validName(const std::string& name) {
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool validDigest(const std::string& d) {
  if (d.size() != 64) return false;
  for (char c : d)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

class DirectoryRegistry : public RegistryClient {
public:
  DirectoryRegistry(std::string url, fs::path root)
      : url_(std::move(url)), root_(std::move(root)) {}
  const std::string& url() const override { return url_; }

  Fetched<IndexPackage> package(const std::string& name) override {
    if (!validName(name)) return {std::nullopt, "'" + name + "' is not a plugin name", true};
    std::optional<std::string> text = readBytes(root_ / "index" / (name + ".json"));
    if (!text) return {std::nullopt, "no plugin '" + name + "' in " + url_, true};
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
    std::string error;
    std::optional<IndexPackage> p = indexPackageFromJson(doc, &error);
    if (!p) return {std::nullopt, url_ + "/index/" + name + ".json: " + error};
    return {std::move(p), ""};
  }

  Fetched<std::string> artifact(const std::string& sha256) override { return file(sha256, ".tgz"); }
  Fetched<std::string> signature(const std::string& sha256) override {
    return file(sha256, ".tgz.minisig");
  }

  Fetched<std::vector<IndexPackage>> all() override {
    std::vector<IndexPackage> out;
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(root_ / "index", ec))
      if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
      Fetched<IndexPackage> p = package(n);
      if (!p.value) return {std::nullopt, p.error};
      out.push_back(std::move(*p.value));
    }
    return {std::move(out), ""};
  }

private:
  Fetched<std::string> file(const std::string& sha256, const char* suffix) {
    if (!validDigest(sha256)) return {std::nullopt, "'" + sha256 + "' is not a SHA-256", true};
    std::optional<std::string> bytes = readBytes(root_ / "artifacts" / (sha256 + suffix));
    if (!bytes) return {std::nullopt, url_ + ": no artifact " + sha256 + suffix, true};
    return {std::move(bytes), ""};
  }

  std::string url_;
  fs::path root_;
};

std::optional<fs::path> directoryOf(const std::string& url) {
  if (!url.starts_with("file://")) return std::nullopt;
  std::string path = url.substr(7);
  if (path.empty() || path[0] != '/') return std::nullopt;
  return fs::path(path);
}

} // namespace

std::unique_ptr<RegistryClient> openHttpRegistry(const std::string& url, std::string* error);

Fetched<std::vector<SearchRow>> RegistryClient::search(const SearchQuery& query) {
  Fetched<std::vector<IndexPackage>> packages = all();
  if (!packages.value) return {std::nullopt, packages.error, packages.notFound};
  return {searchRows(searchPackages(*packages.value, query)), ""};
}

Fetched<std::vector<std::string>> RegistryClient::names() {
  Fetched<std::vector<IndexPackage>> packages = all();
  if (!packages.value) return {std::nullopt, packages.error, packages.notFound};
  std::vector<std::string> out;
  for (const IndexPackage& p : *packages.value) out.push_back(p.name);
  return {std::move(out), ""};
}

std::unique_ptr<RegistryClient> openRegistry(const std::string& url, std::string* error) {
  if (std::optional<fs::path> dir = directoryOf(url)) {
    std::error_code ec;
    if (!fs::is_directory(*dir / "index", ec)) {
      if (error)
        *error = url + " is not a plugin registry (no index/ folder; publish a package to it "
                       "first with `locusc plugin publish`)";
      return nullptr;
    }
    return std::make_unique<DirectoryRegistry>(url, *dir);
  }
  if (url.starts_with("http://")) return openHttpRegistry(url, error);
  if (error)
    *error = "registry URL '" + url +
             "' is not supported (use file:///absolute/folder or http://host:port)";
  return nullptr;
}

std::string publishToDirectory(const std::string& url, const std::string& archive,
                               const std::string& signature, const std::string& channel) {
  std::optional<fs::path> dir = directoryOf(url);
  if (!dir) return "'" + url + "' is not a file:///absolute/folder URL";
  if (channelRank(channel) < 0) return "unknown channel '" + channel + "' (draft, beta, ga)";
  UnpackResult unpacked = readPackage(archive);
  if (!unpacked.contents) return unpacked.error;
  const PackageContents& c = *unpacked.contents;
  SignatureCheck sig = verifyDetached(signature, archive, {});
  if (sig.keyId.empty()) return "the signature: " + sig.error;
  std::string sha = locus::sha256Hex(archive);
  std::error_code ec;
  fs::create_directories(*dir / "index", ec);
  fs::create_directories(*dir / "artifacts", ec);
  if (ec) return dir->string() + ": " + ec.message();
  IndexPackage pkg{c.index.name, {}, {}};
  if (std::optional<std::string> text = readBytes(*dir / "index" / (c.index.name + ".json"))) {
    std::string error;
    std::optional<IndexPackage> existing =
        indexPackageFromJson(nlohmann::json::parse(*text, nullptr, false), &error);
    if (!existing) return error;
    pkg = std::move(*existing);
  }
  if (pkg.find(c.index.version))
    return c.index.name + " " + c.index.version + " is already published to " + url +
           "; versions are immutable, publish a new version";
  IndexVersion v = indexVersionFor(c.index, c.indexText, sha, sig.keyId, channel, utcNow());
  addCapabilities(v, c.data.at("locus-plugin.json"));
  pkg.versions.push_back(std::move(v));
  if (std::string e = writeFileAtomically(*dir / "artifacts" / (sha + ".tgz"), archive); !e.empty())
    return e;
  if (std::string e = writeFileAtomically(*dir / "artifacts" / (sha + ".tgz.minisig"), signature);
      !e.empty())
    return e;
  return writeFileAtomically(*dir / "index" / (pkg.name + ".json"), toJson(pkg).dump(2) + "\n");
}

std::string updateInDirectory(const std::string& url, const std::string& name,
                              const std::string& version, const std::optional<std::string>& channel,
                              const std::optional<bool>& yanked) {
  std::optional<fs::path> dir = directoryOf(url);
  if (!dir) return "'" + url + "' is not a file:///absolute/folder URL";
  DirectoryRegistry reg(url, *dir);
  Fetched<IndexPackage> pkg = reg.package(name);
  if (!pkg.value) return pkg.error;
  for (IndexVersion& v : pkg.value->versions) {
    if (v.version != version) continue;
    if (channel) {
      if (channelRank(*channel) < 0) return "unknown channel '" + *channel + "' (draft, beta, ga)";
      if (channelRank(*channel) < channelRank(v.channel))
        return name + " " + version + " is in " + v.channel +
               "; channels only move forward "
               "(draft → beta → ga)";
      v.channel = *channel;
    }
    if (yanked) v.yanked = *yanked;
    return writeFileAtomically(*dir / "index" / (name + ".json"),
                               toJson(*pkg.value).dump(2) + "\n");
  }
  return "no version " + version + " of " + name + " in " + url;
}

} // namespace locus::packages
