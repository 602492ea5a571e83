#include "hooks/dispatch/transforms.h"

#include "hooks/dispatch/invoke.h"
#include "hooks/dispatch/output_paths.h"
#include "hooks/ordering/hook_filter.h"

namespace locus::hooks {

using nlohmann::json;

namespace {

// The string field `key` of a result, or nullopt with an InvalidResult error.
std::optional<std::string> stringField(const json& result, const char* key, const Subscriber& sub,
                                       const std::string& hook,
                                       std::vector<PluginDiagnostic>& out) {
  auto it = result.find(key);
  if (it != result.end() && it->is_string()) return it->get<std::string>();
  out.push_back(hostDiagnostic(sub, hook, DiagnosticOrigin::InvalidResult, "PLUGIN_RESULT",
                               "plugin '" + sub.plugin + "' must answer " + hook + " with {" + key +
                                   ": string}"));
  return std::nullopt;
}

FilterSubject artifactSubject(const std::string& hook, const Artifact& a) {
  FilterSubject s;
  s.file = a.path;
  if (hook == "onPageGenerate") s.page = a.name;
  if (hook == "onComponentRender") s.component = a.name;
  return s;
}

} // namespace

TextOutcome transformSource(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                            const std::string& file, std::string source) {
  const std::string hook = "onPreParse";
  TextOutcome out{std::move(source), {}};
  AuditBatch audit;
  for (const Subscriber& sub : subs) {
    if (!filterAccepts(sub.filter, FilterSubject::ofFile(file))) continue;
    auto result = invokePlugin(ctx, sub, hook, {{"file", file}, {"source", out.text}},
                               Severity::Error, out.diagnostics, audit);
    if (!result) continue;
    if (auto next = stringField(*result, "source", sub, hook, out.diagnostics)) out.text = *next;
  }
  audit.flush(ctx, out.diagnostics, hook);
  return out;
}

TextOutcome transformArtifact(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                              const std::string& hook, const Artifact& artifact) {
  TextOutcome out{artifact.content, {}};
  AuditBatch audit;
  FilterSubject subject = artifactSubject(hook, artifact);
  for (const Subscriber& sub : subs) {
    if (!filterAccepts(sub.filter, subject)) continue;
    json params = {{"kind", artifact.kind},
                   {"name", artifact.name},
                   {"path", artifact.path},
                   {"content", out.text}};
    auto result = invokePlugin(ctx, sub, hook, params, Severity::Error, out.diagnostics, audit);
    if (!result) continue;
    if (auto next = stringField(*result, "content", sub, hook, out.diagnostics)) out.text = *next;
  }
  audit.flush(ctx, out.diagnostics, hook);
  return out;
}

IrOutcome transformIr(const DispatchContext& ctx, const std::vector<Subscriber>& subs, json ir,
                      const IrValidator& validate, std::shared_ptr<const std::string> paramsText) {
  const std::string hook = "onPreGenerate";
  IrOutcome out{std::move(ir), {}};
  AuditBatch audit;
  for (const Subscriber& sub : subs) {
    if (!paramsText) // the IR changed (or came without text): written once for the next plugins
      paramsText = std::make_shared<std::string>(
          json{{"ir", out.ir}}.dump(-1, ' ', false, json::error_handler_t::replace));
    auto result = invokePlugin(ctx, sub, hook, HookParams::ofText(paramsText), Severity::Error,
                               out.diagnostics, audit);
    if (!result) continue;
    auto patch = result->find("patch");
    if (patch == result->end() || !patch->is_array()) {
      out.diagnostics.push_back(hostDiagnostic(
          sub, hook, DiagnosticOrigin::InvalidResult, "PLUGIN_RESULT",
          "plugin '" + sub.plugin + "' must answer onPreGenerate with {patch: [JSON Patch]}"));
      continue;
    }
    json next;
    try {
      next = out.ir.patch(*patch);
    } catch (const json::exception& e) {
      out.diagnostics.push_back(
          hostDiagnostic(sub, hook, DiagnosticOrigin::InvalidIr, "PLUGIN_PATCH",
                         "the JSON Patch from plugin '" + sub.plugin +
                             "' does not apply: " + e.what() + "; the IR is left unchanged"));
      continue;
    }
    std::vector<std::string> problems = validate ? validate(next) : std::vector<std::string>{};
    if (!problems.empty()) {
      std::string list;
      for (std::size_t i = 0; i < problems.size() && i < 5; ++i) list += "\n  " + problems[i];
      if (problems.size() > 5) list += "\n  (" + std::to_string(problems.size() - 5) + " more)";
      out.diagnostics.push_back(
          hostDiagnostic(sub, hook, DiagnosticOrigin::InvalidIr, "PLUGIN_IR_INVALID",
                         "the IR after plugin '" + sub.plugin +
                             "''s patch is invalid; the patch is rejected:" + list));
      continue;
    }
    out.ir = std::move(next);
    paramsText = nullptr;
  }
  audit.flush(ctx, out.diagnostics, hook);
  return out;
}

std::optional<FileSet> readFileSet(const json& result, const Subscriber& sub,
                                   const std::string& method,
                                   const std::filesystem::path& outputRoot,
                                   std::vector<PluginDiagnostic>& out) {
  auto files = result.find("files");
  if (files == result.end() || !files->is_object()) {
    out.push_back(hostDiagnostic(sub, method, DiagnosticOrigin::InvalidResult, "PLUGIN_RESULT",
                                 "plugin '" + sub.plugin + "' must answer " + method +
                                     " with {files: {path: content}}"));
    return std::nullopt;
  }
  FileSet set;
  bool ok = true;
  for (const auto& [path, content] : files->items()) {
    if (std::string why = generatedPathProblem(path, outputRoot); !why.empty()) {
      out.push_back(hostDiagnostic(sub, method, DiagnosticOrigin::RejectedPath, "PLUGIN_PATH",
                                   "plugin '" + sub.plugin + "' returned the file '" + path +
                                       "': " + why + "; its answer is rejected"));
      ok = false;
    } else if (!content.is_string()) {
      out.push_back(hostDiagnostic(sub, method, DiagnosticOrigin::InvalidResult, "PLUGIN_RESULT",
                                   "plugin '" + sub.plugin + "' returned non-text content for '" +
                                       path + "'; its answer is rejected"));
      ok = false;
    } else {
      set.emplace(path, content.get<std::string>());
    }
  }
  if (!ok) return std::nullopt;
  return set;
}

FilesOutcome transformFiles(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                            FileSet files, const std::filesystem::path& outputRoot) {
  const std::string hook = "onPostGenerate";
  FilesOutcome out{std::move(files), {}};
  AuditBatch audit;
  for (const Subscriber& sub : subs) {
    FileSet selected;
    for (const auto& [path, content] : out.files)
      if (filterAccepts(sub.filter, FilterSubject::ofFile(path))) selected.emplace(path, content);
    if (selected.empty() && !sub.filter.files.empty()) continue;
    auto result = invokePlugin(ctx, sub, hook, {{"files", selected}}, Severity::Error,
                               out.diagnostics, audit);
    if (!result) continue;
    auto next = readFileSet(*result, sub, hook, outputRoot, out.diagnostics);
    if (!next) continue;
    for (const auto& [path, content] : selected) out.files.erase(path);
    for (auto& [path, content] : *next) out.files[path] = std::move(content);
  }
  audit.flush(ctx, out.diagnostics, hook);
  return out;
}

} // namespace locus::hooks
