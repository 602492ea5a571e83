// `locusc plugin search | info | outdated | publish | promote | yank`: reading and changing a
// registry. Publishing, promoting and yanking talk to a directory registry (file://) directly or
// to an HTTP registry with a bearer token (--token-file FILE or LOCUS_REGISTRY_TOKEN).
#include "compiler/driver/commands.h"
#include "compiler/driver/plugin_host.h"
#include "compiler/driver/plugin_package_io.h"

#include "hooks/lockfile/lockfile.h"
#include "hooks/packages/packages_config.h"
#include "hooks/packages/registry_client.h"
#include "hooks/packages/registry_publish.h"
#include "hooks/packages/search.h"
#include "hooks/semver/version.h"

#include <llvm/Support/raw_ostream.h>

#include <cstdlib>

namespace locus {

namespace {

std::unique_ptr<packages::RegistryClient> openFor(const std::string& project,
                                                  const std::string& url, const char* verb) {
  std::string chosen = url;
  if (chosen.empty())
    if (const packages::RegistryConfig* r =
            packages::readPackagesConfig(projectRootOf(project)).defaultRegistry())
      chosen = r->url;
  if (chosen.empty()) {
    llvm::errs() << "locusc: " << verb
                 << ": no registry: pass --registry URL or add [registries.default] url = \"…\" "
                    "to Locus.toml\n";
    return nullptr;
  }
  std::string error;
  std::unique_ptr<packages::RegistryClient> reg = packages::openRegistry(chosen, &error);
  if (!reg) llvm::errs() << "locusc: " << verb << ": " << error << "\n";
  return reg;
}

std::string channelOr(const std::string& c) {
  return c.empty() ? "ga" : c;
}

// The publish token for an http:// registry: --token-file's first line, else
// $LOCUS_REGISTRY_TOKEN ("" when neither; the request then says how to get one).
std::optional<std::string> publishToken(const PackageCommandOptions& o, const char* verb) {
  if (o.tokenFile.empty()) {
    const char* env = std::getenv("LOCUS_REGISTRY_TOKEN");
    return std::string(env ? env : "");
  }
  std::optional<std::string> text = readBinaryFile(o.tokenFile);
  if (!text) {
    llvm::errs() << "locusc: " << verb << ": cannot read the token file " << o.tokenFile << "\n";
    return std::nullopt;
  }
  std::string token = text->substr(0, text->find('\n'));
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  return token;
}

} // namespace

int runPluginSearch(const std::string& project, const std::string& text,
                    const PackageCommandOptions& o) {
  std::unique_ptr<packages::RegistryClient> reg = openFor(project, o.registry, "search");
  if (!reg) return 2;
  packages::SearchQuery q{text,         o.hook,       o.stepKind,
                          o.capability, o.compatible, channelOr(o.channel)};
  packages::Fetched<std::vector<packages::SearchRow>> hits = reg->search(q);
  if (!hits.value) {
    llvm::errs() << "locusc: search: " << hits.error << "\n";
    return 2;
  }
  if (hits.value->empty()) llvm::outs() << "no plugins match\n";
  for (const packages::SearchRow& h : *hits.value)
    llvm::outs() << h.name << " " << h.version << " [" << h.channel << "] - " << h.description
                 << "\n";
  return 0;
}

int runPluginInfo(const std::string& project, const std::string& name,
                  const PackageCommandOptions& o) {
  std::unique_ptr<packages::RegistryClient> reg = openFor(project, o.registry, "info");
  if (!reg) return 2;
  packages::Fetched<packages::IndexPackage> p = reg->package(name);
  if (!p.value) {
    llvm::errs() << "locusc: info: " << p.error << "\n";
    return 1;
  }
  llvm::outs() << p.value->name << " (" << reg->url() << ")\n";
  if (!p.value->owners.empty()) {
    llvm::outs() << "owners:";
    for (const std::string& owner : p.value->owners) llvm::outs() << " " << owner;
    llvm::outs() << "\n";
  }
  for (const packages::IndexVersion& v : p.value->versions) {
    llvm::outs() << "  " << v.version << " [" << v.channel << "]" << (v.yanked ? " yanked" : "")
                 << " published " << v.published << ", requiresCore " << v.requiresCore << ", key "
                 << v.key;
    std::vector<std::string> perms = lockfile::permissionList(v.permissions);
    llvm::outs() << ", permissions:";
    if (perms.empty()) llvm::outs() << " none";
    for (const std::string& perm : perms) llvm::outs() << " " << perm;
    llvm::outs() << "\n";
  }
  return 0;
}

int runPluginOutdated(const std::string& project, const PackageCommandOptions& o) {
  lockfile::LockRead lock =
      lockfile::readLockfile(projectRootOf(project) / lockfile::kLockFileName);
  if (!lock.lock) {
    llvm::errs() << "locusc: outdated: " << lock.error << "\n";
    return 2;
  }
  int outdated = 0;
  for (const lockfile::LockedPlugin& p : lock.lock->plugins) {
    std::unique_ptr<packages::RegistryClient> reg =
        openFor(project, o.registry.empty() ? p.source : o.registry, "outdated");
    if (!reg) return 2;
    packages::Fetched<packages::IndexPackage> idx = reg->package(p.name);
    if (!idx.value) {
      llvm::errs() << "locusc: outdated: " << idx.error << "\n";
      continue;
    }
    const packages::IndexVersion* newest =
        packages::newestVersion(*idx.value, channelOr(o.channel));
    const packages::IndexVersion* locked = idx.value->find(p.version);
    std::string note = locked && locked->yanked ? " (the locked version is yanked)" : "";
    if (newest && *semver::parseVersion(newest->version) > *semver::parseVersion(p.version)) {
      ++outdated;
      llvm::outs() << p.name << " " << p.version << " -> " << newest->version << note << "\n";
    } else if (!note.empty()) {
      llvm::outs() << p.name << " " << p.version << note << "\n";
    }
  }
  if (outdated == 0) llvm::outs() << "every plugin is at its newest version\n";
  return 0;
}

int runPluginPublish(const std::string& file, const PackageCommandOptions& o) {
  std::optional<std::string> bytes = readBinaryFile(file), sig = readBinaryFile(file + ".minisig");
  if (!bytes || !sig) {
    llvm::errs() << "locusc: publish: cannot read " << (bytes ? file + ".minisig" : file)
                 << (bytes ? " (sign the package first: locusc plugin sign FILE --key KEY)" : "")
                 << "\n";
    return 2;
  }
  if (o.registry.empty()) {
    llvm::errs() << "locusc: publish: give the registry with --registry URL\n";
    return 2;
  }
  std::optional<std::string> token = publishToken(o, "publish");
  if (!token) return 2;
  std::string err = packages::publishPackage(o.registry, *bytes, *sig,
                                             o.channel.empty() ? "draft" : o.channel, *token);
  if (!err.empty()) {
    llvm::errs() << "locusc: publish: " << err << "\n";
    return 1;
  }
  llvm::outs() << "published " << file << " to " << o.registry << " ["
               << (o.channel.empty() ? "draft" : o.channel) << "]\n";
  return 0;
}

int runPluginPromote(const std::string& name, const std::string& version,
                     const std::string& channel, const PackageCommandOptions& o) {
  std::optional<std::string> token = publishToken(o, "promote");
  if (!token) return 2;
  std::string err =
      packages::changeVersion(o.registry, name, version, channel, std::nullopt, *token);
  if (!err.empty()) {
    llvm::errs() << "locusc: promote: " << err << "\n";
    return 1;
  }
  llvm::outs() << name << " " << version << " is now in " << channel << "\n";
  return 0;
}

int runPluginYank(const std::string& name, const std::string& version, bool yanked,
                  const PackageCommandOptions& o) {
  std::optional<std::string> token = publishToken(o, yanked ? "yank" : "unyank");
  if (!token) return 2;
  std::string err =
      packages::changeVersion(o.registry, name, version, std::nullopt, yanked, *token);
  if (!err.empty()) {
    llvm::errs() << "locusc: " << (yanked ? "yank" : "unyank") << ": " << err << "\n";
    return 1;
  }
  llvm::outs() << name << " " << version << (yanked ? " is yanked" : " is no longer yanked")
               << "\n";
  return 0;
}

} // namespace locus
