#include "hooks/events/event_bus.h"

#include "compiler/base/suggest.h"
#include "hooks/hostapi/host_api.h"
#include "hooks/schema/schema_errors.h"

#include <sodium.h>

namespace locus::hooks {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxTraceIdBytes = 128; // a longer one is replaced, not trusted

std::string freshTraceId() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

std::int64_t epochMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace

bool topicMatches(const std::string& pattern, const std::string& topic) {
  if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0)
    return topic.size() > pattern.size() - 1 &&
           topic.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0 &&
           topic.find('.', pattern.size() - 1) == std::string::npos;
  return pattern == topic;
}

EventBus::EventBus(const PluginSet& set, std::filesystem::path auditLog, Deliver deliver)
    : deliver_(std::move(deliver)) {
  audit_.log = std::move(auditLog);
  if (sodium_init() < 0) std::abort(); // no entropy source for trace IDs
  for (const LoadedPlugin& p : set.plugins) {
    if (!p.manifest.events.publishes.empty())
      publishes_[p.manifest.name] = p.manifest.events.publishes;
    if (p.manifest.events.subscribes.empty()) continue;
    Subscriber& s = subscribers_[p.manifest.name];
    s.patterns = p.manifest.events.subscribes;
    s.capacity = static_cast<std::size_t>(p.manifest.limits.eventQueue);
  }
}

EventBus::~EventBus() {
  drain(std::chrono::milliseconds(0));
}

// Why `params` of `publisher` cannot be published ("" if it can); sets the event's name.
std::string EventBus::refusal(const std::string& publisher, const json& params, std::string& event,
                              int& code) const {
  code = rpc_code::kInvalidParams;
  if (!params.is_object() || !params.value("event", json()).is_string() ||
      !params.contains("payload"))
    return "events.publish needs {event, payload}";
  event = params["event"].get<std::string>();
  auto declared = publishes_.find(publisher);
  std::vector<std::string> names;
  if (declared != publishes_.end())
    for (const EventDecl& e : declared->second) {
      if (e.name != event) {
        names.push_back(e.name);
        continue;
      }
      std::vector<SchemaError> errors = schemaErrors(e.schema, params["payload"]);
      if (errors.empty()) return "";
      return "the payload of event 'plugin." + publisher + "." + event +
             "' breaks the schema declared in locus-plugin.json (events.publishes." + event +
             ".schema): " + describeSchemaErrors(errors);
    }
  return "plugin '" + publisher + "' publishes no event '" + event + "'" +
         didYouMeanSuffix(event, names) + "; declare it under events.publishes in its " +
         "locus-plugin.json";
}

PublishOutcome EventBus::publish(const std::string& publisher, const json& params) {
  PublishOutcome out;
  std::string event;
  if (std::string why = refusal(publisher, params, event, out.code); !why.empty()) {
    std::lock_guard lock(mutex_);
    ++stats_.refused;
    out.error = std::move(why);
    return out;
  }
  const EventDecl& decl =
      *std::find_if(publishes_.at(publisher).begin(), publishes_.at(publisher).end(),
                    [&](const EventDecl& e) { return e.name == event; });
  std::string topic = "plugin." + publisher + "." + event;
  json trace = params.value("traceId", json());
  bool given = trace.is_string() && !trace.get<std::string>().empty() &&
               trace.get<std::string>().size() <= kMaxTraceIdBytes;
  std::string traceId = given ? trace.get<std::string>() : freshTraceId();
  auto delivery = std::make_shared<const json>(json{{"topic", topic},
                                                    {"publisher", publisher},
                                                    {"event", event},
                                                    {"payload", params["payload"]},
                                                    {"traceId", traceId},
                                                    {"publishedAtMs", epochMillis()},
                                                    {"ttlMs", decl.ttlMs}});
  std::vector<std::string> names;
  std::vector<std::condition_variable*> idle; // woken after the lock is released
  {
    std::lock_guard lock(mutex_);
    if (draining_) {
      out.code = kHostApiFailed;
      out.error = "event '" + topic + "' was not published: the plugins are stopping";
      return out;
    }
    std::vector<std::pair<const std::string*, Subscriber*>> targets;
    for (auto& [name, sub] : subscribers_)
      for (const std::string& pattern : sub.patterns)
        if (topicMatches(pattern, topic)) {
          // Refused as a whole: a subscriber that misses an event others got is worse than a
          // publisher that is told to retry.
          if (sub.queue.size() >= sub.capacity) {
            ++stats_.refused;
            out.code = kHostApiFailed;
            out.error = "event '" + topic + "' was not published: the queue of subscriber '" +
                        name + "' is full (" + std::to_string(sub.capacity) +
                        " events waiting for its onEvent; limits.eventQueue in its "
                        "locus-plugin.json); publish less often or retry later";
            return out;
          }
          targets.emplace_back(&name, &sub);
          names.push_back(name);
          break;
        }
    auto expires = Clock::now() + std::chrono::milliseconds(decl.ttlMs);
    for (auto [name, sub] : targets) {
      if (sub->queue.empty()) idle.push_back(&sub->wake);
      sub->queue.push_back({delivery, expires});
      if (!sub->thread.joinable())
        sub->thread = std::thread([this, name = *name] { deliveryLoop(name); });
    }
    ++stats_.published;
  }
  for (std::condition_variable* cv : idle) cv->notify_one();
  audit({{"event", "event.publish"},
         {"plugin", publisher},
         {"topic", topic},
         {"traceId", traceId},
         {"subscribers", names}});
  out.result = {{"topic", topic}, {"traceId", traceId}, {"subscribers", names}};
  return out;
}

