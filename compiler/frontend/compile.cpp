#include "compiler/frontend/compile.h"

#include "compiler/base/phase_timer.h"

#include "compiler/base/large_stack.h"
#include "compiler/frontend/load_project.h"
#include "compiler/sema/merge.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>

namespace locus {

std::vector<ast::File> parseAll(const SourceSet& sources, const std::vector<FileId>& ids,
                                const FrontEndOptions& options, DiagnosticSink& sink) {
  std::vector<ast::File> files(ids.size());
  std::vector<DiagnosticSink> sinks(ids.size()); // one per file: no contention, stable order
  // Largest files first (LPT scheduling): the biggest file is the critical path on few cores.
  std::vector<size_t> order(ids.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return sources.file(ids[a]).text.size() > sources.file(ids[b]).text.size();
  });
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t k; (k = next++) < order.size();) {
      size_t i = order[k];
      files[i] = parseFile(ids[i], sources.file(ids[i]).text, sinks[i], options.parse);
    }
  };
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(ids.size())));
  // Each worker is one large-stack thread that parses many files (parseFile then runs inline).
  auto largeStackWorker = [&] { runWithLargeStack(worker); };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(largeStackWorker);
  largeStackWorker();
  for (std::thread& t : pool) t.join();
  for (DiagnosticSink& s : sinks)
    for (const Diagnostic& d : s.all()) sink.report(d);
  return files;
}

namespace {

// Reads `path` and, transitively, the files it imports (each once). Imports are resolved
// relative to the importing file.
void loadWithImports(const std::string& path, FrontEndResult& result,
                     const FrontEndOptions& options) {
  std::set<std::string> seen;
  std::vector<std::pair<std::string, Span>> queue{{path, Span{}}};
  while (!queue.empty()) {
    std::vector<FileId> batch;
    for (auto& [file, from] : queue) {
      llvm::SmallString<256> real;
      if (llvm::sys::fs::real_path(file, real)) real = file;
      if (!seen.insert(std::string(real)).second) continue;
      std::string text;
      if (!readSourceFile(file, text, result.diagnostics, from)) {
        result.ioError = !from.valid();
        continue;
      }
      if (options.beforeParse) text = options.beforeParse(file, std::move(text));
      batch.push_back(result.sources->add(file, std::move(text)));
    }
    queue.clear();
    std::vector<ast::File> parsed = parseAll(*result.sources, batch, options, result.diagnostics);
    for (ast::File& f : parsed) {
      std::string dir(llvm::sys::path::parent_path(result.sources->file(f.id).path));
      for (const ast::Import& imp : f.imports) {
        llvm::SmallString<256> target(dir);
        llvm::sys::path::append(target, imp.path);
        queue.push_back({std::string(target), imp.span});
      }
      result.files.push_back(std::move(f));
    }
  }
}

void loadDirectory(const std::string& dir, FrontEndResult& result, const FrontEndOptions& options) {
  std::vector<FileId> ids;
  for (const std::string& path : findLocusFiles(dir)) {
    std::string text;
    if (readSourceFile(path, text, result.diagnostics)) {
      if (options.beforeParse) text = options.beforeParse(path, std::move(text));
      ids.push_back(result.sources->add(path, std::move(text)));
    } else {
      result.ioError = true;
    }
  }
  result.files = parseAll(*result.sources, ids, options, result.diagnostics);
}

} // namespace

std::unique_ptr<FrontEndResult> runFrontEnd(const std::string& input,
                                            const FrontEndOptions& options) {
  PhaseTimer timer;
  auto result = std::make_unique<FrontEndResult>();
  if (llvm::sys::fs::is_directory(input)) {
    loadDirectory(input, *result, options);
    if (result->files.empty() && !result->ioError) {
      result->diagnostics.emit(DiagKind::ReadError, Span{},
                               "no .locus files found in '" + input + "'");
      result->ioError = true;
    }
  } else {
    loadWithImports(input, *result, options);
  }
  timer.lap("parse");
  if (options.afterParse && !result->files.empty())
    options.afterParse(result->files, *result->sources);
  if (result->ioError || result->diagnostics.hasErrors()) return result; // syntax errors stop here
  result->program = mergeFiles(std::move(result->files), result->diagnostics);
  result->files.clear();
  timer.lap("merge");
  // Duplicate names do not make the merged program unsafe to check, so sema still runs.
  checkProgram(result->program, options.check, result->diagnostics);
  timer.lap("check");
  return result;
}

} // namespace locus
