// The hooks of `locusc build` / `check` at their places in the pipeline
// (docs/design/plugin-host.md). Each function sends the driver's data as JSON through the
// dispatcher and collects every plugin diagnostic into `pending`; the driver reports them with its
// own diagnostics.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/driver/plugin_host.h"
#include "compiler/frontend/compile.h"
#include "generators/generator.h"
#include "hooks/dispatch/hook_params.h"

#include <mutex>
#include <string>
#include <vector>

namespace locus {

// Plugin diagnostics collected during a build (generators run in parallel, hence the mutex).
struct PendingPluginDiagnostics {
  std::mutex mutex;
  std::vector<hooks::PluginDiagnostic> items;
  void add(std::vector<hooks::PluginDiagnostic> more);
  bool hasErrors();
};

// Relative '/'-separated path of `path` under `root` (the path itself when outside).
std::string projectRelative(const std::string& path, const std::filesystem::path& root);

// The front end (compiler/frontend/compile.h) with the plugins' hooks between its phases:
// onPreParse rewrites each file read (imports included) before it is parsed, onPostParse sees
// each parsed file, and the checker knows the plugins' step kinds.
std::unique_ptr<FrontEndResult> runFrontEndWithPlugins(PluginHost& host, const std::string& input,
                                                       FrontEndOptions options,
                                                       PendingPluginDiagnostics& pending);

// The front end as `locusc check` runs it: runFrontEndWithPlugins, onPostValidate when the
// program is valid, then onError with every error; the plugins' diagnostics (load problems
// included) join the result's own.
std::unique_ptr<FrontEndResult> checkWithPlugins(PluginHost& host, const std::string& input);

// onPostValidate: {files, ast} of the merged program, written once (plugin_payload.h).
void runPostValidate(PluginHost& host, const ast::File& program, const SourceSet& sources,
                     PendingPluginDiagnostics& pending);

// runPostValidate in two halves, for the language server: the payloads are written while the
// merged program exists, and sent later from another thread.
struct PostValidateCall {
  hooks::Subscriber subscriber;
  hooks::HookParams params;
};
std::vector<PostValidateCall> postValidateCalls(PluginHost& host, const ast::File& program,
                                                const SourceSet& sources);
void sendPostValidate(PluginHost& host, const std::vector<PostValidateCall>& calls,
                      PendingPluginDiagnostics& pending);

// onPreGenerate: JSON Patch transforms of the IR, each validated against the IR schema.
locus::OrderedJson runPreGenerate(PluginHost& host, locus::OrderedJson ir,
                                  PendingPluginDiagnostics& pending);

// The plugins' generators, to append to the registry; each run calls `generate`.
std::vector<Generator> pluginGenerators(PluginHost& host, const std::string& outputRoot,
                                        PendingPluginDiagnostics& pending);

// onSchemaGenerate / onMigration on the sql generator's files, onPageGenerate /
// onComponentRender on react's. Migrations of an earlier build (in `previous`) are never
// transformed again: a written migration must not change.
void transformArtifacts(PluginHost& host, GeneratedFiles& files, const GeneratedFiles& previous,
                        PendingPluginDiagnostics& pending);

// onPostGenerate: file set → file set, every returned path checked against `outputRoot`.
void runPostGenerate(PluginHost& host, GeneratedFiles& files, const std::string& outputRoot,
                     PendingPluginDiagnostics& pending);

// onError: observers see each error diagnostic of a failed build.
void notifyErrors(PluginHost& host, const DiagnosticSink& sink, const SourceSet& sources,
                  PendingPluginDiagnostics& pending);

} // namespace locus
