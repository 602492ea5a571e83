#include "compiler/frontend/declaration_recovery.h"

#include <algorithm>
#include <deque>
#include <set>

namespace locus {

namespace {

// One top-level declaration of a file: where it is, and how to remove it.
struct Declaration {
  uint32_t begin = 0, end = 0; // byte offsets, end exclusive
  std::string name;
  std::vector<bool>* dropped; // the drop marks of its list
  size_t index;
};

template <class T> std::string nameOf(const T& decl) {
  if constexpr (requires { decl.name.name; })
    return decl.name.name;
  else
    return "";
}

template <class T>
void collect(std::vector<T>& list, std::vector<bool>& marks, std::vector<Declaration>& out) {
  marks.assign(list.size(), false);
  for (size_t i = 0; i < list.size(); ++i) {
    const Span& s = list[i].span;
    if (s.valid()) out.push_back({s.offset, s.offset + s.length, nameOf(list[i]), &marks, i});
  }
}

template <class T> void eraseMarked(std::vector<T>& list, const std::vector<bool>& marks) {
  size_t i = 0;
  list.erase(std::remove_if(list.begin(), list.end(), [&](const T&) { return marks[i++]; }),
             list.end());
}

// Where a syntax error is, and whether it is an unclosed block (E0012, reported where the next
// declaration starts: it belongs to the declaration before).
struct ErrorAt {
  uint32_t offset;
  bool unclosedBlock;
};

// The declaration an error belongs to: the one it lies in after its first byte (up to its last
// byte, where a missing '}' shows), or the one an E0012 closed; null when it lies outside every
// declaration (a stray line between two, which the parser skipped).
Declaration* owner(std::vector<Declaration>& decls, ErrorAt error) {
  Declaration* best = nullptr;
  for (Declaration& d : decls) {
    if (d.begin >= error.offset) break; // sorted by begin
    best = &d;
  }
  if (best && error.offset > best->end && !error.unclosedBlock) return nullptr;
  return best;
}

// Calls `fn` with each list of top-level declarations of `file` (each database's entities as a
// list of their own: an error in one entity leaves out only that entity).
template <class Fn> void forEachDeclarationList(ast::File& file, Fn&& fn) {
  fn(file.typeAliases);
  fn(file.enums);
  for (ast::Database& db : file.databases) fn(db.entities);
  fn(file.designSystems);
  fn(file.pages);
  fn(file.components);
  fn(file.stores);
  fn(file.workflows);
  fn(file.uploads);
  fn(file.actions);
  fn(file.auths);
  fn(file.tests);
}

std::vector<std::string> dropInFile(ast::File& file, const std::vector<ErrorAt>& errors) {
  std::deque<std::vector<bool>> marks; // one per list; a deque keeps each one where it is
  std::vector<Declaration> decls;
  forEachDeclarationList(file, [&](auto& list) { collect(list, marks.emplace_back(), decls); });
  std::sort(decls.begin(), decls.end(),
            [](const Declaration& a, const Declaration& b) { return a.begin < b.begin; });
  std::vector<std::string> names;
  for (ErrorAt error : errors) {
    Declaration* d = owner(decls, error);
    if (!d || (*d->dropped)[d->index]) continue;
    (*d->dropped)[d->index] = true;
    if (!d->name.empty()) names.push_back(d->name);
  }
  size_t list = 0;
  forEachDeclarationList(file, [&](auto& items) { eraseMarked(items, marks[list++]); });
  return names;
}

bool isNamePart(char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

} // namespace

std::vector<std::string> dropBrokenDeclarations(std::vector<ast::File>& files,
                                                const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> names;
  for (ast::File& file : files) {
    std::vector<ErrorAt> errors;
    for (const Diagnostic& d : diagnostics)
      if (d.severity == Severity::Error && d.span.file == file.id && d.span.valid())
        errors.push_back({d.span.offset, d.kind == DiagKind::UnclosedBlock});
    if (errors.empty()) continue;
    for (std::string& n : dropInFile(file, errors)) names.push_back(std::move(n));
  }
  return names;
}

bool mentionsAny(const Diagnostic& d, const std::vector<std::string>& names) {
  const std::string& text = d.message;
  for (const std::string& name : names) {
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
      bool startsWord = at == 0 || !isNamePart(text[at - 1]);
      size_t after = at + name.size();
      if (startsWord && (after >= text.size() || !isNamePart(text[after]))) return true;
    }
  }
  return false;
}

} // namespace locus
