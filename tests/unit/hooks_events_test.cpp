// Events between plugins (hooks/events/event_bus.h): topics, payload schemas, bounded queues
// (backpressure), TTL and trace IDs on the bus itself, then two real sandboxed plugins
// (tests/fixtures/plugins/event-publisher and event-subscriber) exchanging events.
// Cost: ~3 s (two sandboxed Python workers, one event sleeping 300 ms).
#include "hooks/audit/audit_log.h"
#include "hooks/discovery/discover.h"
#include "hooks/events/event_bus.h"
#include "hooks/worker/worker_pool.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace locus::hooks {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct TempDir {
  fs::path root;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "locus-events-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

LoadedPlugin plugin(const std::string& name, std::vector<EventDecl> publishes,
                    std::vector<std::string> subscribes, int queue = 100) {
  LoadedPlugin p;
  p.manifest.name = name;
  p.manifest.events.publishes = std::move(publishes);
  p.manifest.events.subscribes = std::move(subscribes);
  p.manifest.limits.eventQueue = queue;
  return p;
}

std::string auditText(const fs::path& root) {
  std::ifstream in(auditLogPath(root));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(HooksEvents, TopicPatternsMatchOnePluginsEventsOrOneEvent) {
  EXPECT_TRUE(topicMatches("plugin.a.done", "plugin.a.done"));
  EXPECT_TRUE(topicMatches("plugin.a.*", "plugin.a.done"));
  EXPECT_FALSE(topicMatches("plugin.a.*", "plugin.ab.done"));
  EXPECT_FALSE(topicMatches("plugin.a.*", "plugin.a."));
  EXPECT_FALSE(topicMatches("plugin.a.done", "plugin.a.done2"));
}

TEST(HooksEvents, PayloadsAreCheckedAndUndeclaredEventsRefusedWithASuggestion) {
  TempDir dir;
  PluginSet set;
  json schema = {{"type", "object"}, {"required", {"files"}}};
  set.plugins = {plugin("pub", {{"counted", "", schema, 60000}}, {}),
                 plugin("sub", {}, {"plugin.pub.counted"})};
  std::vector<json> got;
  std::mutex mutex;
  EventBus bus(set, auditLogPath(dir.root), [&](const std::string&, const json& params) {
    std::lock_guard lock(mutex);
    got.push_back(params);
    return std::string();
  });
  PublishOutcome bad = bus.publish("pub", {{"event", "counted"}, {"payload", {{"n", 1}}}});
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.error.find("breaks the schema declared in locus-plugin.json "
                           "(events.publishes.counted.schema): missing required property 'files'"),
            std::string::npos)
      << bad.error;
  PublishOutcome typo = bus.publish("pub", {{"event", "countd"}, {"payload", 1}});
  EXPECT_NE(typo.error.find("plugin 'pub' publishes no event 'countd'; did you mean 'counted'?"),
            std::string::npos)
      << typo.error;
  PublishOutcome good = bus.publish(
      "pub", {{"event", "counted"}, {"payload", {{"files", 2}}}, {"traceId", "trace-1"}});
  ASSERT_TRUE(good.ok()) << good.error;
  EXPECT_EQ(good.result["subscribers"], json({"sub"}));
  bus.drain(std::chrono::seconds(5));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["topic"], "plugin.pub.counted");
  EXPECT_EQ(got[0]["traceId"], "trace-1");
  EXPECT_EQ(got[0]["payload"]["files"], 2);
  EXPECT_EQ(bus.stats().refused, 2u);
  EXPECT_EQ(bus.stats().delivered, 1u);
}