void EventBus::deliveryLoop(const std::string& name) {
  std::unique_lock lock(mutex_);
  Subscriber& sub = subscribers_.at(name);
  std::vector<Event> batch;
  for (;;) {
    sub.wake.wait(lock, [&] { return stopping_ || !sub.queue.empty(); });
    if (sub.queue.empty()) return; // stopping, nothing left
    std::size_t n = std::min(sub.queue.size(), kEventDeliveryBatch);
    batch.assign(std::make_move_iterator(sub.queue.begin()),
                 std::make_move_iterator(sub.queue.begin() + static_cast<std::ptrdiff_t>(n)));
    sub.queue.erase(sub.queue.begin(), sub.queue.begin() + static_cast<std::ptrdiff_t>(n));
    sub.delivering = true;
    lock.unlock();
    EventBusStats counts;
    for (const Event& next : batch) deliverOne(name, next, counts);
    lock.lock();
    sub.delivering = false;
    stats_.expired += counts.expired;
    stats_.delivered += counts.delivered;
    stats_.failed += counts.failed;
    settled_.notify_all();
  }
}

void EventBus::deliverOne(const std::string& name, const Event& next, EventBusStats& counts) {
  std::string failure;
  bool expired = Clock::now() > next.expires;
  if (!expired) failure = deliver_(name, *next.params);
  if (expired || !failure.empty())
    audit({{"event", expired ? "event.expired" : "event.failed"},
           {"plugin", name},
           {"topic", (*next.params)["topic"]},
           {"traceId", (*next.params)["traceId"]},
           {"error", expired ? "older than its ttlMs" : failure}});
  if (expired)
    ++counts.expired;
  else if (failure.empty())
    ++counts.delivered;
  else
    ++counts.failed;
}

void EventBus::drain(std::chrono::milliseconds limit) {
  std::vector<std::thread> threads;
  std::vector<json> dropped;
  {
    std::unique_lock lock(mutex_);
    auto idle = [&] {
      for (auto& [name, sub] : subscribers_)
        if (!sub.queue.empty() || sub.delivering) return false;
      return true;
    };
    settled_.wait_for(lock, limit, idle);
    for (auto& [name, sub] : subscribers_) {
      for (const Event& e : sub.queue)
        dropped.push_back({{"event", "event.dropped"},
                           {"plugin", name},
                           {"topic", (*e.params)["topic"]},
                           {"traceId", (*e.params)["traceId"]},
                           {"error", "still queued when the plugins stopped"}});
      sub.queue.clear();
      if (sub.thread.joinable()) threads.push_back(std::move(sub.thread));
    }
    stopping_ = draining_ = true;
    for (auto& [name, sub] : subscribers_) sub.wake.notify_all();
  }
  for (std::thread& t : threads) t.join();
  {
    std::lock_guard lock(mutex_);
    stopping_ = draining_ = false;
  }
  audit_.add(std::move(dropped));
  audit_.flush();
}

void EventBus::audit(json entry) {
  std::size_t size;
  {
    std::lock_guard lock(audit_.mutex);
    audit_.entries.push_back(std::move(entry));
    size = audit_.entries.size();
  }
  if (size >= kEventAuditBatch) audit_.flush();
}

EventBusStats EventBus::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

} // namespace locus::hooks
