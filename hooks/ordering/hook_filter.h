// Host-side filters (docs/design/DESIGN.md §5): a plugin is only called for what its subscription
// asked for, so a sandboxed worker is not even started for files, steps or pages it does not care
// about.
#pragma once

#include "hooks/manifest/manifest.h"

#include <optional>
#include <string>

namespace locus::hooks {

// What one hook call is about; unset fields are not filtered on.
struct FilterSubject {
  std::optional<std::string> file;      // source or generated path (relative, '/'-separated)
  std::optional<std::string> stepKind;  // onStepExecute
  std::optional<std::string> workflow;  // onWorkflowExecute, onStepExecute
  std::optional<std::string> page;      // onPageGenerate
  std::optional<std::string> component; // onComponentRender

  static FilterSubject ofFile(std::string path) {
    FilterSubject s;
    s.file = std::move(path);
    return s;
  }
  static FilterSubject ofStep(std::string workflow, std::string kind) {
    FilterSubject s;
    s.workflow = std::move(workflow);
    s.stepKind = std::move(kind);
    return s;
  }
};

// True when every filter list that applies to the subject has a matching glob (an empty list
// matches everything).
bool filterAccepts(const HookFilter& filter, const FilterSubject& subject);

} // namespace locus::hooks
