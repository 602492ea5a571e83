// Prometheus metrics of `locus serve` (GET /metrics, text exposition format 0.0.4): the runs in
// the store by workflow and status, queue depth by topic and status, timers due, and — observed
// in this process — step latency histograms, retries and the store's latency.
#pragma once

#include "runtime/store/store.h"

#include <array>
#include <map>
#include <mutex>
#include <string>

namespace locus::cli {

class ServeMetrics {
public:
  // A trace event of a step attempt this process executed (EngineOptions::onTrace).
  void observeStep(const rt::Json& event);
  // How long one store round trip took.
  void observeStore(double seconds);
  // The exposition text; reads the store's counts (and times that read).
  std::string render(rt::Store& store);

private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.5,   1,    5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{}; // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
    void observe(double v);
  };
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Histogram> steps_; // (workflow, kind)
  std::map<std::string, uint64_t> retries_;                        // workflow
  std::map<std::string, uint64_t> outcomes_;                       // step outcome
  Histogram store_;
};

} // namespace locus::cli
