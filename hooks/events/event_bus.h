// Events between plugins (docs/plugins.md "Events between plugins"). A plugin publishes with the
// host-API call `events.publish {event, payload, traceId?}`; the event's topic is
// `plugin.<publisher>.<event>`, it must be declared under `events.publishes` in the publisher's
// manifest and its payload must satisfy the schema declared there. Every loaded plugin whose
// `events.subscribes` matches the topic gets it through its `onEvent` hook.
//
// Each subscriber has a bounded FIFO queue (`limits.eventQueue`) and one delivery thread, so a
// slow subscriber delays only itself and a publisher never waits for a subscriber. An event is
// built once and shared by every queue it joins; a publish wakes only the subscribers that were
// idle, and a delivery thread takes up to kEventDeliveryBatch events per lock. Backpressure:
// when any subscriber's queue is full the publish is refused as a whole (no subscriber gets it)
// with an error naming the subscriber and the limit; the publisher decides whether to retry. An
// event older than its TTL when its turn comes is dropped (audited `event.expired`). Every event
// carries a trace ID: the publisher's, or a fresh one. Publishes, failures and expiries are audited
// in batches of kEventAuditBatch entries and whenever the bus drains.
#pragma once

#include "hooks/audit/audit_log.h"
#include "hooks/discovery/discover.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace locus::hooks {

inline constexpr std::size_t kEventAuditBatch = 256;
inline constexpr std::size_t kEventDeliveryBatch = 32; // also bounds delivery after a drain

struct PublishOutcome {
  nlohmann::json result; // {topic, traceId, subscribers: [names]} when published
  int code = 0;          // JSON-RPC error code when refused
  std::string error;     // why it was refused
  bool ok() const { return error.empty(); }
};

struct EventBusStats {
  std::uint64_t published = 0; // events accepted
  std::uint64_t delivered = 0; // onEvent calls that succeeded
  std::uint64_t failed = 0;    // onEvent calls that failed
  std::uint64_t expired = 0;   // dropped: older than their TTL at delivery
  std::uint64_t refused = 0;   // publishes refused (full queue, bad payload, undeclared event)
};

// Whether a subscription pattern (`plugin.x.done`, `plugin.x.*`) covers a topic.
bool topicMatches(const std::string& pattern, const std::string& topic);

class EventBus {
public:
  // Delivers one event to a subscriber (its `onEvent` call); returns "" or why it failed.
  using Deliver =
      std::function<std::string(const std::string& subscriber, const nlohmann::json& params)>;

  EventBus(const PluginSet& set, std::filesystem::path auditLog, Deliver deliver);
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  PublishOutcome publish(const std::string& publisher, const nlohmann::json& params);
  // Waits until every queued event is delivered or expired, at most `limit`; what is still
  // queued then is dropped and audited (`event.dropped`). Delivery threads stop; a later publish
  // starts them again.
  void drain(std::chrono::milliseconds limit);
  EventBusStats stats() const;

private:
  struct Event {
    std::shared_ptr<const nlohmann::json> params; // the onEvent payload, shared by the queues
    std::chrono::steady_clock::time_point expires;
  };
  struct Subscriber {
    std::vector<std::string> patterns;
    std::size_t capacity = 100;
    std::deque<Event> queue;
    bool delivering = false;
    std::condition_variable wake; // its delivery thread: an event or stop
    std::thread thread;
  };

  void deliveryLoop(const std::string& name);
  void deliverOne(const std::string& name, const Event& event, EventBusStats& counts);
  std::string refusal(const std::string& publisher, const nlohmann::json& params,
                      std::string& event, int& code) const;

  std::map<std::string, std::vector<EventDecl>> publishes_; // by publisher
  void audit(nlohmann::json entry);

  AuditBuffer audit_; // appended in batches (an fsync per event would cap the rate), and at drain
  Deliver deliver_;
  mutable std::mutex mutex_;
  std::condition_variable settled_; // drain: a queue became empty
  bool stopping_ = false;           // delivery threads return once their queue is empty
  bool draining_ = false;           // publishes are refused while the threads stop
  std::map<std::string, Subscriber> subscribers_;
  EventBusStats stats_;
};

} // namespace locus::hooks
