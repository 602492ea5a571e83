#include "hooks/ordering/hook_filter.h"

#include "hooks/ordering/glob.h"

namespace locus::hooks {

namespace {
bool listAccepts(const std::vector<std::string>& globs, const std::optional<std::string>& value) {
  if (globs.empty() || !value) return true;
  for (const std::string& g : globs)
    if (globMatch(g, *value)) return true;
  return false;
}
} // namespace

bool filterAccepts(const HookFilter& filter, const FilterSubject& subject) {
  return listAccepts(filter.files, subject.file) && listAccepts(filter.steps, subject.stepKind) &&
         listAccepts(filter.workflows, subject.workflow) &&
         listAccepts(filter.pages, subject.page) &&
         listAccepts(filter.components, subject.component);
}

} // namespace locus::hooks
