// `locus secrets set|get|list|rm`: the project's encrypted secrets (hooks/secrets/secret_store.h).
// Values never appear on the command line when read from stdin (`set NAME` without a value), and
// every change or read is audited by name only.
#include "hooks/audit/audit_log.h"
#include "hooks/secrets/secret_store.h"
#include "runtime/cli/cli.h"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <regex>

namespace locus::cli {

namespace {

constexpr const char* kUsageText =
    "usage: locus secrets set NAME [VALUE] | get NAME | list | rm NAME [--project DIR]\n"
    "  set without VALUE reads it from stdin (keeps it out of the shell history)\n";

int usage() {
  std::fputs(kUsageText, stderr);
  return kUsage;
}

void audit(const std::filesystem::path& root, const std::string& event, const std::string& name) {
  hooks::appendAudit(hooks::auditLogPath(root),
                     {{{"event", event}, {"secret", name}, {"by", "cli"}}});
}

std::string readStdin() {
  std::string value((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value;
}

} // namespace

int commandSecrets(const std::string& projectDir, const std::vector<std::string>& p) {
  if (p.empty()) return usage();
  const std::string& verb = p[0];
  const std::filesystem::path root = projectDir.empty() ? "." : projectDir;
  bool writes = verb == "set" || verb == "rm";
  std::string error;
  std::optional<hooks::SecretStore> store = hooks::SecretStore::open(root, verb == "set", error);
  if (!store) {
    std::fprintf(stderr, "locus secrets: %s\n", error.c_str());
    return kUsage;
  }
  if (verb == "list" && p.size() == 1) {
    for (const std::string& name : store->names()) std::printf("%s\n", name.c_str());
    for (const auto& [name, value] : hooks::readDotEnv(root))
      if (!store->get(name)) std::printf("%s (.env, development)\n", name.c_str());
    return 0;
  }
  if (p.size() < 2 || (verb != "set" && p.size() != 2) || p.size() > 3) return usage();
  const std::string& name = p[1];
  if (!std::regex_match(name, std::regex("[A-Za-z_][A-Za-z0-9_]*"))) {
    std::fprintf(stderr, "locus secrets: '%s' is not a secret name (letters, digits, '_')\n",
                 name.c_str());
    return kUsage;
  }
  if (verb == "get") {
    std::optional<std::string> value = hooks::lookupSecret(root, name, error);
    audit(root, "secret.read", name);
    if (!value) {
      std::fprintf(stderr, "locus secrets: no secret '%s'\n", name.c_str());
      return kFailed;
    }
    std::printf("%s\n", value->c_str());
    return 0;
  }
  if (verb == "set") {
    store->set(name, p.size() == 3 ? p[2] : readStdin());
  } else if (verb == "rm") {
    if (!store->remove(name)) {
      std::fprintf(stderr, "locus secrets: no secret '%s' in the store\n", name.c_str());
      return kFailed;
    }
  } else {
    return usage();
  }
  if (writes && !store->save(error)) {
    std::fprintf(stderr, "locus secrets: %s\n", error.c_str());
    return kUsage;
  }
  audit(root, verb == "set" ? "secret.set" : "secret.remove", name);
  std::fprintf(stderr, "locus secrets: %s '%s' (key: %s)\n", verb == "set" ? "stored" : "removed",
               name.c_str(), store->keySource().c_str());
  return 0;
}

} // namespace locus::cli
