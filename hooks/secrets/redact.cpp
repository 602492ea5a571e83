#include "hooks/secrets/redact.h"

#include <atomic>
#include <mutex>
#include <set>
#include <vector>

namespace locus::hooks {

namespace {

std::mutex mutex;
std::set<std::string> values; // longest first would matter only for overlapping secrets
std::atomic<bool> any{false};

} // namespace

void registerSecretValue(const std::string& value) {
  if (value.size() < kMinRedactedLength) return;
  std::lock_guard lock(mutex);
  values.insert(value);
  any = true;
}

bool anySecretRegistered() {
  return any;
}

std::string redactSecrets(std::string text) {
  if (!any) return text;
  std::lock_guard lock(mutex);
  for (const std::string& value : values)
    for (std::size_t at = 0; (at = text.find(value, at)) != std::string::npos;) {
      text.replace(at, value.size(), kRedacted);
      at += std::char_traits<char>::length(kRedacted);
    }
  return text;
}

void redactSecretsIn(nlohmann::json& value) {
  if (!any) return;
  if (value.is_string()) {
    value = redactSecrets(value.get<std::string>());
  } else if (value.is_array()) {
    for (nlohmann::json& item : value) redactSecretsIn(item);
  } else if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto& [key, item] : value.items()) {
      redactSecretsIn(item);
      out[redactSecrets(key)] = std::move(item);
    }
    value = std::move(out);
  }
}

} // namespace locus::hooks
