#include "hooks/registry/publish_validation.h"

#include "compiler/base/sha256.h"
#include "hooks/manifest/manifest_checks.h"
#include "hooks/manifest/manifest_read.h"
#include "hooks/packages/minisign.h"

#include <unistd.h>

namespace locus::registry {

namespace fs = std::filesystem;

namespace {

ValidationCheck manifestCheck(const packages::PackageContents& c) {
  const std::string& text = c.data.at("locus-plugin.json");
  hooks::ManifestRead read = hooks::parseManifest(text, "locus-plugin.json", fs::path("."));
  std::vector<hooks::ManifestError> problems = read.errors;
  if (read.manifest) {
    auto more =
        hooks::checkManifest(*read.manifest, hooks::defaultCheckContext(), "locus-plugin.json");
    problems.insert(problems.end(), more.begin(), more.end());
  }
  std::string message;
  for (const hooks::ManifestError& e : problems) message += (message.empty() ? "" : "; ") + e.str();
  return {"manifest", problems.empty(), problems.empty() ? "valid" : message};
}

ValidationCheck signatureCheck(const std::string& archive, const std::string& signature,
                               const std::vector<OwnerKey>& keys, const std::string& owner,
                               std::string* keyId) {
  if (keys.empty())
    return {"signature", false,
            "owner '" + owner +
                "' has no publisher key registered (the registry operator adds one with "
                "`locusc registry token add " +
                owner + " --pubkey KEY.pub`)"};
  std::vector<packages::PublicKey> trusted;
  for (const OwnerKey& k : keys)
    if (std::optional<packages::PublicKey> key = packages::parsePublicKey(k.publicKey, nullptr))
      trusted.push_back(*key);
  packages::SignatureCheck sig = packages::verifyDetached(signature, archive, trusted);
  if (!sig.ok)
    return {"signature", false, sig.error + " (not by a key registered to '" + owner + "')"};
  *keyId = sig.keyId;
  return {"signature", true, "signed by " + sig.keyId};
}

// The plugin's files in a scratch folder for its fixtures, removed afterwards.
ValidationCheck fixturesCheck(const packages::PackageContents& c, const FixtureRunner& run) {
  if (!run) return {"fixtures", true, "not run (no runner)"};
  std::string pattern = (fs::temp_directory_path() / "locus-registry-check-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    return {"fixtures", false,
            "cannot make a scratch folder in " + fs::temp_directory_path().string()};
  fs::path dir = fs::path(pattern) / "plugin";
  std::string written = packages::writePackageFiles(c, dir);
  FixtureOutcome outcome = written.empty() ? run(dir) : FixtureOutcome{0, written};
  std::error_code ec;
  fs::remove_all(pattern, ec);
  if (!outcome.error.empty()) return {"fixtures", false, outcome.error};
  return {"fixtures", true,
          outcome.ran == 0 ? "no fixtures" : std::to_string(outcome.ran) + " fixture(s) passed"};
}

} // namespace

bool Validation::ok() const {
  for (const ValidationCheck& c : checks)
    if (!c.ok) return false;
  return !checks.empty();
}

nlohmann::json Validation::toJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const ValidationCheck& c : checks)
    out.push_back({{"check", c.name}, {"ok", c.ok}, {"message", c.message}});
  return out;
}

std::optional<packages::PackageContents> inspectPackage(const std::string& archive,
                                                        ValidationCheck* failure) {
  packages::UnpackResult unpacked = packages::readPackage(archive);
  if (!unpacked.contents && failure) *failure = {"pack", false, unpacked.error};
  return std::move(unpacked.contents);
}

Validation validatePackage(const packages::PackageContents& contents, const std::string& archive,
                           const std::string& signature, const std::vector<OwnerKey>& keys,
                           const std::string& owner, const std::string& channel,
                           const FixtureRunner& runFixtures) {
  Validation out;
  out.checks.push_back({"pack", true, std::to_string(contents.index.files.size()) + " files"});
  out.checks.push_back(manifestCheck(contents));
  std::string keyId;
  out.checks.push_back(signatureCheck(archive, signature, keys, owner, &keyId));
  if (!out.ok()) return out; // no plugin code runs for a package that failed a check
  out.checks.push_back(fixturesCheck(contents, runFixtures));
  if (!out.ok()) return out;
  std::string now = packages::utcNow();
  out.version = packages::indexVersionFor(contents.index, contents.indexText,
                                          locus::sha256Hex(archive), keyId, channel, now);
  packages::addCapabilities(out.version, contents.data.at("locus-plugin.json"));
  out.version.provenance["publisher"] = owner;
  nlohmann::json passed = nlohmann::json::object();
  for (const ValidationCheck& c : out.checks) passed[c.name] = c.message;
  out.version.provenance["checks"] = passed;
  return out;
}

} // namespace locus::registry
