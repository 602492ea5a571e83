#include "generators/common/json_document_file.h"

#include "generators/templates/template_set.h"

namespace locus {

std::string jsonDocumentFile(const TemplateSet& templates, std::string_view name,
                             std::string_view key, std::string documentText) {
  std::optional<std::string> source = templates.source(name);
  if (source && *source == "{{" + std::string(key) + "}}\n") { // the whole file is the variable
    documentText += '\n';
    return documentText;
  }
  return templates.render(name, nlohmann::json{{key, std::move(documentText)}});
}

} // namespace locus
