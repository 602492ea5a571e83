// Changing a registry: publish a signed package, move a version to a later channel, yank or
// unyank it. A file:// registry is written directly; an http:// one (`locusc registry serve`) is
// sent the request with `token` as its bearer token. Error text or "".
#pragma once

#include <optional>
#include <string>

namespace locus::packages {

std::string publishPackage(const std::string& url, const std::string& archive,
                           const std::string& signature, const std::string& channel,
                           const std::string& token);
std::string changeVersion(const std::string& url, const std::string& name,
                          const std::string& version, const std::optional<std::string>& channel,
                          const std::optional<bool>& yanked, const std::string& token);

} // namespace locus::packages
