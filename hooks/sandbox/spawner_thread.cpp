#include "hooks/sandbox/spawner_thread.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace locus::hooks {

namespace {
struct Job {
  const std::function<void()>* task;
  bool done = false;
};

struct Spawner {
  std::mutex mutex;
  std::condition_variable wake, finished;
  std::deque<Job*> jobs;

  void loop() {
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return !jobs.empty(); });
      Job* job = jobs.front();
      jobs.pop_front();
      lock.unlock();
      (*job->task)();
      lock.lock();
      job->done = true;
      finished.notify_all();
    }
  }
};

// Never destroyed: the detached thread may still wait on it while the process exits.
Spawner& spawner() {
  static Spawner* instance = [] {
    auto* created = new Spawner;
    std::thread([created] { created->loop(); }).detach();
    return created;
  }();
  return *instance;
}
} // namespace

void runOnSpawnerThread(const std::function<void()>& task) {
  Spawner& s = spawner();
  Job job{&task};
  std::unique_lock lock(s.mutex);
  s.jobs.push_back(&job);
  s.wake.notify_one();
  s.finished.wait(lock, [&] { return job.done; });
}

} // namespace locus::hooks
