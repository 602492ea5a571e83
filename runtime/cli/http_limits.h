// The connection handling of `locus serve`: a fixed pool of HTTP threads (sized from
// --concurrency unless --http-threads says otherwise) and a connection limit. cpp-httplib hands
// each accepted connection to a TaskQueue; this one runs at most `limit` connections on its
// pool, and a connection beyond that is served by one small overflow thread that answers every
// request on it 503 at once (shedding() is true there), so a flood neither queues without bound
// nor starves /health of a thread for long.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>

namespace locus::cli {

class LimitedTaskQueue : public httplib::TaskQueue {
public:
  LimitedTaskQueue(size_t threads, size_t limit);
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;
  // True on the thread that serves a connection over the limit.
  static bool shedding();

private:
  httplib::ThreadPool pool_;
  httplib::ThreadPool overflow_;
  size_t limit_;
  std::shared_ptr<std::atomic<size_t>> open_ = std::make_shared<std::atomic<size_t>>(0);
};

} // namespace locus::cli
