#include "hooks/dispatch/hook_table.h"

namespace locus::hooks {

namespace {

using S = HookSemantics;
using St = HookStage;

const std::vector<HookInfo> kTable = {
    {"onPreParse", S::TransformText, St::Compile, kFilterFiles, "per source file, before parsing",
     "{file, source}", "{source}"},
    {"onPostParse", S::Diagnostics, St::Compile, kFilterFiles, "per file, after parsing",
     "{file, ast}", "{diagnostics} or {}"},
    {"onPostValidate", S::Diagnostics, St::Compile, kFilterFiles,
     "whole program, after semantic checks", "{files, ast}", "{diagnostics} or {}"},
    {"onPreGenerate", S::TransformIr, St::Compile, kFilterNone, "IR, before the generators", "{ir}",
     "{patch: [JSON Patch ops]}"},
    {"onSchemaGenerate", S::TransformArtifact, St::Compile, kFilterFiles,
     "each database schema artifact", "{kind, name, path, content}", "{content}"},
    {"onMigration", S::TransformArtifact, St::Compile, kFilterFiles, "each migration artifact",
     "{kind, name, path, content}", "{content}"},
    {"onPageGenerate", S::TransformArtifact, St::Compile, kFilterFiles | kFilterPages,
     "each generated page", "{kind, name, path, content}", "{content}"},
    {"onComponentRender", S::TransformArtifact, St::Compile, kFilterFiles | kFilterComponents,
     "each generated component", "{kind, name, path, content}", "{content}"},
    {"onPostGenerate", S::TransformFiles, St::Compile, kFilterFiles,
     "all generated files, before writing", "{files: {path: content}}", "{files: {path: content}}"},
    {"onWorkflowExecute", S::ObserveOrVeto, St::Runtime, kFilterWorkflows,
     "runtime, when a workflow run starts", "{workflow, runId, input}", "{} or {veto}"},
    {"onStepExecute", S::ObserveOrVeto, St::Runtime, kFilterWorkflows | kFilterSteps,
     "runtime, before each step attempt", "{workflow, runId, stepId, kind, attempt}",
     "{} or {veto}"},
    {"onError", S::Observe, St::Compile, kFilterNone, "a compile or runtime error",
     "{source, diagnostic}", "{}"},
    {"onMetric", S::Observe, St::Runtime, kFilterNone, "a metric is recorded",
     "{name, value, labels}", "{}"},
    {"onAlert", S::Observe, St::Runtime, kFilterNone, "an alert fires", "{name, severity, message}",
     "{}"},
    {"onEvent", S::Observe, St::Any, kFilterNone,
     "an event of events.subscribes (another plugin's events.publish)",
     "{topic, publisher, event, payload, traceId, publishedAtMs, ttlMs}", "{}"},
    {"onTest", S::Diagnostics, St::Lifecycle, kFilterNone, "`locusc test`, once every test ran",
     "{phase, results}", "{diagnostics} or {}"},
    {"onCoverage", S::Observe, St::Lifecycle, kFilterNone, "`locusc test`, the step coverage",
     "{coverage}", "{}"},
    {"onDeploy", S::Diagnostics, St::Lifecycle, kFilterNone,
     "`locusc deploy`: prepare (before the switch), live (after the health gate)",
     "{phase, target}", "{diagnostics} or {files} (prepare) or {}"},
    {"onRollback", S::Diagnostics, St::Lifecycle, kFilterNone,
     "`locusc deploy` after a failed health gate, `locusc rollback`", "{phase, target}",
     "{diagnostics} or {}"},
};

} // namespace

const std::vector<HookInfo>& hookTable() {
  return kTable;
}

const HookInfo* findHook(std::string_view name) {
  for (const HookInfo& h : kTable)
    if (h.name == name) return &h;
  return nullptr;
}

std::vector<std::string> hookNames() {
  std::vector<std::string> out;
  for (const HookInfo& h : kTable) out.emplace_back(h.name);
  return out;
}

std::string_view semanticsName(HookSemantics s) {
  switch (s) {
  case S::TransformText:
    return "transform chain: text → text";
  case S::TransformIr:
    return "transform chain: IR → IR (JSON Patch)";
  case S::TransformArtifact:
    return "transform chain on the artifact";
  case S::TransformFiles:
    return "transform chain: file set → file set";
  case S::Diagnostics:
    return "diagnostics";
  case S::ObserveOrVeto:
    return "observe or veto";
  case S::Observe:
    return "observe";
  }
  return "";
}

std::vector<std::string> filterKeys(unsigned mask) {
  std::vector<std::string> out;
  if (mask & kFilterFiles) out.push_back("files");
  if (mask & kFilterSteps) out.push_back("steps");
  if (mask & kFilterWorkflows) out.push_back("workflows");
  if (mask & kFilterPages) out.push_back("pages");
  if (mask & kFilterComponents) out.push_back("components");
  return out;
}

} // namespace locus::hooks
