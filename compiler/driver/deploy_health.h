// The health gate of a deploy (docs/deploy.md): after `current` switched, the release must prove
// healthy within the timeout — an http(s):// URL answering 2xx, or a shell command exiting 0
// (run in the live release's folder). Polled every 200 ms until it passes or time runs out.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace locus {

struct HealthCheck {
  std::string check; // the URL or the command
  unsigned timeoutSeconds = 30;
  std::filesystem::path workDir;          // where a command runs
  std::map<std::string, std::string> env; // added to a command's environment
};

struct HealthResult {
  bool healthy = false;
  std::string lastProblem; // of the last attempt: "HTTP 503", "exit status 1", …
  unsigned attempts = 0;
};

HealthResult waitHealthy(const HealthCheck& check);

} // namespace locus
