// `locusc plugin grant|revoke NAME PERMISSION [VALUE…]`: the project's consent to what a plugin's
// manifest asks for, written into Locus.toml (hooks/discovery/grant_edit.h) and audited.
#include "compiler/driver/commands.h"
#include "compiler/driver/plugin_host.h"
#include "hooks/audit/audit_log.h"
#include "hooks/discovery/grant_edit.h"

#include <llvm/Support/raw_ostream.h>

#include <fstream>
#include <sstream>

namespace locus {

namespace {

// What the manifest asks for under `permission` (granting without values grants exactly that).
std::vector<std::string> requested(const hooks::PluginManifest& m, const std::string& permission) {
  if (permission == "env") return m.permissions.env;
  if (permission == "fs.read") return m.permissions.fsRead;
  if (permission == "secrets") return m.permissions.secrets;
  return {};
}

} // namespace

int runPluginGrant(const std::string& project, const std::vector<std::string>& args, bool grant) {
  const std::filesystem::path root = projectRootOf(project);
  const std::filesystem::path file = root / "Locus.toml";
  hooks::GrantEdit edit{args[0], args[1], {args.begin() + 2, args.end()}, grant};
  if (grant && edit.values.empty() && edit.permission != "network") {
    hooks::PluginSet set = hooks::discoverPlugins(root);
    const hooks::LoadedPlugin* plugin = set.find(edit.plugin);
    if (!plugin) {
      llvm::errs() << "locusc: plugin '" << edit.plugin << "' is not loaded by " << root.string()
                   << "; name the values to grant explicitly\n";
      return 1;
    }
    edit.values = requested(plugin->manifest, edit.permission);
    if (edit.values.empty()) {
      llvm::errs() << "locusc: plugin '" << edit.plugin << "' asks for no " << edit.permission
                   << "; nothing to grant\n";
      return 1;
    }
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  std::string updated = hooks::applyGrantEdit(text.str(), edit, error);
  if (updated.empty()) {
    llvm::errs() << "locusc: " << file.string() << ": " << error << "\n";
    return 1;
  }
  std::ofstream(file, std::ios::binary | std::ios::trunc) << updated;
  nlohmann::json entry = {{"event", grant ? "permission.granted" : "permission.revoked"},
                          {"plugin", edit.plugin},
                          {"permission", edit.permission},
                          {"values", edit.values},
                          {"by", "cli"}};
  hooks::appendAudit(hooks::auditLogPath(root), {entry});
  llvm::outs() << (grant ? "granted " : "revoked ") << edit.permission;
  for (const std::string& v : edit.values) llvm::outs() << " " << v;
  llvm::outs() << " for plugin " << edit.plugin << " in " << file.string() << "\n";
  return 0;
}

} // namespace locus
