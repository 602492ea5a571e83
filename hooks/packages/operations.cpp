#include "hooks/packages/operations.h"

#include "compiler/base/core_version.h"
#include "compiler/base/file_bytes.h"
#include "compiler/base/look_alike_names.h"
#include "compiler/base/sha256.h"
#include "hooks/audit/audit_log.h"
#include "hooks/lockfile/lockfile.h"
#include "hooks/packages/atomic_file.h"
#include "hooks/packages/lock_history.h"
#include "hooks/packages/minisign.h"
#include "hooks/packages/packages_config.h"
#include "hooks/packages/registry_client.h"
#include "hooks/packages/unpack.h"
#include "hooks/resolver/resolver.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace locus::packages {

namespace fs = std::filesystem;
using lockfile::LockedPlugin;
using lockfile::Lockfile;
using nlohmann::json;

void crashPoint(const char* name) {
  const char* at = std::getenv("LOCUS_PACKAGES_CRASH_AT");
  if (at && std::string(at) == name) std::raise(SIGKILL);
}

namespace {

constexpr const char* kCoreName = "locus";

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> readBytes(const fs::path& p) {
  return readFileBytes(p.string());
}

std::vector<std::string> merged(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

struct Context {
  fs::path root;
  OperationOptions options;
  PackagesConfig config;
  Lockfile lock;
  OperationReport report;
  std::map<std::string, std::unique_ptr<RegistryClient>> registries; // by URL
  std::string registryUrl;                                           // for new resolutions
  std::map<std::string, IndexPackage> index;                         // fetched during resolution
  std::map<std::string, std::vector<resolver::Candidate>> candidates;
  std::vector<json> audit;

  fs::path cacheDir() const { return root / ".locus" / "packages" / "cache"; }
  void error(std::string e) { report.errors.push_back(std::move(e)); }
  long long now() const { return options.now.value_or(static_cast<long long>(std::time(nullptr))); }

  RegistryClient* registry(const std::string& url) {
    auto it = registries.find(url);
    if (it != registries.end()) return it->second.get();
    std::string err;
    std::unique_ptr<RegistryClient> client = openRegistry(url, &err);
    if (!client) {
      error(err);
      return nullptr;
    }
    return registries.emplace(url, std::move(client)).first->second.get();
  }
};

// Reads Locus.toml and locus.lock; false (with errors) when either is unusable.
bool load(Context& c) {
  c.config = readPackagesConfig(c.root);
  for (const std::string& p : c.config.problems) c.error(p);
  lockfile::LockRead read = lockfile::readLockfile(c.root / lockfile::kLockFileName);
  if (!read.lock)
    c.error(read.error);
  else
    c.lock = std::move(*read.lock);
  if (!c.options.channel.empty() && channelRank(c.options.channel) < 0)
    c.error("unknown channel '" + c.options.channel + "' (draft, beta, ga)");
  if (c.options.channel.empty()) c.options.channel = c.config.channel;
  return c.report.errors.empty();
}

bool chooseRegistry(Context& c) {
  c.registryUrl = c.options.registry;
  if (c.registryUrl.empty() && c.config.defaultRegistry())
    c.registryUrl = c.config.defaultRegistry()->url;
  if (c.registryUrl.empty() && !c.lock.plugins.empty()) c.registryUrl = c.lock.plugins[0].source;
  if (c.registryUrl.empty()) {
    c.error("no registry to install from: pass --registry URL, or add to Locus.toml\n"
            "  [registries.default]\n  url = \"file:///path/to/registry\"\n  keys = [\"<publisher "
            "public key>\"]");
    return false;
  }
  return c.registry(c.registryUrl) != nullptr;
}

const std::vector<resolver::Candidate>* candidatesOf(Context& c, const std::string& name) {
  auto cached = c.candidates.find(name);
  if (cached != c.candidates.end()) return &cached->second;
  std::vector<resolver::Candidate> out;
  if (name == kCoreName) {
    std::string core = c.options.coreVersion.empty() ? coreVersion() : c.options.coreVersion;
    out.push_back({*semver::parseVersion(core), {}, ""});
    return &c.candidates.emplace(name, std::move(out)).first->second;
  }
  RegistryClient* reg = c.registry(c.registryUrl);
  if (!reg) return nullptr;
  Fetched<IndexPackage> pkg = reg->package(name);
  if (!pkg.value) {
    if (!pkg.notFound) c.error(pkg.error);
    return nullptr;
  }
  for (const IndexVersion& v : pkg.value->versions) {
    resolver::Candidate cand;
    cand.version = *semver::parseVersion(v.version);
    for (const auto& [dep, range] : v.dependencies)
      cand.dependencies.push_back({dep, range, false});
    for (const auto& [dep, range] : v.optionalDependencies)
      cand.dependencies.push_back({dep, range, true});
    cand.dependencies.push_back({kCoreName, v.requiresCore, false});
    std::optional<long long> published = parseUtc(v.published);
    if (v.yanked) {
      cand.unavailable = "yanked";
    } else if (channelRank(v.channel) < channelRank(c.options.channel)) {
      cand.unavailable =
          "in the " + v.channel + " channel (allow it with --channel " + v.channel + ")";
    } else if (c.config.minimumReleaseAgeSeconds > 0 && published &&
               *published + c.config.minimumReleaseAgeSeconds > c.now()) {
      cand.unavailable =
          "newer than the minimum release age in Locus.toml (published " + v.published + ")";
    }
    out.push_back(std::move(cand));
  }
  c.index.emplace(name, std::move(*pkg.value));
  return &c.candidates.emplace(name, std::move(out)).first->second;
}

const std::vector<PublicKey>* trustedKeys(Context& c, const std::string& url) {
  const RegistryConfig* rc = c.config.byUrl(url);
  return rc ? &rc->keys : nullptr;
}

// Fetches (or reads from the cache), verifies and unpacks one locked package into the store.
bool stagePackage(Context& c, const LockedPlugin& entry) {
  fs::path dir = lockfile::installedDir(c.root, entry);
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (lockfile::checkInstalledFiles(dir, entry).empty()) return true;
    fs::remove_all(dir, ec); // damaged: unpack it again
  }
  std::string what = entry.name + " " + entry.version;
  fs::path cached = c.cacheDir() / (entry.sha256 + ".tgz");
  fs::path cachedSig = c.cacheDir() / (entry.sha256 + ".tgz.minisig");
  std::optional<std::string> bytes = readBytes(cached), sig = readBytes(cachedSig);
  bool fromCache = bytes && sig && locus::sha256Hex(*bytes) == entry.sha256;
  if (!fromCache) {
    if (c.options.offline) {
      c.error(what + " is not in the local cache (" + cached.string() +
              "); run without --offline to download it");
      return false;
    }
    RegistryClient* reg = c.registry(entry.source);
    if (!reg) return false;
    Fetched<std::string> a = reg->artifact(entry.sha256), s = reg->signature(entry.sha256);
    if (!a.value || !s.value) {
      c.error(what + ": " + (a.value ? s.error : a.error));
      return false;
    }
    bytes = std::move(a.value);
    sig = std::move(s.value);
  }
  std::string got = locus::sha256Hex(*bytes);
  if (got != entry.sha256) {
    c.error(what + ": the download does not match its SHA-256 (expected " + entry.sha256 +
            ", got " + got + "); it was truncated or altered in transit. Nothing was installed.");
    return false;
  }
  const std::vector<PublicKey>* keys = trustedKeys(c, entry.source);
  if (!keys || keys->empty()) {
    c.error(what + ": no trusted publisher keys for " + entry.source +
            " in Locus.toml; add them:\n  [registries.NAME]\n  url = \"" + entry.source +
            "\"\n  keys = [\"<the publisher's public key>\"]");
    return false;
  }
  SignatureCheck check = verifyDetached(*sig, *bytes, *keys);
  if (!check.ok) {
    c.error(what + ": signature check failed: " + check.error + ". Nothing was installed.");
    return false;
  }
  if (!entry.key.empty() && check.keyId != entry.key) {
    c.error(what + ": signed with key " + check.keyId + " but the index names key " + entry.key +
            ". Nothing was installed.");
    return false;
  }
  UnpackResult unpacked = readPackage(*bytes);
  if (!unpacked.contents) {
    c.error(what + ": " + unpacked.error + ". Nothing was installed.");
    return false;
  }
  const PackageContents& pc = *unpacked.contents;
  if (pc.index.name != entry.name || pc.index.version != entry.version ||
      locus::sha256Hex(pc.indexText) != entry.content) {
    c.error(what + ": the package is " + pc.index.name + " " + pc.index.version +
            " with another file list than the index names. Nothing was installed.");
    return false;
  }
  if (!fromCache) {
    fs::create_directories(c.cacheDir(), ec);
    writeFileAtomically(cached, *bytes);
    writeFileAtomically(cachedSig, *sig);
  }
  fs::path staging =
      dir.parent_path() / (".staging-" + entry.sha256 + "-" + std::to_string(::getpid()));
  fs::remove_all(staging, ec);
  if (std::string err = writePackageFiles(pc, staging); !err.empty()) {
    c.error(what + ": " + err);
    return false;
  }
  if (std::string err = renameDurably(staging, dir); !err.empty()) {
    fs::remove_all(staging, ec);
    if (!fs::exists(dir, ec)) {
      c.error(what + ": " + err);
      return false;
    }
  }
  return true;
}

void auditEntry(Context& c, const std::string& event, const LockedPlugin* from,
                const LockedPlugin* to, const std::vector<std::string>& consented = {}) {
  json e = {{"event", event}, {"plugin", to ? to->name : from->name}};
  if (from) e["from"] = from->version;
  if (to) {
    e["version"] = to->version;
    e["sha256"] = to->sha256;
    e["key"] = to->key;
    e["source"] = to->source;
  }
  if (!consented.empty()) e["consentedPermissions"] = consented;
  c.audit.push_back(std::move(e));
}

// Replaces the lock (the commit point) after saving the current one in the history.
bool commit(Context& c, const Lockfile& next) {
  crashPoint("staged");
  if (std::string err = pushLockHistory(c.root); !err.empty()) {
    c.error(err);
    return false;
  }
  crashPoint("history");
  if (std::string err =
          writeFileAtomically(c.root / lockfile::kLockFileName, lockfile::formatLockfile(next));
      !err.empty()) {
    c.error(err);
    return false;
  }
  crashPoint("committed");
  if (!c.audit.empty()) {
    hooks::AuditAppendResult r = hooks::appendAudit(hooks::auditLogPath(c.root), c.audit);
    if (!r.ok) c.report.warnings.push_back("audit log: " + r.error);
  }
  c.lock = next;
  return true;
}

void warnSimilarNames(Context& c, const std::string& name) {
  if (c.lock.find(name)) return;
  std::vector<std::string> known;
  for (const LockedPlugin& p : c.lock.plugins) known.push_back(p.name);
  if (RegistryClient* reg = c.registry(c.registryUrl)) {
    Fetched<std::vector<std::string>> names = reg->names();
    if (names.value) known.insert(known.end(), names.value->begin(), names.value->end());
  }
  for (const std::string& other : namesOneEditAway(name, known))
    c.report.warnings.push_back("'" + name + "' is one edit away from '" + other +
                                "'; make sure you meant '" + name +
                                "' (typosquatting is a "
                                "common attack)");
}

// Resolves `requested` (name → range), then stages and commits the result.
bool resolveAndApply(Context& c, const std::map<std::string, std::string>& requested,
                     const std::map<std::string, semver::Version>& preferred) {
  resolver::Request request;
  request.rootName = "this project";
  for (const auto& [name, range] : requested)
    request.requirements.push_back({name, range.empty() ? "*" : range, false});
  request.preferred = preferred;
  request.source = [&c](const std::string& name) { return candidatesOf(c, name); };
  resolver::Resolution r = resolver::resolve(request);
  if (!c.report.errors.empty()) return false; // the registry failed while resolving
  if (!r.ok) {
    std::string core = c.options.coreVersion.empty() ? coreVersion() : c.options.coreVersion;
    c.error("no set of plugin versions satisfies every requirement (this locusc is core " + core +
            "):\n" + r.explanation);
    return false;
  }
  for (const std::string& s : r.skippedOptional) c.report.warnings.push_back(s);
  for (const auto& cycle : r.cycles)
    c.report.warnings.push_back("dependency cycle among " + joined(cycle) +
                                " (allowed; they are installed together)");

  Lockfile next;
  for (const auto& [name, version] : r.selected) {
    if (name == kCoreName) continue;
    const IndexVersion* iv = c.index.at(name).find(version.str());
    const LockedPlugin* old = c.lock.find(name);
    LockedPlugin entry{name,       iv->version, "",      c.registryUrl,
                       iv->sha256, iv->content, iv->key, lockfile::permissionList(iv->permissions),
                       {}};
    auto req = requested.find(name);
    if (req != requested.end())
      entry.requested = req->second.empty() ? "^" + version.str() : req->second;
    if (old && old->sha256 == entry.sha256) {
      entry.consented = old->consented;
      next.put(entry);
      continue;
    }
    if (old) {
      std::optional<semver::Version> was = semver::parseVersion(old->version);
      if (was && version < *was && !c.options.allowDowngrade) {
        c.error("refusing to downgrade " + name + " from " + old->version + " to " + entry.version +
                " (a downgrade can bring back fixed bugs; pass --allow-downgrade if you mean it)");
        continue;
      }
      std::vector<std::string> allowed = merged(old->permissions, old->consented);
      std::vector<std::string> widened;
      std::set_difference(entry.permissions.begin(), entry.permissions.end(), allowed.begin(),
                          allowed.end(), std::back_inserter(widened));
      entry.consented = old->consented;
      if (!widened.empty()) {
        std::string diff;
        for (const std::string& p : widened) diff += "\n  + " + p;
        if (!c.options.acceptPermissions) {
          c.error(name + " " + entry.version + " asks for permissions that " + old->version +
                  " did not have:" + diff +
                  "\nrerun with --accept-permissions to grant them (recorded in locus.lock and "
                  "the audit log)");
          continue;
        }
        c.report.notes.push_back(name + " " + entry.version +
                                 " is granted new permissions:" + diff);
        entry.consented = merged(entry.consented, widened);
      }
      c.report.changes.push_back("~ " + name + " " + old->version + " -> " + entry.version);
      auditEntry(c, "package.update", old, &entry, widened);
    } else {
      c.report.changes.push_back("+ " + name + " " + entry.version);
      if (!entry.permissions.empty())
        c.report.notes.push_back(name + " " + entry.version +
                                 " declares permissions: " + joined(entry.permissions));
      auditEntry(c, "package.install", nullptr, &entry);
    }
    next.put(entry);
  }
  for (const LockedPlugin& old : c.lock.plugins)
    if (!r.selected.count(old.name)) {
      c.report.changes.push_back("- " + old.name + " " + old.version);
      auditEntry(c, "package.remove", &old, nullptr);
    }
  if (!c.report.errors.empty()) return false;
  for (const LockedPlugin& p : next.plugins)
    if (!stagePackage(c, p)) return false;
  if (next == c.lock) {
    c.report.notes.push_back("locus.lock is up to date");
    return true;
  }
  return commit(c, next);
}

std::map<std::string, std::string> requestedOf(const Lockfile& lock) {
  std::map<std::string, std::string> out;
  for (const LockedPlugin& p : lock.plugins)
    if (!p.requested.empty()) out[p.name] = p.requested;
  return out;
}

std::map<std::string, semver::Version> versionsOf(const Lockfile& lock,
                                                  const std::set<std::string>& except) {
  std::map<std::string, semver::Version> out;
  for (const LockedPlugin& p : lock.plugins)
    if (!except.count(p.name))
      if (std::optional<semver::Version> v = semver::parseVersion(p.version)) out[p.name] = *v;
  return out;
}

OperationReport finish(Context& c, bool ok) {
  c.report.ok = ok && c.report.errors.empty();
  return std::move(c.report);
}

} // namespace

