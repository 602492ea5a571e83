#include "compiler/lsp/late_checks.h"

#include <cerrno>
#include <exception>
#include <fcntl.h>
#include <unistd.h>

namespace locus::lsp {

LateChecks::LateChecks() {
  if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) pipe_[0] = pipe_[1] = -1;
  thread_ = std::thread([this] { loop(); });
}

LateChecks::~LateChecks() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    waiting_.reset();
  }
  wake_.notify_all();
  thread_.join();
  for (int fd : pipe_)
    if (fd >= 0) ::close(fd);
}

void LateChecks::start(uint64_t generation, std::shared_ptr<const SourceSet> sources,
                       LateCheck check) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    waiting_ = Job{generation, std::move(sources), std::move(check)};
  }
  wake_.notify_all();
}

std::optional<LateResult> LateChecks::take() {
  char drain[64];
  while (pipe_[0] >= 0 && ::read(pipe_[0], drain, sizeof drain) > 0) {
  }
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<LateResult> out = std::move(done_);
  done_.reset();
  return out;
}

void LateChecks::loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || waiting_; });
      if (stop_) return;
      job = std::move(*waiting_);
      waiting_.reset();
    }
    LateResult result{job.generation, job.sources, {}};
    try {
      result.diagnostics = job.check();
    } catch (const std::exception& e) {
      // The plugin host turns plugin failures into diagnostics itself; this is the host's own.
      Diagnostic d;
      d.kind = DiagKind::PluginFailed;
      d.severity = Severity::Error;
      d.message = std::string("the plugin checks failed: ") + e.what();
      result.diagnostics.push_back(std::move(d));
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = std::move(result);
    }
    if (pipe_[1] >= 0) {
      char byte = 1;
      [[maybe_unused]] ssize_t n = ::write(pipe_[1], &byte, 1);
    }
  }
}

} // namespace locus::lsp
