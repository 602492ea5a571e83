// Transform chains (docs/design/DESIGN.md §5): each subscriber, in order, receives the current
// value and returns the next one. A plugin that fails, or answers with an unusable value, is
// reported (error diagnostic naming plugin and hook) and skipped: the chain continues with the
// value before it.
#pragma once

#include "hooks/dispatch/dispatch_context.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace locus::hooks {

struct TextOutcome {
  std::string text;
  std::vector<PluginDiagnostic> diagnostics;
};

// onPreParse: params {file, source} → {source}. Filtered on `file`.
TextOutcome transformSource(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                            const std::string& file, std::string source);

// A generated artifact (onSchemaGenerate, onMigration, onPageGenerate, onComponentRender).
struct Artifact {
  std::string kind; // "schema", "migration", "page", "component"
  std::string name; // page / component / migration name
  std::string path; // output path, relative to the output root
  std::string content;
};

// params {kind, name, path, content} → {content}. Filtered on `files` (path) and on `pages` or
// `components` (name) for the page and component hooks.
TextOutcome transformArtifact(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                              const std::string& hook, const Artifact& artifact);

// Returns the problems of an IR (empty when valid); the compiler passes its IR schema check.
using IrValidator = std::function<std::vector<std::string>(const nlohmann::json& ir)>;

struct IrOutcome {
  nlohmann::json ir;
  std::vector<PluginDiagnostic> diagnostics;
};

// onPreGenerate: params {ir} → {patch: [RFC 6902 operations]}. Each patch is applied with
// nlohmann's JSON Patch and the result validated before the next plugin sees it; a patch that
// does not apply or yields an invalid IR is rejected (error) and the IR stays as it was.
// `paramsText`, when given, is {"ir": …} of `ir` already written as text: plugins get it until a
// patch changes the IR (then the new IR is written once for the plugins after).
IrOutcome transformIr(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                      nlohmann::json ir, const IrValidator& validate,
                      std::shared_ptr<const std::string> paramsText = nullptr);

using FileSet = std::map<std::string, std::string>; // relative path → content

struct FilesOutcome {
  FileSet files;
  std::vector<PluginDiagnostic> diagnostics;
};

// onPostGenerate: each plugin receives the files its `files` globs select (all when it has none)
// as {files: {path: content}} and returns the new version of that subset: changed files, new
// files, and — by leaving them out — deleted files. Every returned path is checked
// (generatedPathProblem against `outputRoot`); one bad path rejects the plugin's whole answer.
FilesOutcome transformFiles(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                            FileSet files, const std::filesystem::path& outputRoot);

// Reads {files: {path: content}} from a plugin's answer with the same path checks; nullopt (and
// an error diagnostic) when anything is wrong. Shared with plugin generators.
std::optional<FileSet> readFileSet(const nlohmann::json& result, const Subscriber& sub,
                                   const std::string& method,
                                   const std::filesystem::path& outputRoot,
                                   std::vector<PluginDiagnostic>& out);

} // namespace locus::hooks
