#include "compiler/base/large_stack.h"

#include <pthread.h>

namespace locus {

namespace {
thread_local bool tlsOnLargeStack = false;
} // namespace

bool onLargeStack() { return tlsOnLargeStack; }

void runWithLargeStack(const std::function<void()>& fn, size_t stackBytes) {
  if (tlsOnLargeStack) {
    fn();
    return;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_t thread;
  bool started = pthread_attr_setstacksize(&attr, stackBytes) == 0 &&
                 pthread_create(
                     &thread, &attr,
                     [](void* arg) -> void* {
                       tlsOnLargeStack = true;
                       (*static_cast<const std::function<void()>*>(arg))();
                       return nullptr;
                     },
                     const_cast<std::function<void()>*>(&fn)) == 0;
  pthread_attr_destroy(&attr);
  if (started)
    pthread_join(thread, nullptr);
  else
    fn(); // could not create a thread (resource limits): run here rather than not at all
}

} // namespace locus
