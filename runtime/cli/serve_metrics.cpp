#include "runtime/cli/serve_metrics.h"

#include <chrono>
#include <cstdio>

namespace locus::cli {

namespace {

// A label value in the exposition format: backslash, quote and newline escaped.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

} // namespace

void ServeMetrics::Histogram::observe(double v) {
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (v <= kBuckets[i]) {
      ++counts[i];
      break;
    }
  ++count;
  sum += v;
}

void ServeMetrics::observeStep(const rt::Json& e) {
  std::string outcome = e.value("outcome", "");
  std::string kind = e.value("kind", "");
  if (kind == "workflow" || kind == "lifecycle" || outcome == "waiting") return;
  std::string workflow = e.value("workflow", "");
  std::lock_guard lock(mutex_);
  steps_[{workflow, kind}].observe(e.value("durationUs", 0) / 1e6);
  if (outcome == "retrying") ++retries_[workflow];
  ++outcomes_[outcome];
}

void ServeMetrics::observeStore(double seconds) {
  std::lock_guard lock(mutex_);
  store_.observe(seconds);
}

std::string ServeMetrics::render(rt::Store& store) {
  auto t0 = std::chrono::steady_clock::now();
  rt::Json stats = store.statistics(rt::nowMs());
  observeStore(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  std::string out;
  header(out, "locus_runs", "gauge", "Runs in the store by workflow and status.");
  for (const rt::Json& r : stats["runs"])
    out += "locus_runs{workflow=\"" + label(r["workflow"]) + "\",status=\"" + label(r["status"]) +
           "\"} " + number(r["count"].get<double>()) + "\n";
  header(out, "locus_queue_messages", "gauge", "Queue messages by topic and status.");
  for (const rt::Json& q : stats["queue"])
    out += "locus_queue_messages{topic=\"" + label(q["topic"]) + "\",status=\"" +
           label(q["status"]) + "\"} " + number(q["count"].get<double>()) + "\n";
  header(out, "locus_timers_due", "gauge", "Waiting runs whose timer is due now.");
  out += "locus_timers_due " + number(stats.value("timersDue", 0.0)) + "\n";

  std::lock_guard lock(mutex_);
  header(out, "locus_step_duration_seconds", "histogram",
         "Step attempts executed by this process, by workflow and step kind.");
  for (const auto& [key, h] : steps_) {
    std::string labels = "workflow=\"" + label(key.first) + "\",kind=\"" + label(key.second) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out += "locus_step_duration_seconds_bucket{" + labels + ",le=\"" + number(kBuckets[i]) +
             "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "locus_step_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "locus_step_duration_seconds_sum{" + labels + "} " + number(h.sum) + "\n";
    out += "locus_step_duration_seconds_count{" + labels + "} " + std::to_string(h.count) + "\n";
  }
  header(out, "locus_step_retries_total", "counter", "Step attempts that failed and were retried.");
  for (const auto& [workflow, n] : retries_)
    out += "locus_step_retries_total{workflow=\"" + label(workflow) + "\"} " + std::to_string(n) +
           "\n";
  header(out, "locus_step_attempts_total", "counter", "Step attempts by outcome.");
  for (const auto& [outcome, n] : outcomes_)
    out +=
        "locus_step_attempts_total{outcome=\"" + label(outcome) + "\"} " + std::to_string(n) + "\n";
  header(out, "locus_store_query_seconds", "histogram",
         "Latency of the store reads locus serve makes (metrics, run status, webhook starts).");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += store_.counts[i];
    out += "locus_store_query_seconds_bucket{le=\"" + number(kBuckets[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += "locus_store_query_seconds_bucket{le=\"+Inf\"} " + std::to_string(store_.count) + "\n";
  out += "locus_store_query_seconds_sum " + number(store_.sum) + "\n";
  out += "locus_store_query_seconds_count " + std::to_string(store_.count) + "\n";
  return out;
}

} // namespace locus::cli
