// `locusc plugin test DIR [--hook H --input FILE] [--update]`: runs a plugin's hooks against
// fixture inputs, outside any build, through the real sandbox; prints each result. Without --hook,
// every `DIR/fixtures/<hook>.json` is used. A `DIR/fixtures/<hook>.expected.json` snapshot must
// equal the result (`--update` writes them). The plugin gets what its manifest asks for (it is
// its author's test), with `DIR/fixtures/project/` as the project its fs.read grants see.
// Exit 1 when a call fails, reports an error or differs from its snapshot.
#include "compiler/driver/commands.h"

#include "compiler/driver/plugin_host.h"
#include "hooks/audit/audit_log.h"
#include "hooks/dispatch/plugin_diagnostic.h"
#include "hooks/manifest/manifest_read.h"

#include <llvm/Support/raw_ostream.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace locus {

namespace fs = std::filesystem;

namespace {

struct Fixture {
  std::string method;
  fs::path file;
};

std::vector<Fixture> fixturesOf(const fs::path& dir, const std::string& hook,
                                const std::string& input) {
  if (!hook.empty()) {
    fs::path file = input.empty() ? dir / "fixtures" / (hook + ".json") : fs::path(input);
    return {{hook, file}};
  }
  std::vector<Fixture> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir / "fixtures", ec)) {
    std::string stem = e.path().stem().string();
    if (e.path().extension() == ".json" && !stem.ends_with(".expected"))
      out.push_back({stem, e.path()});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.method < b.method; });
  return out;
}

// Reported diagnostics: any error fails the test run.
bool hasReportedError(const nlohmann::json& result) {
  if (!result.is_object() || !result.contains("diagnostics")) return false;
  for (const nlohmann::json& d : result["diagnostics"])
    if (d.is_object() && d.value("severity", "") == "error") return true;
  return false;
}

// The snapshot beside a fixture: fixtures/onPostValidate.json →
// fixtures/onPostValidate.expected.json.
fs::path snapshotOf(const Fixture& f) {
  return f.file.parent_path() / (f.file.stem().string() + ".expected.json");
}

// 0 when the result matches its snapshot (or there is none); writes it with `update`.
int compareSnapshot(const Fixture& f, const nlohmann::json& result, bool update) {
  fs::path file = snapshotOf(f);
  if (update) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << result.dump(2) << "\n";
    llvm::outs() << "snapshot written: " << file.string() << "\n";
    return 0;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return 0;
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json expected = nlohmann::json::parse(text.str(), nullptr, false);
  if (expected == result) {
    llvm::outs() << "matches " << file.string() << "\n";
    return 0;
  }
  llvm::outs() << "DIFFERS from " << file.string() << " (JSON Patch from expected to actual; "
               << "--update accepts the new result):\n"
               << nlohmann::json::diff(expected, result).dump(2) << "\n";
  return 1;
}

// Everything the manifest asks for: the plugin's own test grants it all. Untrusted (a registry
// running a publisher's fixtures): only fs.read, which reaches no further than the scratch copy
// of fixtures/project; never the network, the server's environment or secrets.
hooks::PermissionPolicy everythingAsked(const hooks::PluginManifest& m, bool untrusted) {
  hooks::PermissionPolicy policy;
  policy.allowFsRead = m.permissions.fsRead;
  if (untrusted) return policy;
  policy.allowNetwork = m.permissions.network;
  policy.allowEnv = m.permissions.env;
  policy.allowSecrets = m.permissions.secrets;
  return policy;
}

int runFixture(PluginHost& host, const std::string& plugin, const Fixture& f, bool update) {
  std::ifstream in(f.file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json params = nlohmann::json::parse(text.str(), nullptr, false);
  if (!in || params.is_discarded()) {
    llvm::errs() << f.file.string() << ": cannot read it as JSON (the params of " << f.method
                 << ")\n";
    return 1;
  }
  hooks::HookCallResult r = host.call(plugin, f.method, params);
  llvm::outs() << "== " << f.method << " (" << f.file.string() << ")\n";
  if (r.failure) {
    llvm::outs() << "failed: " << r.failure->message << "\n";
    if (!r.failure->data.is_null()) llvm::outs() << r.failure->data.dump(2) << "\n";
    return 1;
  }
  llvm::outs() << r.result->dump(2) << "\n";
  int snapshot = compareSnapshot(f, *r.result, update);
  return hasReportedError(*r.result) ? 1 : snapshot;
}

} // namespace

int runPluginTest(const std::string& dir, const std::string& hook, const std::string& input,
                  bool update, bool untrusted) {
  hooks::ManifestRead read = hooks::readManifest(fs::absolute(dir));
  if (!read.manifest) {
    for (const hooks::ManifestError& e : read.errors) llvm::errs() << e.str() << "\n";
    return 1;
  }
  hooks::PluginSet set;
  set.plugins.push_back({*read.manifest, dir, {}});
  set.plugins.back().settings.policy = everythingAsked(*read.manifest, untrusted);
  hooks::checkPluginSet(set);
  std::string name = read.manifest->name;
  // A scratch project root: the workspace and the audit log of a test run are thrown away.
  std::string pattern = (fs::temp_directory_path() / "locusc-plugin-test-XXXXXX").string();
  fs::path root = ::mkdtemp(pattern.data());
  std::error_code copied;
  if (fs::is_directory(fs::path(dir) / "fixtures" / "project"))
    fs::copy(fs::path(dir) / "fixtures" / "project", root, fs::copy_options::recursive, copied);
  std::vector<Fixture> fixtures = fixturesOf(dir, hook, input);
  if (fixtures.empty())
    llvm::errs() << "locusc: no fixtures in " << dir
                 << "/fixtures/ (name them <hook>.json) and no --hook given\n";
  int status = fixtures.empty() ? 1 : 0;
  {
    PluginHost host(root, std::move(set), pluginLinesToStderr()); // an author wants the prints
    for (const Fixture& f : fixtures) status = std::max(status, runFixture(host, name, f, update));
  }
  std::error_code ec;
  fs::remove_all(root, ec);
  return status;
}

} // namespace locus
