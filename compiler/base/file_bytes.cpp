#include "compiler/base/file_bytes.h"

#include <fstream>
#include <sstream>

namespace locus {

std::optional<std::string> readFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace locus
