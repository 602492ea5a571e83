// How steps fail and pause. A StepError is an ordinary failure (retried per policy when
// retryable, then caught by try/catch or on_error); RunSuspended unwinds the run so it can wait
// for a timer or signal without holding a process (it is never caught by `try`).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace locus::rt {

struct StepError : std::runtime_error {
  StepError(const std::string& message, bool retryable, std::string code = "error",
            nlohmann::json data = nullptr)
      : std::runtime_error(message), retryable(retryable), code(std::move(code)),
        data(std::move(data)) {}
  bool retryable;
  std::string code;        // error, timeout, validation, http, plugin, vetoed, …
  nlohmann::json data;     // the thrown value, the HTTP response, …
  std::string step;        // where it happened (filled by the executor)
  bool notStarted = false; // the step could not start (its kind is not installed): not an outcome
};

// An operator cancelled the run (`locus cancel`): it unwinds through `finally` blocks (never
// caught by `catch`), then on_error/on_failure run and the run ends `cancelled`.
struct RunCancelled {
  std::string reason;
};

struct RunSuspended {
  int64_t wakeAtMs = 0; // 0: only a signal wakes the run
  std::string reason;
};

} // namespace locus::rt
