// Slow checks of a valid program, off the language server's thread: the project's plugins at
// onPostValidate, on warm workers. The server keeps typing fast (the front end's diagnostics are
// published at once) and publishes these when they arrive. One check runs at a time; a newer one
// started meanwhile replaces any that waits, and the server drops results older than its newest
// analysis (their positions may no longer match the text).
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace locus::lsp {

// Runs on the background thread; spans name files of the sources it was started with.
using LateCheck = std::function<std::vector<Diagnostic>()>;

struct LateResult {
  uint64_t generation = 0;
  std::shared_ptr<const SourceSet> sources;
  std::vector<Diagnostic> diagnostics;
};

class LateChecks {
public:
  LateChecks();
  ~LateChecks(); // waits for a running check
  LateChecks(const LateChecks&) = delete;
  LateChecks& operator=(const LateChecks&) = delete;

  // Readable when a result is ready (for poll next to the editor's input).
  int wakeFd() const { return pipe_[0]; }
  void start(uint64_t generation, std::shared_ptr<const SourceSet> sources, LateCheck check);
  // The newest finished result, if one arrived since the last call.
  std::optional<LateResult> take();

private:
  struct Job {
    uint64_t generation;
    std::shared_ptr<const SourceSet> sources;
    LateCheck check;
  };
  void loop();

  int pipe_[2] = {-1, -1};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Job> waiting_;
  std::optional<LateResult> done_;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace locus::lsp
