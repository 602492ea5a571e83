// `locusc audit verify [--log FILE]`: checks the hash chain of the plugin audit log and reports
// the first broken entry (exit 1), or how many entries are intact (exit 0).
#include "compiler/driver/commands.h"

#include "hooks/audit/audit_log.h"

#include <llvm/Support/raw_ostream.h>

#include <filesystem>

namespace locus {

int runAuditVerify(const std::string& logFile) {
  std::filesystem::path log = logFile.empty() ? hooks::auditLogPath(std::filesystem::current_path())
                                              : std::filesystem::path(logFile);
  hooks::AuditVerifyResult r = hooks::verifyAuditLog(log);
  using S = hooks::AuditVerifyResult::Status;
  if (r.status == S::Ok) {
    llvm::outs() << log.string() << ": ok, " << r.entries << " entries, head " << r.headHex << "\n";
    return 0;
  }
  llvm::errs() << log.string();
  if (r.badLine) llvm::errs() << ":" << r.badLine;
  llvm::errs() << ": " << (r.status == S::Missing ? "missing" : "broken") << ": " << r.message
               << " (" << r.entries << " entries before it are intact)\n";
  return 1;
}

} // namespace locus
