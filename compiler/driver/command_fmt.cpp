// `locusc fmt [--check] [PATHS]`: rewrites .locus files in the canonical layout
// (compiler/format/format_source.h). `-` formats standard input to standard output.
#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"

#include "compiler/format/format_source.h"
#include "compiler/frontend/load_project.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <filesystem>
#include <fstream>

namespace locus {

namespace {

// Writes beside the file, then renames over it, so an interrupted fmt never leaves half a file.
bool replaceFile(const std::string& path, const std::string& text) {
  std::string temp = path + ".fmt-tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::permissions(temp, std::filesystem::status(path, ec).permissions(), ec);
  std::filesystem::rename(temp, path, ec);
  if (ec) std::filesystem::remove(temp, ec);
  return !ec;
}

std::vector<std::string> expandPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::string> found = findLocusFiles(path);
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  return files;
}

enum class FileOutcome { Unchanged, Changed, Failed };

FileOutcome formatOne(const std::string& path, std::string text, const FmtOptions& fmt,
                      const OutputOptions& out) {
  SourceSet sources;
  DiagnosticSink sink;
  FileId id = sources.add(path, std::move(text));
  const std::string& original = sources.file(id).text;
  format::FormatResult result = format::formatSource(id, original, sink);
  if (!result.ok) {
    reportDiagnostics(sink, sources, out);
    if (result.unsafe)
      llvm::errs() << "locusc: fmt: " << path
                   << ": the canonical layout would change the program; the file is left as it "
                      "is (a formatter bug: please report it with this file)\n";
    return FileOutcome::Failed;
  }
  if (path == "-") {
    llvm::outs() << result.text;
    return result.text == original ? FileOutcome::Unchanged : FileOutcome::Changed;
  }
  if (result.text == original) return FileOutcome::Unchanged;
  llvm::outs() << path << "\n";
  if (!fmt.check && !replaceFile(path, result.text)) {
    llvm::errs() << "locusc: fmt: cannot write " << path << "\n";
    return FileOutcome::Failed;
  }
  return FileOutcome::Changed;
}

} // namespace

int runFmt(const FmtOptions& fmt, const OutputOptions& out) {
  std::vector<std::string> paths = fmt.paths.empty() ? std::vector<std::string>{"."} : fmt.paths;
  bool changed = false, failed = false;
  for (const std::string& path : expandPaths(paths)) {
    std::string text;
    if (path == "-") {
      llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> input = llvm::MemoryBuffer::getSTDIN();
      if (!input) {
        llvm::errs() << "locusc: fmt: cannot read standard input\n";
        return 2;
      }
      text = (*input)->getBuffer().str();
    } else {
      DiagnosticSink sink;
      if (!readSourceFile(path, text, sink)) {
        reportDiagnostics(sink, SourceSet(), out);
        return 2;
      }
    }
    FileOutcome outcome = formatOne(path, std::move(text), fmt, out);
    changed |= outcome == FileOutcome::Changed;
    failed |= outcome == FileOutcome::Failed;
  }
  if (failed) return 1;
  return fmt.check && changed ? 1 : 0;
}

} // namespace locus