OperationReport installPackages(const fs::path& root, const std::vector<std::string>& specs,
                                const OperationOptions& options) {
  Context c{root, options, {}, {}, {}, {}, {}, {}, {}, {}};
  if (!load(c)) return finish(c, false);
  if (specs.empty()) { // reproduce the lock
    for (const LockedPlugin& p : c.lock.plugins)
      if (!stagePackage(c, p)) return finish(c, false);
    c.report.notes.push_back(c.lock.plugins.empty()
                                 ? "locus.lock names no plugins"
                                 : "installed the " + std::to_string(c.lock.plugins.size()) +
                                       " plugins of locus.lock");
    return finish(c, true);
  }
  if (!chooseRegistry(c)) return finish(c, false);
  std::map<std::string, std::string> requested = requestedOf(c.lock);
  std::set<std::string> named;
  for (const std::string& spec : specs) {
    std::size_t at = spec.find('@');
    std::string name = spec.substr(0, at),
                range = at == std::string::npos ? "" : spec.substr(at + 1);
    if (at != std::string::npos && range.empty()) {
      c.error("'" + spec + "': give a range after '@' (e.g. " + name + "@^1.0.0) or none");
      return finish(c, false);
    }
    warnSimilarNames(c, name);
    requested[name] = range;
    named.insert(name);
  }
  return finish(c, resolveAndApply(c, requested, versionsOf(c.lock, named)));
}

