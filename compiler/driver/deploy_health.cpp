#include "compiler/driver/deploy_health.h"

#include <llvm/Support/Program.h>

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

extern char** environ;

namespace locus {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kInterval = std::chrono::milliseconds(200);

bool isUrl(const std::string& s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

size_t discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

// One GET: "" when it answered 2xx.
std::string probeUrl(const std::string& url, std::chrono::milliseconds budget) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return "libcurl failed to start";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<int64_t>(budget.count(), 1)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return curl_easy_strerror(rc);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return status >= 200 && status < 300 ? "" : "HTTP " + std::to_string(status);
}

// One run of the command through /bin/sh in `workDir`: "" when it exited 0.
std::string probeCommand(const HealthCheck& check, std::chrono::milliseconds budget) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  for (const auto& [key, value] : check.env) env.push_back(key + "=" + value);
  env.push_back("LOCUS_HEALTH_DIR=" + check.workDir.string());
  std::vector<llvm::StringRef> envRefs(env.begin(), env.end());
  std::string script = "cd -- \"$LOCUS_HEALTH_DIR\" && " + check.check;
  std::vector<llvm::StringRef> args = {"/bin/sh", "-c", script};
  llvm::Optional<llvm::StringRef> devNull = llvm::StringRef(); // "" is /dev/null
  std::string error;
  unsigned seconds = static_cast<unsigned>(std::max<int64_t>(1, (budget.count() + 999) / 1000));
  int status = llvm::sys::ExecuteAndWait("/bin/sh", args, llvm::ArrayRef<llvm::StringRef>(envRefs),
                                         {devNull, devNull, devNull}, seconds, 0, &error);
  if (status == 0) return "";
  if (status < 0) return error.empty() ? "the command could not run" : error; // -2: timed out
  return "exit status " + std::to_string(status);
}

} // namespace

HealthResult waitHealthy(const HealthCheck& check) {
  HealthResult result;
  Clock::time_point deadline = Clock::now() + std::chrono::seconds(check.timeoutSeconds);
  for (;;) {
    auto budget = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    ++result.attempts;
    result.lastProblem =
        isUrl(check.check) ? probeUrl(check.check, budget) : probeCommand(check, budget);
    if (result.lastProblem.empty()) {
      result.healthy = true;
      return result;
    }
    if (Clock::now() + kInterval >= deadline) return result;
    std::this_thread::sleep_for(kInterval); // the service is given time to come up
  }
}

} // namespace locus
