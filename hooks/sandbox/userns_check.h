// Start-up self-check: can bwrap create the namespaces we need on this machine? Ubuntu >= 23.10
// restricts unprivileged user namespaces through AppArmor, which breaks bwrap with "setting up
// uid map: Permission denied" (notes/anchors.md §3.1); we say what to change instead.
#pragma once

#include <string>

namespace locus::hooks {

struct UsernsCheck {
  bool ok = false;
  std::string message; // when !ok: what failed, bwrap's own words, and the fix
};

// Runs `bwrap <isolation flags> -- true` once. Takes ~15 ms; the result is cached per bwrap path.
UsernsCheck checkUserNamespaces(const std::string& bwrapPath = "bwrap");
// The advice for a failed check, from bwrap's stderr and the machine's sysctls (testable alone).
std::string usernsFixAdvice(const std::string& bwrapStderr,
                            const std::string& sysctlDir = "/proc/sys");

} // namespace locus::hooks
