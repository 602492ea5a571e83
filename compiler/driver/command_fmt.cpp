// `locusc fmt [--check] [PATHS]`: rewrites .locus files in the canonical layout
// (compiler/format/format_source.h). `-` formats standard input to standard output.
#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"

#include "compiler/base/large_stack.h"
#include "compiler/format/format_source.h"
#include "compiler/frontend/load_project.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

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

struct FmtJob {
  std::string path;
  SourceSet sources;
  FileId id = kNoFile;
  DiagnosticSink sink;
  format::FormatResult result;
};

// Formats every job on all cores (largest files first), each on a large stack as parsing needs.
void formatAll(std::vector<std::unique_ptr<FmtJob>>& jobs) {
  std::vector<FmtJob*> order;
  for (auto& j : jobs) order.push_back(j.get());
  std::stable_sort(order.begin(), order.end(), [](FmtJob* a, FmtJob* b) {
    return a->sources.file(a->id).text.size() > b->sources.file(b->id).text.size();
  });
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t k; (k = next++) < order.size();) {
      FmtJob& j = *order[k];
      j.result = format::formatSource(j.id, j.sources.file(j.id).text, j.sink);
    }
  };
  unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(),
                                                     static_cast<unsigned>(order.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&] { runWithLargeStack(worker); });
  runWithLargeStack(worker);
  for (std::thread& t : pool) t.join();
}

FileOutcome finish(FmtJob& job, const FmtOptions& fmt, const OutputOptions& out) {
  const std::string& original = job.sources.file(job.id).text;
  if (!job.result.ok) {
    reportDiagnostics(job.sink, job.sources, out);
    if (job.result.unsafe)
      llvm::errs() << "locusc: fmt: " << job.path
                   << ": the canonical layout would change the program; the file is left as it "
                      "is (a formatter bug: please report it with this file)\n";
    return FileOutcome::Failed;
  }
  const std::string& text = job.result.text;
  if (job.path == "-") {
    llvm::outs() << text;
    return text == original ? FileOutcome::Unchanged : FileOutcome::Changed;
  }
  if (text == original) return FileOutcome::Unchanged;
  llvm::outs() << job.path << "\n";
  if (!fmt.check && !replaceFile(job.path, text)) {
    llvm::errs() << "locusc: fmt: cannot write " << job.path << "\n";
    return FileOutcome::Failed;
  }
  return FileOutcome::Changed;
}

} // namespace

int runFmt(const FmtOptions& fmt, const OutputOptions& out) {
  std::vector<std::string> paths = fmt.paths.empty() ? std::vector<std::string>{"."} : fmt.paths;
  std::vector<std::unique_ptr<FmtJob>> jobs;
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
    auto job = std::make_unique<FmtJob>();
    job->path = path;
    job->id = job->sources.add(path, std::move(text));
    jobs.push_back(std::move(job));
  }
  formatAll(jobs);
  bool changed = false, failed = false;
  for (auto& job : jobs) {
    FileOutcome outcome = finish(*job, fmt, out);
    changed |= outcome == FileOutcome::Changed;
    failed |= outcome == FileOutcome::Failed;
  }
  if (failed) return 1;
  return fmt.check && changed ? 1 : 0;
}

} // namespace locus
