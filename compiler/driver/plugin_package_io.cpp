#include "compiler/driver/plugin_package_io.h"

#include "hooks/packages/atomic_file.h"

#include <fstream>
#include <sstream>

namespace locus {

namespace fs = std::filesystem;

std::optional<std::string> readBinaryFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string writeBinaryFile(const fs::path& file, const std::string& bytes, bool secret) {
  return packages::writeFileAtomically(file, bytes, secret ? 0600 : 0644);
}

} // namespace locus
