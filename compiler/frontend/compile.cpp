#include "compiler/frontend/compile.h"

#include "compiler/base/phase_timer.h"

#include "compiler/base/large_stack.h"
#include "compiler/frontend/declaration_recovery.h"
#include "compiler/frontend/load_project.h"
#include "compiler/sema/merge.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
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

// Reads `path` once (by its real path) into `out`; nothing when it was read before or cannot be.
void readOnce(const std::string& path, const Span& from, FrontEndResult& result,
              std::vector<ReadFile>& out) {
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(path, real)) real = path;
  if (!result.readPaths.insert(std::string(real)).second) return;
  std::string text;
  if (!readSourceFile(path, text, result.diagnostics, from)) {
    result.ioError = result.ioError || !from.valid(); // a missing import is a located error
    return;
  }
  out.push_back({path, std::move(text)});
}

} // namespace

std::vector<ReadFile> readInputs(const std::string& input, FrontEndResult& result) {
  std::vector<ReadFile> files;
  if (!llvm::sys::fs::is_directory(input)) {
    result.followImports = true;
    readOnce(input, Span{}, result, files);
    return files;
  }
  for (const std::string& path : findLocusFiles(input)) {
    std::string text;
    if (readSourceFile(path, text, result.diagnostics))
      files.push_back({path, std::move(text)});
    else
      result.ioError = true;
  }
  if (files.empty() && !result.ioError) {
    result.diagnostics.emit(DiagKind::ReadError, Span{},
                            "no .locus files found in '" + input + "'");
    result.ioError = true;
  }
  return files;
}

std::vector<ReadFile> parseSources(std::vector<ReadFile> files, const FrontEndOptions& options,
                                   FrontEndResult& result) {
  std::vector<FileId> ids;
  for (ReadFile& f : files)
    ids.push_back(result.sources->add(std::move(f.path), std::move(f.text)));
  std::vector<ReadFile> imported;
  std::vector<ast::File> parsed = parseAll(*result.sources, ids, options, result.diagnostics);
  for (ast::File& f : parsed) {
    if (result.followImports) {
      std::string dir(llvm::sys::path::parent_path(result.sources->file(f.id).path));
      for (const ast::Import& imp : f.imports) {
        llvm::SmallString<256> target(dir);
        llvm::sys::path::append(target, imp.path);
        readOnce(std::string(target), imp.span, result, imported);
      }
    }
    result.files.push_back(std::move(f));
  }
  return imported;
}

namespace {

// A file that could not be read or imported leaves names unknown everywhere: nothing to check.
bool missingInput(const DiagnosticSink& diagnostics) {
  for (const Diagnostic& d : diagnostics.all())
    if (d.kind == DiagKind::ReadError || d.kind == DiagKind::ImportNotFound) return true;
  return false;
}

} // namespace

void checkParsed(const FrontEndOptions& options, FrontEndResult& result) {
  if (result.ioError) return;
  // After syntax errors the declarations they touch are left out and the rest is still checked
  // (declaration_recovery.h); what is then said about a left-out name is not reported.
  bool syntaxErrors = result.diagnostics.hasErrors();
  if (syntaxErrors && missingInput(result.diagnostics)) return;
  std::vector<std::string> leftOut;
  if (syntaxErrors) leftOut = dropBrokenDeclarations(result.files, result.diagnostics.all());
  DiagnosticSink semantic;
  DiagnosticSink& sink = syntaxErrors ? semantic : result.diagnostics;
  PhaseTimer timer;
  result.program = mergeFiles(std::move(result.files), sink);
  result.files.clear();
  timer.lap("merge");
  // Duplicate names do not make the merged program unsafe to check, so sema still runs.
  checkProgram(result.program, options.check, sink);
  timer.lap("check");
  for (const Diagnostic& d : semantic.all())
    if (!mentionsAny(d, leftOut)) result.diagnostics.report(d);
}

std::unique_ptr<FrontEndResult> runFrontEnd(const std::string& input,
                                            const FrontEndOptions& options) {
  PhaseTimer timer;
  auto result = std::make_unique<FrontEndResult>();
  for (std::vector<ReadFile> files = readInputs(input, *result); !files.empty();)
    files = parseSources(std::move(files), options, *result);
  timer.lap("parse");
  checkParsed(options, *result);
  return result;
}

} // namespace locus
