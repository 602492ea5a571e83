#include "compiler/lsp/workspace.h"

#include "compiler/base/file_bytes.h"
#include "compiler/base/large_stack.h"
#include "compiler/frontend/load_project.h"
#include "compiler/parse/parse_file.h"
#include "compiler/sema/merge.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

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
  f.ast.reset();
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
  f.ast = std::move(parsed);
  f.astId = id;
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

std::map<std::string, std::vector<Diagnostic>> Workspace::analyze(const ValidProgramHook& onValid) {
  AnalysisTimer timer;
  std::map<std::string, std::vector<Diagnostic>> out;
  auto sources = std::make_shared<SourceSet>(); // texts only for the hook: parsing reads `f->text`
  std::vector<ProjectFile*> all = files();
  std::vector<ProjectFile*> toParse;
  for (ProjectFile* f : all) {
    FileId id = sources->add(f->path, onValid ? f->text : "");
    if (!f->parsed || !f->ast || f->astId != id) toParse.push_back(f);
  }
  parseFiles(toParse);
  timer.lap("parse");
  bool syntaxErrors = false;
  for (ProjectFile* f : all) {
    out[f->path] = f->parseDiagnostics;
    for (const Diagnostic& d : f->parseDiagnostics) syntaxErrors |= d.severity == Severity::Error;
  }
  if (syntaxErrors) return out; // as `locusc check`: syntax errors stop the pipeline
  std::vector<ast::File> asts;
  for (ProjectFile* f : all) {
    asts.push_back(std::move(*f->ast));
    f->ast.reset();
  }
  std::vector<bool> hadDesign(all.size());
  for (size_t i = 0; i < asts.size(); ++i) hadDesign[i] = !asts[i].designSystems.empty();
  DiagnosticSink sink;
  ast::File program = mergeFiles(std::move(asts), sink);
  timer.lap("merge");
  checkProgram(program, check_, sink);
  timer.lap("check");
  if (onValid && !sink.hasErrors()) onValid(program, sources);
  giveBack(std::move(program), all, hadDesign);
  timer.lap("split");
  for (const Diagnostic& d : sink.all())
    if (d.span.file < all.size()) out[all[d.span.file]->path].push_back(d);
  return out;
}

namespace {

// Moves each node of a merged list back to the file its span names; false when one names none.
template <typename T>
bool split(std::vector<T>& merged, std::vector<ast::File>& files,
           std::vector<T> ast::File::*member) {
  bool ok = true;
  for (T& node : merged) {
    if (node.span.file < files.size())
      (files[node.span.file].*member).push_back(std::move(node));
    else
      ok = false;
  }
  return ok;
}

} // namespace

void Workspace::giveBack(ast::File program, const std::vector<ProjectFile*>& all,
                         const std::vector<bool>& hadDesign) {
  std::vector<ast::File> files(all.size());
  for (size_t i = 0; i < files.size(); ++i) files[i].id = static_cast<FileId>(i);
  bool ok = split(program.imports, files, &ast::File::imports) &&
            split(program.typeAliases, files, &ast::File::typeAliases) &&
            split(program.enums, files, &ast::File::enums) &&
            split(program.databases, files, &ast::File::databases) &&
            split(program.pages, files, &ast::File::pages) &&
            split(program.components, files, &ast::File::components) &&
            split(program.stores, files, &ast::File::stores) &&
            split(program.workflows, files, &ast::File::workflows) &&
            split(program.uploads, files, &ast::File::uploads) &&
            split(program.actions, files, &ast::File::actions);
  if (!ok) return; // every file is parsed again next time
  for (size_t i = 0; i < all.size(); ++i) {
    if (hadDesign[i]) continue; // its design system is inside the merged one: parse it again
    all[i]->ast = std::move(files[i]);
    all[i]->astId = static_cast<FileId>(i);
  }
}

void Workspace::parseFiles(const std::vector<ProjectFile*>& files) {
  // Largest first on two threads at most: one large file is the usual case (the one being edited).
  std::vector<ProjectFile*> order = files;
  std::sort(order.begin(), order.end(),
            [](ProjectFile* a, ProjectFile* b) { return a->text.size() > b->text.size(); });
  std::map<ProjectFile*, FileId> ids;
  FileId id = 0;
  for (auto& [path, f] : files_) ids[&f] = id++;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t k; (k = next++) < order.size();) parseInto(*order[k], ids[order[k]]);
  };
  if (order.size() > 1) {
    std::thread helper([&] { runWithLargeStack(worker); });
    runWithLargeStack(worker);
    helper.join();
  } else {
    runWithLargeStack(worker);
  }
}

void Workspace::ensureParsed() {
  FileId id = 0;
  for (auto& [path, f] : files_) {
    if (!f.parsed) parseInto(f, id);
    ++id;
  }
}

bool Workspace::parseOneMissing() {
  FileId id = 0;
  for (auto& [path, f] : files_) {
    if (!f.ast || f.astId != id) {
      parseInto(f, id);
      return true;
    }
    ++id;
  }
  return false;
}

} // namespace locus::lsp
