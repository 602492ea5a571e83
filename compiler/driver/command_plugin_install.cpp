// `locusc plugin install | update | remove | rollback`: the project's installed plugin packages
// (hooks/packages/operations.h does the work; this prints its report).
#include "compiler/driver/commands.h"
#include "compiler/driver/plugin_host.h"

#include "hooks/packages/operations.h"

#include <llvm/Support/raw_ostream.h>

#include <filesystem>

namespace locus {

namespace {

packages::OperationOptions optionsOf(const PackageCommandOptions& o) {
  packages::OperationOptions out;
  out.registry = o.registry;
  out.channel = o.channel;
  out.allowDowngrade = o.allowDowngrade;
  out.acceptPermissions = o.acceptPermissions;
  out.offline = o.offline;
  return out;
}

int print(const char* verb, const packages::OperationReport& r) {
  for (const std::string& w : r.warnings) llvm::errs() << "locusc: warning: " << w << "\n";
  for (const std::string& e : r.errors) llvm::errs() << "locusc: " << verb << ": " << e << "\n";
  if (!r.ok) {
    llvm::errs() << "locusc: " << verb << ": nothing was changed\n";
    return 1;
  }
  for (const std::string& c : r.changes) llvm::outs() << c << "\n";
  for (const std::string& n : r.notes) llvm::outs() << n << "\n";
  return 0;
}

} // namespace

int runPluginInstall(const std::string& project, const std::vector<std::string>& specs,
                     const PackageCommandOptions& options) {
  return print("install",
               packages::installPackages(projectRootOf(project), specs, optionsOf(options)));
}

int runPluginUpdate(const std::string& project, const std::vector<std::string>& names,
                    const PackageCommandOptions& options) {
  return print("update",
               packages::updatePackages(projectRootOf(project), names, optionsOf(options)));
}

int runPluginRemove(const std::string& project, const std::string& name) {
  return print("remove", packages::removePackage(projectRootOf(project), name));
}

int runPluginRollback(const std::string& project) {
  return print("rollback", packages::rollbackPackages(projectRootOf(project)));
}

} // namespace locus
