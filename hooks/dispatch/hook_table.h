// The hook table (docs/design/DESIGN.md §5): every hook a plugin may subscribe to, with its one
// declared semantics, its payload and result shapes, and which host-side filters apply to it.
// docs/plugins.md renders the same table for plugin authors; keep them in step.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace locus::hooks {

enum class HookSemantics {
  TransformText,     // params {file, source} → {source}; chained in plugin order
  TransformIr,       // params {ir} → {patch: [JSON Patch]}; applied, then validated
  TransformArtifact, // params {kind, name, path, content} → {content}; chained
  TransformFiles,    // params {files: {path: content}} → {files: {...}}; chained
  Diagnostics,       // params vary → {diagnostics: [...]} (or {}); all plugins called
  ObserveOrVeto,     // params vary → {} or {veto: "reason"}; first veto stops the action
  Observe,           // params vary → {}; results ignored, failures reported as warnings
};

// Any: wherever plugins run (onEvent is delivered in builds and in runs alike).
enum class HookStage { Compile, Runtime, Lifecycle, Any };

// Host-side filters a subscription may declare (manifest `hooks.<name>.<filter>`).
enum FilterMask : unsigned {
  kFilterNone = 0,
  kFilterFiles = 1u << 0,      // `files`: path globs (source files or generated files)
  kFilterSteps = 1u << 1,      // `steps`: step kinds
  kFilterWorkflows = 1u << 2,  // `workflows`: workflow names
  kFilterPages = 1u << 3,      // `pages`: page names
  kFilterComponents = 1u << 4, // `components`: component names
};

struct HookInfo {
  std::string_view name;
  HookSemantics semantics;
  HookStage stage;
  unsigned filters; // FilterMask bits
  std::string_view when;
  std::string_view params; // payload sent to the plugin
  std::string_view result; // what the plugin answers
};

const std::vector<HookInfo>& hookTable();
const HookInfo* findHook(std::string_view name);
std::vector<std::string> hookNames();

std::string_view semanticsName(HookSemantics s);
// The filter keys (`files`, `steps`, …) a hook accepts, in table order.
std::vector<std::string> filterKeys(unsigned mask);

} // namespace locus::hooks
