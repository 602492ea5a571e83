// checkUploads: upload policies (peer §1.9) — fields, sizes, counts, mime lists, store settings.
// Each problem is one E0701 located at the offending property, not at the whole block.
#include "compiler/base/suggest.h"
#include "compiler/sema/checks.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

namespace locus {

namespace {

using ast::Arg;
using ast::Expr;
using ast::ExprKind;

void invalid(Span span, std::string message, DiagnosticSink& sink) {
  sink.emit(DiagKind::InvalidUpload, span, std::move(message));
}

Span argSpan(const Arg& a) {
  return a.name.span.valid() || !a.value ? a.name.span : a.value->span;
}

// A Size literal such as 5MB or 1.5GB with a value above zero.
bool isPositiveSize(const Expr* v) {
  if (!v || v->kind != ExprKind::Size) return false;
  return std::strtod(v->text.c_str(), nullptr) > 0;
}

bool isCountAtLeastOne(const Expr* v) {
  if (!v || v->kind != ExprKind::Number) return false;
  bool whole =
      std::all_of(v->text.begin(), v->text.end(), [](char c) { return c >= '0' && c <= '9'; });
  return whole && std::strtod(v->text.c_str(), nullptr) >= 1;
}

// A bare word (local) or a string ("local"): the value of an enumerated store setting.
std::string wordValue(const Expr* v) {
  return v && (v->kind == ExprKind::Name || v->kind == ExprKind::String) ? v->text : "";
}

// Reports properties given twice and returns the first of each by name.
std::unordered_map<std::string, const Arg*>
propertiesByName(const std::vector<Arg>& props, const std::string& owner, DiagnosticSink& sink) {
  std::unordered_map<std::string, const Arg*> byName;
  for (const Arg& a : props) {
    auto [it, inserted] = byName.emplace(a.name.name, &a);
    if (inserted) continue;
    sink.emit(DiagKind::InvalidUpload, a.name.span,
              owner + " sets '" + a.name.name + "' twice; remove one")
        .notes.push_back({it->second->name.span, "first set here"});
  }
  return byName;
}

void unknownProperty(const Arg& a, const std::string& owner, const std::vector<std::string>& known,
                     DiagnosticSink& sink) {
  std::string hint = didYouMean(a.name.name, known);
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  sink.emit(DiagKind::InvalidUpload, a.name.span,
            owner + " has unknown property '" + a.name.name + "'; expected " + list +
                (hint.empty() ? "" : " (" + hint + ")"))
      .suggestion = closestMatch(a.name.name, known);
}

// ----------------------------------------------------------------------------------- fields

void checkFieldProperty(const Arg& a, const std::string& owner, DiagnosticSink& sink) {
  static const std::vector<std::string> known = {"maxSize", "maxCount", "mime", "required"};
  const std::string& key = a.name.name;
  const Expr* v = a.value.get();
  if (key == "maxSize") {
    if (!isPositiveSize(v))
      invalid(v ? v->span : argSpan(a), owner + " maxSize must be a size above zero, e.g. 5MB",
              sink);
  } else if (key == "maxCount") {
    if (!isCountAtLeastOne(v))
      invalid(v ? v->span : argSpan(a), owner + " maxCount must be a whole number of at least 1",
              sink);
  } else if (key != "mime" && key != "required") {
    unknownProperty(a, owner, known, sink);
  }
}

void checkMime(const ast::UploadField& f, const std::string& owner, DiagnosticSink& sink) {
  if (!f.mimeSpan.valid())
    invalid(f.name.span, owner + " has no mime list; add e.g. `mime: [image/png, image/jpeg]`",
            sink);
  else if (f.mime.empty())
    invalid(f.mimeSpan,
            owner + " has an empty mime list; list the accepted types, e.g. " + "`[image/png]`",
            sink);
}

void checkField(const ast::Upload& u, const ast::UploadField& f, DiagnosticSink& sink) {
  std::string owner = "upload field '" + u.name.name + "." + f.name.name + "'";
  propertiesByName(f.props, owner, sink);
  for (const Arg& a : f.props) checkFieldProperty(a, owner, sink);
  checkMime(f, owner, sink);
}

void checkFields(const ast::Upload& u, DiagnosticSink& sink) {
  if (u.fields.empty())
    invalid(u.name.span,
            "upload '" + u.name.name + "' has no fields; add one, e.g. " +
                "`field avatar maxSize: 5MB mime: [image/png]`",
            sink);
  std::unordered_map<std::string, const ast::UploadField*> seen;
  for (const ast::UploadField& f : u.fields) {
    auto [it, inserted] = seen.emplace(f.name.name, &f);
    if (!inserted && !f.name.name.empty()) {
      sink.emit(DiagKind::InvalidUpload, f.name.span,
                "upload '" + u.name.name + "' declares field '" + f.name.name +
                    "' twice; rename or remove one")
          .notes.push_back({it->second->name.span, "first declared here"});
      continue;
    }
    checkField(u, f, sink);
  }
}

// ------------------------------------------------------------------------------------ store

// strategy / naming: one of a fixed set of words.
void checkChoice(const Arg& a, const std::string& owner, const std::vector<std::string>& choices,
                 DiagnosticSink& sink) {
  std::string value = wordValue(a.value.get());
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return;
  std::string list;
  for (const std::string& c : choices) list += (list.empty() ? "" : " or ") + c;
  std::string hint = didYouMean(value, choices);
  sink.emit(DiagKind::InvalidUpload, a.value ? a.value->span : a.name.span,
            owner + " " + a.name.name + " must be " + list +
                (hint.empty() ? "" : " (" + hint + ")"))
      .suggestion = closestMatch(value, choices);
}

void checkPath(const Arg& a, const std::string& owner, DiagnosticSink& sink) {
  const Expr* v = a.value.get();
  if (v && v->kind == ExprKind::String && !v->text.empty()) return;
  invalid(v ? v->span : a.name.span,
          owner + " path must be a non-empty string, e.g. \"uploads/avatars\"", sink);
}

void checkStore(const ast::Upload& u, DiagnosticSink& sink) {
  std::string owner = "store of upload '" + u.name.name + "'";
  if (!u.hasStore) {
    invalid(u.name.span,
            "upload '" + u.name.name + "' has no store; add `store strategy: " +
                "local path: \"uploads/" + u.name.name + "\" naming: uuid`",
            sink);
    return;
  }
  static const std::vector<std::string> known = {"strategy", "path", "naming"};
  auto byName = propertiesByName(u.store, owner, sink);
  for (const Arg& a : u.store) {
    if (byName[a.name.name] != &a) continue; // duplicate, reported above
    if (a.name.name == "strategy")
      checkChoice(a, owner, {"local", "s3"}, sink);
    else if (a.name.name == "naming")
      checkChoice(a, owner, {"uuid", "hash", "original"}, sink);
    else if (a.name.name == "path")
      checkPath(a, owner, sink);
    else
      unknownProperty(a, owner, known, sink);
  }
  std::string missing;
  for (const std::string& k : known)
    if (!byName.count(k)) missing += (missing.empty() ? "" : ", ") + k;
  if (!missing.empty())
    invalid(u.storeSpan.valid() ? u.storeSpan : u.name.span,
            owner + " is missing " + missing + "; a store needs strategy (local|s3), path and " +
                "naming (uuid|hash|original)",
            sink);
}

} // namespace

void checkUploads(const ast::File& program, DiagnosticSink& sink) {
  for (const ast::Upload& u : program.uploads) {
    checkFields(u, sink);
    checkStore(u, sink);
  }
}

} // namespace locus
