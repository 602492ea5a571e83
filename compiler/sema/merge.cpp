#include "compiler/sema/merge.h"

#include <string>
#include <unordered_map>

namespace locus {

namespace {

// One namespace of top-level names (entities, pages, …): remembers the first definition.
class NameSpace {
public:
  NameSpace(const char* what, DiagnosticSink& sink) : what_(what), sink_(sink) {}

  void declare(const ast::Ident& name) {
    if (name.name.empty()) return; // a syntax error, reported by the parser
    auto [it, inserted] = first_.emplace(name.name, name.span);
    if (inserted) return;
    sink_
        .emit(DiagKind::DuplicateDefinition, name.span,
              std::string(what_) + " '" + name.name + "' is defined more than once; rename or " +
                  "remove one")
        .notes.push_back({it->second, "first defined here"});
  }

private:
  const char* what_;
  DiagnosticSink& sink_;
  std::unordered_map<std::string, Span> first_;
};

template <typename T> void append(std::vector<T>& into, std::vector<T>& from) {
  for (T& item : from) into.push_back(std::move(item));
}

template <typename T> void declareAll(NameSpace& names, const std::vector<T>& nodes) {
  for (const T& node : nodes) names.declare(node.name);
}

std::string joinPath(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

// Merges `entry` into `into` (the entries of one group): groups merge recursively, a second
// leaf (or a leaf/group clash) for the same key is a duplicate token.
void mergeToken(std::vector<ast::TokenEntry>& into, ast::TokenEntry entry, const std::string& path,
                DiagnosticSink& sink) {
  for (ast::TokenEntry& existing : into) {
    if (existing.key.name != entry.key.name) continue;
    if (existing.isGroup && entry.isGroup) {
      std::string groupPath = joinPath(path, entry.key.name);
      for (ast::TokenEntry& child : entry.group)
        mergeToken(existing.group, std::move(child), groupPath, sink);
      return;
    }
    sink.emit(DiagKind::DuplicateMember, entry.key.span,
              "design token '" + joinPath(path, entry.key.name) +
                  "' is defined more than once; remove one")
        .notes.push_back({existing.key.span, "first defined here"});
    return;
  }
  // Re-merge the children so duplicates inside a single group are found too.
  if (entry.isGroup) {
    std::vector<ast::TokenEntry> children = std::move(entry.group);
    entry.group.clear();
    std::string groupPath = joinPath(path, entry.key.name);
    for (ast::TokenEntry& child : children)
      mergeToken(entry.group, std::move(child), groupPath, sink);
  }
  into.push_back(std::move(entry));
}

void mergeDesignSystems(ast::File& program, std::vector<ast::DesignSystem>& blocks,
                        DiagnosticSink& sink) {
  if (blocks.empty()) return;
  ast::DesignSystem merged;
  merged.span = blocks.front().span;
  for (ast::DesignSystem& block : blocks)
    for (ast::TokenEntry& section : block.sections)
      mergeToken(merged.sections, std::move(section), "", sink);
  program.designSystems.push_back(std::move(merged));
}

// Reports duplicates in declaration order: across files and within one file alike.
void checkDuplicates(const ast::File& program, DiagnosticSink& sink) {
  NameSpace entities("entity", sink), pages("page", sink), components("component", sink),
      stores("store", sink), workflows("workflow", sink), uploads("upload", sink),
      actions("action", sink), aliases("type alias", sink), enums("enum", sink);
  for (const ast::Database& db : program.databases) declareAll(entities, db.entities);
  declareAll(pages, program.pages);
  declareAll(components, program.components);
  declareAll(stores, program.stores);
  declareAll(workflows, program.workflows);
  declareAll(uploads, program.uploads);
  declareAll(actions, program.actions);
  declareAll(aliases, program.typeAliases);
  declareAll(enums, program.enums);
}

} // namespace

ast::File mergeFiles(std::vector<ast::File> files, DiagnosticSink& sink) {
  ast::File program;
  program.id = files.size() == 1 ? files.front().id : kNoFile;
  std::vector<ast::DesignSystem> designBlocks;
  for (ast::File& f : files) {
    append(program.imports, f.imports);
    append(program.typeAliases, f.typeAliases);
    append(program.enums, f.enums);
    append(program.databases, f.databases);
    append(designBlocks, f.designSystems);
    append(program.pages, f.pages);
    append(program.components, f.components);
    append(program.stores, f.stores);
    append(program.workflows, f.workflows);
    append(program.uploads, f.uploads);
    append(program.actions, f.actions);
    append(program.auths, f.auths);
    append(program.tests, f.tests);
  }
  mergeDesignSystems(program, designBlocks, sink);
  checkDuplicates(program, sink);
  return program;
}

} // namespace locus
