#include "compiler/driver/plugin_package_io.h"

#include "compiler/base/file_bytes.h"
#include "hooks/packages/atomic_file.h"

namespace locus {

namespace fs = std::filesystem;

std::optional<std::string> readBinaryFile(const fs::path& file) {
  return readFileBytes(file.string());
}

std::string writeBinaryFile(const fs::path& file, const std::string& bytes, bool secret) {
  return packages::writeFileAtomically(file, bytes, secret ? 0600 : 0644);
}

} // namespace locus
