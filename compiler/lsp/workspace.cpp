#include "compiler/lsp/workspace.h"

#include "compiler/base/file_bytes.h"
#include "compiler/frontend/load_project.h"
#include "compiler/parse/parse_file.h"
#include "compiler/sema/merge.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace locus::lsp {

Workspace::Workspace(std::string root, CheckOptions check)
    : root_(std::move(root)), check_(std::move(check)) {
  scanDisk();
}

void Workspace::scanDisk() {
  if (root_.empty() || !std::filesystem::is_directory(root_)) return;
  for (const std::string& path : findLocusFiles(root_)) {
    std::string normal = std::filesystem::absolute(path).lexically_normal().string();
    if (files_.count(normal)) continue;
    std::optional<std::string> text = readFileBytes(normal);
    if (text) setText(normal, std::move(*text), false);
  }
}

void Workspace::setText(const std::string& path, std::string text, bool open) {
  ProjectFile& f = files_[path];
  f.path = path;
  f.open = f.open || open;
  if (f.parsed && f.text == text) return;
  f.text = std::move(text);
  f.lines = std::make_unique<LineMap>(f.text);
  f.spare.reset();
  f.parsed = false;
}

void Workspace::close(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return;
  it->second.open = false;
  reloadFromDisk(path);
}

void Workspace::reloadFromDisk(const std::string& path) {
  ProjectFile* f = file(path);
  if (f && f->open) return;
  std::optional<std::string> text = readFileBytes(path);
  if (!text) {
    files_.erase(path); // deleted
    return;
  }
  setText(path, std::move(*text), false);
}

ProjectFile* Workspace::file(const std::string& path) {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

std::vector<ProjectFile*> Workspace::files() {
  std::vector<ProjectFile*> out;
  for (auto& [path, f] : files_) out.push_back(&f);
  return out;
}

void Workspace::parseInto(ProjectFile& f, FileId id) {
  DiagnosticSink sink;
  ast::File parsed = parseFile(id, f.text, sink);
  f.index = indexFile(parsed, f.text);
  f.parseDiagnostics = sink.all();
  f.spare = std::move(parsed);
  f.spareId = id;
  f.parsed = true;
}

namespace {

// LOCUS_LSP_TIMING=1: each analysis's phases on stderr (the editor's log).
struct AnalysisTimer {
  bool on = std::getenv("LOCUS_LSP_TIMING") != nullptr;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::string laps;
  void lap(const char* name) {
    if (!on) return;
    auto now = std::chrono::steady_clock::now();
    laps += std::string(" ") + name + " " +
            std::to_string(std::chrono::duration<double, std::milli>(now - start).count()) + " ms";
    start = now;
  }
  ~AnalysisTimer() {
    if (on) std::fprintf(stderr, "locusc lsp: analysis:%s\n", laps.c_str());
  }
};

} // namespace

std::map<std::string, std::vector<Diagnostic>> Workspace::analyze() {
  AnalysisTimer timer;
  std::map<std::string, std::vector<Diagnostic>> out;
  SourceSet sources;
  std::vector<ProjectFile*> all = files();
  std::vector<ast::File> asts;
  bool syntaxErrors = false;
  for (ProjectFile* f : all) {
    FileId id = sources.add(f->path, "");
    if (!f->parsed || !f->spare || f->spareId != id) parseInto(*f, id);
    out[f->path] = f->parseDiagnostics;
    for (const Diagnostic& d : f->parseDiagnostics) syntaxErrors |= d.severity == Severity::Error;
  }
  timer.lap("parse");
  if (syntaxErrors) return out; // as `locusc check`: syntax errors stop the pipeline
  for (ProjectFile* f : all) {
    asts.push_back(std::move(*f->spare));
    f->spare.reset();
  }
  DiagnosticSink sink;
  ast::File program = mergeFiles(std::move(asts), sink);
  timer.lap("merge");
  checkProgram(program, check_, sink);
  timer.lap("check");
  for (const Diagnostic& d : sink.all())
    if (d.span.file < all.size()) out[all[d.span.file]->path].push_back(d);
  return out;
}

void Workspace::ensureParsed() {
  FileId id = 0;
  for (auto& [path, f] : files_) {
    if (!f.parsed) parseInto(f, id);
    ++id;
  }
}

bool Workspace::refillOneSpare() {
  FileId id = 0;
  for (auto& [path, f] : files_) {
    if (!f.spare || f.spareId != id) {
      parseInto(f, id);
      return true;
    }
    ++id;
  }
  return false;
}

} // namespace locus::lsp
