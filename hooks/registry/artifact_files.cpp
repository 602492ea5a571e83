#include "hooks/registry/artifact_files.h"

#include "compiler/base/file_bytes.h"
#include "hooks/packages/atomic_file.h"

namespace locus::registry {

namespace fs = std::filesystem;

bool isSha256Hex(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string storeArtifact(const fs::path& root, const std::string& sha256,
                          const std::string& archive, const std::string& signature) {
  std::error_code ec;
  fs::create_directories(root / "artifacts", ec);
  if (ec) return (root / "artifacts").string() + ": " + ec.message();
  fs::path file = root / "artifacts" / (sha256 + ".tgz");
  if (std::string e = packages::writeFileAtomically(file, archive); !e.empty()) return e;
  return packages::writeFileAtomically(file.string() + ".minisig", signature);
}

std::optional<std::string> readArtifact(const fs::path& root, const std::string& sha256,
                                        bool signature) {
  if (!isSha256Hex(sha256)) return std::nullopt;
  return readFileBytes(
      (root / "artifacts" / (sha256 + (signature ? ".tgz.minisig" : ".tgz"))).string());
}

} // namespace locus::registry
