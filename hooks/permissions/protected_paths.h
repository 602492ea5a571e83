// Project paths no plugin may read, whatever its `fs.read` grant says: the host's own state in
// `.locus/` (audit log, other plugins' workspaces — where a plugin can plant symlinks —, installed
// plugins), the repository's `.git/`, and the usual secret files (`.env`, keys). A manifest whose
// `fs.read` names one is refused at load; a glob such as `**` simply skips them.
#pragma once

#include <string>
#include <string_view>

namespace locus::hooks {

// True when some component of the project-relative path `rel` is protected (`data/.env`,
// `.locus/audit.log`, `keys/server.pem`).
bool isProtectedProjectPath(std::string_view rel);

// Why an `fs.read` pattern may not be granted ("" when it may): a literal component that names a
// protected path, e.g. `.locus/**` or `config/.env`.
std::string protectedPatternProblem(std::string_view pattern);

} // namespace locus::hooks
