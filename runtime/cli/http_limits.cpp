#include "runtime/cli/http_limits.h"

namespace locus::cli {

namespace {
thread_local bool overLimit = false;
} // namespace

LimitedTaskQueue::LimitedTaskQueue(size_t threads, size_t limit)
    : pool_(threads), overflow_(1), limit_(limit) {}

void LimitedTaskQueue::enqueue(std::function<void()> fn) {
  if (open_->fetch_add(1) >= limit_) {
    open_->fetch_sub(1);
    overflow_.enqueue([fn = std::move(fn)] {
      overLimit = true;
      fn();
      overLimit = false;
    });
    return;
  }
  pool_.enqueue([fn = std::move(fn), open = open_] {
    fn();
    open->fetch_sub(1);
  });
}

void LimitedTaskQueue::shutdown() {
  pool_.shutdown();
  overflow_.shutdown();
}

bool LimitedTaskQueue::shedding() {
  return overLimit;
}

} // namespace locus::cli