OperationReport updatePackages(const fs::path& root, const std::vector<std::string>& names,
                               const OperationOptions& options) {
  Context c{root, options, {}, {}, {}, {}, {}, {}, {}, {}};
  if (!load(c) || !chooseRegistry(c)) return finish(c, false);
  std::set<std::string> named(names.begin(), names.end());
  for (const std::string& n : names)
    if (!c.lock.find(n)) {
      c.error("plugin '" + n + "' is not installed (locus.lock does not name it)");
      return finish(c, false);
    }
  if (named.empty())
    for (const LockedPlugin& p : c.lock.plugins) named.insert(p.name);
  return finish(c, resolveAndApply(c, requestedOf(c.lock), versionsOf(c.lock, named)));
}

OperationReport removePackage(const fs::path& root, const std::string& name) {
  Context c{root, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  if (!load(c)) return finish(c, false);
  const LockedPlugin* entry = c.lock.find(name);
  if (!entry) {
    c.error("plugin '" + name + "' is not installed (locus.lock does not name it)");
    return finish(c, false);
  }
  // Keep what the remaining requested plugins still need (dependencies read from the store).
  std::map<std::string, std::vector<std::string>> deps;
  for (const LockedPlugin& p : c.lock.plugins) {
    std::optional<std::string> text =
        readBytes(lockfile::installedDir(root, p) / lockfile::kPackageIndexFile);
    std::optional<lockfile::PackageIndex> index =
        text ? lockfile::parsePackageIndex(*text, nullptr) : std::nullopt;
    if (!index) continue;
    for (const auto& [d, _] : index->dependencies) deps[p.name].push_back(d);
    for (const auto& [d, _] : index->optionalDependencies) deps[p.name].push_back(d);
  }
  std::set<std::string> keep;
  std::vector<std::string> stack;
  for (const LockedPlugin& p : c.lock.plugins)
    if (!p.requested.empty() && p.name != name) stack.push_back(p.name);
  while (!stack.empty()) {
    std::string n = stack.back();
    stack.pop_back();
    if (!keep.insert(n).second) continue;
    for (const std::string& d : deps[n]) stack.push_back(d);
  }
  if (keep.count(name)) {
    std::vector<std::string> users;
    for (const auto& [n, ds] : deps)
      if (keep.count(n) && std::find(ds.begin(), ds.end(), name) != ds.end()) users.push_back(n);
    c.error("plugin '" + name + "' is still needed by " + joined(users) + "; remove those first");
    return finish(c, false);
  }
  Lockfile next;
  for (const LockedPlugin& p : c.lock.plugins) {
    if (keep.count(p.name)) {
      next.put(p);
      continue;
    }
    c.report.changes.push_back("- " + p.name + " " + p.version);
    auditEntry(c, "package.remove", &p, nullptr);
  }
  return finish(c, commit(c, next));
}

OperationReport rollbackPackages(const fs::path& root) {
  Context c{root, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  if (!load(c)) return finish(c, false);
  std::string current = lockfile::formatLockfile(c.lock);
  std::optional<LockGeneration> previous = previousLockGeneration(root, current);
  if (!previous) {
    c.error(
        "there is no earlier lock generation to roll back to (.locus/packages/history/ is empty)");
    return finish(c, false);
  }
  lockfile::LockRead read = lockfile::parseLockfile(previous->text, previous->file.string());
  if (!read.lock) {
    c.error(read.error);
    return finish(c, false);
  }
  for (const LockedPlugin& p : read.lock->plugins)
    if (!stagePackage(c, p)) return finish(c, false);
  for (const LockedPlugin& p : read.lock->plugins) {
    const LockedPlugin* now = c.lock.find(p.name);
    if (!now)
      c.report.changes.push_back("+ " + p.name + " " + p.version);
    else if (now->sha256 != p.sha256)
      c.report.changes.push_back("~ " + p.name + " " + now->version + " -> " + p.version);
  }
  for (const LockedPlugin& p : c.lock.plugins)
    if (!read.lock->find(p.name)) c.report.changes.push_back("- " + p.name + " " + p.version);
  c.audit.push_back({{"event", "package.rollback"},
                     {"fromLock", locus::sha256Hex(current)},
                     {"toLock", locus::sha256Hex(previous->text)},
                     {"generation", previous->generation}});
  crashPoint("staged");
  if (std::string err = writeFileAtomically(root / lockfile::kLockFileName, previous->text);
      !err.empty()) {
    c.error(err);
    return finish(c, false);
  }
  crashPoint("committed");
  dropLockGenerationsFrom(root, previous->generation);
  hooks::AuditAppendResult r = hooks::appendAudit(hooks::auditLogPath(root), c.audit);
  if (!r.ok) c.report.warnings.push_back("audit log: " + r.error);
  c.report.notes.push_back("rolled back to lock generation " +
                           std::to_string(previous->generation));
  return finish(c, true);
}

} // namespace locus::packages
