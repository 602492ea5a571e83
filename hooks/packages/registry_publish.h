// Changing a registry: publish a signed package, move a version to a later channel, yank or
// unyank it. A file:// registry is written directly; an http:// one is sent the request with the
// bearer token from LOCUS_REGISTRY_TOKEN. Error text or "".
#pragma once

#include <optional>
#include <string>

namespace locus::packages {

std::string publishPackage(const std::string& url, const std::string& archive,
                           const std::string& signature, const std::string& channel);
std::string changeVersion(const std::string& url, const std::string& name,
                          const std::string& version, const std::optional<std::string>& channel,
                          const std::optional<bool>& yanked);

} // namespace locus::packages
