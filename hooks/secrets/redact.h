// Secret values never leave the host in clear text: every value the host loaded from the secret
// store or `.env` is registered here, and every output path that can carry plugin-controlled text
// (plugin log lines, failure messages, plugin diagnostics, the audit log, run traces and errors)
// passes through `redactSecrets`. Process-wide, because a leak can come from any of them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace locus::hooks {

inline constexpr const char* kRedacted = "[redacted]";
// Shorter values are not registered: replacing "ab" everywhere would destroy unrelated text.
inline constexpr std::size_t kMinRedactedLength = 4;

void registerSecretValue(const std::string& value);
// `text` with every registered value replaced by [redacted]. Cheap when nothing is registered.
std::string redactSecrets(std::string text);
// Every string (and key) inside `value`, in place.
void redactSecretsIn(nlohmann::json& value);
bool anySecretRegistered();

} // namespace locus::hooks
