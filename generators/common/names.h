// Names the generators derive from the program's names, shared so that every generator spells
// a package or a file name the same way.
#pragma once

#include <string>

namespace locus {

// An npm package name: lower-case letters, digits and single dashes ("locus-app" when empty).
std::string npmPackageName(const std::string& appName);

// "OrderItem" → "order-item"; '_', '.' and ' ' become '-' ("color.primary" → "color-primary").
std::string kebabCase(const std::string& name);

} // namespace locus