TEST(HooksEvents, AFullQueueRefusesThePublishForEverySubscriberAndOldEventsExpire) {
  TempDir dir;
  PluginSet set;
  set.plugins = {
      plugin("pub", {{"tick", "", json::object(), 60000}, {"stale", "", json::object(), 20}}, {}),
      plugin("slow", {}, {"plugin.pub.*"}, /*queue=*/2), plugin("fast", {}, {"plugin.pub.tick"})};
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  std::map<std::string, int> deliveries;
  EventBus bus(set, auditLogPath(dir.root), [&](const std::string& who, const json&) {
    std::unique_lock lock(mutex);
    ++deliveries[who];
    if (who == "slow") cv.wait(lock, [&] { return release; }); // holds its queue
    return std::string();
  });
  auto tick = [&] { return bus.publish("pub", {{"event", "tick"}, {"payload", 1}}); };
  ASSERT_TRUE(tick().ok()); // in delivery (blocked), queue empty
  auto slowBusy = [&] {
    std::lock_guard lock(mutex);
    return deliveries["slow"] > 0;
  };
  for (int i = 0; i < 400 && !slowBusy(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(bus.publish("pub", {{"event", "stale"}, {"payload", 0}}).ok()); // queued, ttl 20 ms
  ASSERT_TRUE(tick().ok());                                                   // queue full (2)
  PublishOutcome refused = tick();
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.error.find("the queue of subscriber 'slow' is full (2 events waiting for its "
                               "onEvent; limits.eventQueue"),
            std::string::npos)
      << refused.error;
  std::this_thread::sleep_for(std::chrono::milliseconds(40)); // `stale` is now too old
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  bus.drain(std::chrono::seconds(5));
  EXPECT_EQ(deliveries["fast"], 2) << "the refused publish reached no subscriber";
  EXPECT_EQ(deliveries["slow"], 2) << "the first tick and the second; `stale` expired";
  EXPECT_EQ(bus.stats().expired, 1u);
  EXPECT_NE(auditText(dir.root).find("\"event\":\"event.expired\""), std::string::npos);
}

// Events are shared by the queues and taken in batches: each subscriber still gets every event
// once, in publish order, and a drain waits for all of them.
TEST(HooksEvents, EverySubscriberGetsEveryEventOnceInOrder) {
  TempDir dir;
  PluginSet set;
  set.plugins = {plugin("pub", {{"tick", "", json::object(), 60000}}, {}),
                 plugin("a", {}, {"plugin.pub.*"}, 5000),
                 plugin("b", {}, {"plugin.pub.tick"}, 5000),
                 plugin("c", {}, {"plugin.pub.*"}, 5000)};
  std::mutex mutex;
  std::map<std::string, std::vector<int>> seen;
  EventBus bus(set, auditLogPath(dir.root), [&](const std::string& who, const json& params) {
    std::lock_guard lock(mutex);
    seen[who].push_back(params["payload"].get<int>());
    return std::string();
  });
  constexpr int kEvents = 3000;
  for (int i = 0; i < kEvents; ++i)
    ASSERT_TRUE(bus.publish("pub", {{"event", "tick"}, {"payload", i}}).ok()) << i;
  bus.drain(std::chrono::seconds(30));
  std::vector<int> expected(kEvents);
  for (int i = 0; i < kEvents; ++i) expected[static_cast<size_t>(i)] = i;
  for (const char* who : {"a", "b", "c"}) EXPECT_EQ(seen[who], expected) << who;
  EXPECT_EQ(bus.stats().delivered, 3u * kEvents);
  EXPECT_EQ(bus.stats().published, static_cast<std::uint64_t>(kEvents));
}

// Two real plugins in their sandboxes: the publisher's `counted` reaches the subscriber, which
// counts it in its state and answers `acknowledged` under the same trace ID.
struct EventsProject : TempDir {
  EventsProject() {
    for (const char* name : {"event-publisher", "event-subscriber"}) {
      fs::path dest = root / "plugins" / name;
      fs::create_directories(dest.parent_path());
      fs::copy(fs::path(LOCUS_SOURCE_DIR) / "tests/fixtures/plugins" / name, dest,
               fs::copy_options::recursive);
      fs::copy_file(fs::path(LOCUS_SOURCE_DIR) / "hooks/sdk/locus_plugin.py",
                    dest / "locus_plugin.py");
    }
    std::ofstream(root / "Locus.toml")
        << "[plugins]\npaths = [\"plugins/event-publisher\", \"plugins/event-subscriber\"]\n";
  }
  PluginSet load() {
    PluginSet set = discoverPlugins(root);
    for (const LoadProblem& p : set.problems) ADD_FAILURE() << p.str();
    return set;
  }
};

TEST(HooksEvents, TwoSandboxedPluginsExchangeEventsUnderOneTraceId) {
  EventsProject p;
  std::mutex mutex;
  std::vector<std::string> lines;
  json answer;
  {
    WorkerPool pool(p.root, p.load(), [&](const std::string& plugin, const std::string& line) {
      std::lock_guard lock(mutex);
      lines.push_back(plugin + ": " + line);
    });
    json publish = json::array({{{"event", "counted"}, {"payload", {{"files", 3}}}},
                                {{"event", "counted"}, {"payload", {{"files", -1}}}},
                                {{"event", "nope"}, {"payload", 1}}});
    HookCallResult r = pool.call("event-publisher", "onPostValidate", {{"publish", publish}});
    ASSERT_TRUE(r.result) << r.failure->message;
    answer = *r.result;
    pool.shutdownAll(); // delivers what is queued first
  }
  ASSERT_EQ(answer["published"].size(), 1u) << answer.dump();
  std::string trace = answer["published"][0]["traceId"];
  EXPECT_EQ(answer["published"][0]["subscribers"], json({"event-subscriber"}));
  ASSERT_EQ(answer["refused"].size(), 2u);
  EXPECT_NE(
      answer["refused"][0].get<std::string>().find("(events.publishes.counted.schema): 'files'"),
      std::string::npos)
      << answer["refused"][0];
  EXPECT_NE(answer["refused"][1].get<std::string>().find("publishes no event 'nope'"),
            std::string::npos);
  auto has = [&](const std::string& text) {
    return std::find(lines.begin(), lines.end(), text) != lines.end();
  };
  EXPECT_TRUE(has("event-subscriber: got plugin.event-publisher.counted trace=" + trace +
                  " payload={\"files\": 3} seen=1"));
  EXPECT_TRUE(has("event-publisher: heard plugin.event-subscriber.acknowledged trace=" + trace +
                  " payload={\"seen\": 1}"));
  std::string audit = auditText(p.root);
  EXPECT_NE(audit.find("\"event\":\"event.publish\""), std::string::npos);
  EXPECT_NE(audit.find(trace), std::string::npos);
}

TEST(HooksEvents, ASlowSubscribersFullQueueIsAClearErrorForThePublisher) {
  EventsProject p;
  WorkerPool pool(p.root, p.load());
  json many = json::array();
  many.push_back({{"event", "counted"}, {"payload", {{"files", 0}, {"sleepMs", 300}}}});
  for (int i = 0; i < 10; ++i) many.push_back({{"event", "stale"}, {"payload", i}});
  HookCallResult r = pool.call("event-publisher", "onPostValidate", {{"publish", many}});
  ASSERT_TRUE(r.result) << r.failure->message;
  // The subscriber (eventQueue 5) is busy with the first event, so at most 5 more fit.
  EXPECT_LE((*r.result)["published"].size(), 6u);
  ASSERT_FALSE((*r.result)["refused"].empty());
  EXPECT_NE((*r.result)["refused"][0].get<std::string>().find(
                "the queue of subscriber 'event-subscriber' is full (5 events"),
            std::string::npos)
      << (*r.result)["refused"][0];
  pool.shutdownAll();
  EXPECT_GE(pool.events().stats().expired, 1u) << "`stale` events (ttl 50 ms) waited 300 ms";
}

} // namespace
} // namespace locus::hooks
