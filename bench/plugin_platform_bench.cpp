// The plugin platform's speed targets (docs/performance.md, "Plugin platform"):
//   * a capability-token check on a host-API call: ≤ 5 µs;
//   * a warm state put + get round trip from a plugin through the host: ≤ 0.2 ms;
//   * event fan-out to 10 subscribers: ≥ 20,000 events/s (BM_EventFanOutTenSubscribers: the bus
//     itself — schema check, queues, delivery threads — with subscribers that return at once).
// BM_StateRoundTripFromPlugin runs tests/fixtures/plugins/platform-probe in the real sandbox; the
// plugin times 2000 put+get pairs itself (counter round_trip_ms), so the figure excludes start-up.
#include "hooks/discovery/discover.h"
#include "hooks/events/event_bus.h"
#include "hooks/hostapi/capability.h"
#include "hooks/state/state_store.h"
#include "hooks/worker/worker_pool.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace locus::hooks;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path scratchProject() {
  std::string pattern = (fs::temp_directory_path() / "locus-platform-bench-XXXXXX").string();
  fs::path root = ::mkdtemp(pattern.data());
  fs::create_directories(root / "plugins");
  fs::copy(fs::path(LOCUS_SOURCE_DIR) / "tests/fixtures/plugins/platform-probe",
           root / "plugins/platform-probe", fs::copy_options::recursive);
  fs::copy_file(fs::path(LOCUS_SOURCE_DIR) / "hooks/sdk/locus_plugin.py",
                root / "plugins/platform-probe/locus_plugin.py");
  std::ofstream(root / "Locus.toml") << "[plugins]\npaths = [\"plugins/platform-probe\"]\n";
  return root;
}

void BM_CapabilityCheck(benchmark::State& state) {
  CapabilityGuard guard;
  std::string token = guard.issue("bench-plugin", {{"network", false}, {"env", json::array()}});
  std::uint64_t nonce = 0;
  json capability = {{"token", token}, {"nonce", 0}};
  std::string error;
  for (auto _ : state) {
    capability["nonce"] = ++nonce;
    if (!guard.admit(capability, error)) state.SkipWithError(error.c_str());
  }
}
BENCHMARK(BM_CapabilityCheck);

void BM_StatePutGetInProcess(benchmark::State& state) {
  fs::path root = scratchProject();
  StateStore store(stateStorePath(root));
  StateQuota quota;
  std::int64_t i = 0;
  for (auto _ : state) {
    store.put("bench", "k", ++i, quota);
    benchmark::DoNotOptimize(store.get("bench", "k"));
  }
  fs::remove_all(root);
}
BENCHMARK(BM_StatePutGetInProcess);

void BM_StateRoundTripFromPlugin(benchmark::State& state) {
  fs::path root = scratchProject();
  {
    WorkerPool pool(root, discoverPlugins(root));
    pool.call("platform-probe", "stateRoundTrips", {{"n", 50}}); // warm: started, file open
    double total = 0;
    int samples = 0;
    for (auto _ : state) {
      HookCallResult r = pool.call("platform-probe", "stateRoundTrips", {{"n", 2000}});
      if (!r.result) {
        state.SkipWithError(r.failure->message.c_str());
        break;
      }
      total += (*r.result)["perRoundTripMs"].get<double>();
      ++samples;
    }
    state.counters["round_trip_ms"] = samples ? total / samples : 0;
  }
  fs::remove_all(root);
}
void BM_EventFanOutTenSubscribers(benchmark::State& state) {
  fs::path dir = fs::temp_directory_path() / ("locus-events-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  PluginSet set;
  LoadedPlugin publisher;
  publisher.manifest.name = "pub";
  publisher.manifest.events.publishes = {
      {"tick", "", {{"type", "object"}, {"required", {"n"}}}, 60000}};
  set.plugins.push_back(publisher);
  for (int i = 0; i < 10; ++i) {
    LoadedPlugin sub;
    sub.manifest.name = "sub" + std::to_string(i);
    sub.manifest.events.subscribes = {"plugin.pub.*"};
    sub.manifest.limits.eventQueue = 100000;
    set.plugins.push_back(sub);
  }
  std::atomic<long> delivered{0};
  EventBus bus(set, dir / "audit.log", [&](const std::string&, const json&) {
    delivered.fetch_add(1, std::memory_order_relaxed);
    return std::string();
  });
  json params = {{"event", "tick"}, {"payload", {{"n", 1}}}};
  for (auto _ : state)
    if (!bus.publish("pub", params).ok()) state.SkipWithError("refused");
  bus.drain(std::chrono::seconds(60)); // every delivery is part of the cost
  state.SetItemsProcessed(state.iterations());
  state.counters["deliveries"] = static_cast<double>(delivered.load());
  fs::remove_all(dir);
}
BENCHMARK(BM_EventFanOutTenSubscribers)->UseRealTime()->Iterations(20000);

BENCHMARK(BM_StateRoundTripFromPlugin)->Iterations(3)->Unit(benchmark::kMillisecond);

} // namespace
