#include "compiler/frontend/load_project.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace locus {

namespace {
bool skippedDirectory(llvm::StringRef path) {
  llvm::StringRef name = llvm::sys::path::filename(path);
  if (name.startswith(".") || name == "node_modules") return true;
  return llvm::sys::fs::exists(path + "/BUILD_MANIFEST.json");
}
} // namespace

std::vector<std::string> findLocusFiles(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    const std::string& path = it->path();
    if (it->type() == llvm::sys::fs::file_type::directory_file) {
      if (skippedDirectory(path)) it.no_push();
      continue;
    }
    if (llvm::sys::path::extension(path) == ".locus") files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool readSourceFile(const std::string& path, std::string& out, DiagnosticSink& sink, Span from) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) {
    sink.emit(from.valid() ? DiagKind::ImportNotFound : DiagKind::ReadError, from,
              "cannot read '" + path + "': " + buffer.getError().message());
    return false;
  }
  out.assign((*buffer)->getBufferStart(), (*buffer)->getBufferSize());
  return true;
}

} // namespace locus
