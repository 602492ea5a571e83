// The text of a generated JSON file whose template is one variable (`{{document}}`): when the
// template is the built-in one (not overridden by the project), the document text is used as is
// instead of being copied through the mustache engine, which costs a lot for multi-MB documents.
#pragma once

#include <string>
#include <string_view>

namespace locus {

class TemplateSet;

// Renders template `name` with {key: documentText}; equal to templates.render(name, …).
std::string jsonDocumentFile(const TemplateSet& templates, std::string_view name,
                             std::string_view key, std::string documentText);

} // namespace locus
