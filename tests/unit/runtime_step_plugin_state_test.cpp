// A runtime plugin step's view of its state (runtime/plugins/step_plugin_state.h): reads from the
// loader (the run's store) with the call's own writes applied, quotas over the result, corrupted
// rows reported once and deleted with the step, and the writes handed back per plugin.
#include "hooks/state/state_store.h"
#include "runtime/plugins/step_plugin_state.h"

#include <gtest/gtest.h>

namespace locus::rt::plugins {
namespace {

using nlohmann::json;

PluginStateRows stored(std::initializer_list<std::pair<std::string, std::string>> rows) {
  PluginStateRows out;
  for (const auto& [key, text] : rows) out[key] = {text, hooks::stateChecksum(text)};
  return out;
}

TEST(StepPluginState, ReadsTheStoreWithTheCallsOwnWritesApplied) {
  int loads = 0;
  StepPluginState state([&](const std::string& plugin) {
    ++loads;
    return plugin == "a" ? stored({{"n", "1"}, {"name", "\"x\""}}) : PluginStateRows{};
  });
  EXPECT_EQ(*state.get("a", "n").value, 1);
  ASSERT_TRUE(state.put("a", "n", 2, {}).ok());
  EXPECT_EQ(*state.get("a", "n").value, 2);
  ASSERT_TRUE(state.remove("a", "name").ok());
  EXPECT_FALSE(state.get("a", "name").value);
  ASSERT_TRUE(state.put("a", "nz", json::array({1}), {}).ok());
  EXPECT_EQ(state.list("a", "n").keys, (std::vector<std::string>{"n", "nz"}));
  EXPECT_FALSE(state.get("b", "n").value) << "another plugin's namespace";
  EXPECT_EQ(loads, 2) << "each plugin's rows are read once per call";

  std::map<std::string, PluginStateWrites> writes = state.takeWrites();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes["a"]["n"], json(2));
  EXPECT_EQ(writes["a"]["name"], std::nullopt);
  EXPECT_EQ(writes["a"]["nz"], json::array({1}));
}

TEST(StepPluginState, QuotasApplyToWhatThePluginWouldHold) {
  StepPluginState state([](const std::string&) { return stored({{"a", "1"}, {"b", "2"}}); });
  hooks::StateQuota quota{2, 1 << 20};
  EXPECT_TRUE(state.put("p", "a", 5, quota).ok()) << "replacing a key adds none";
  hooks::StateResult over = state.put("p", "c", 3, quota);
  EXPECT_NE(over.error.find("state quota of plugin 'p' exceeded: 3 keys, the limit is 2"),
            std::string::npos)
      << over.error;
  hooks::StateQuota bytes{100, 8};
  EXPECT_NE(state.put("p", "a", "a long value", bytes).error.find("bytes, the limit is 8"),
            std::string::npos);
}

TEST(StepPluginState, ACorruptedRowIsReportedOnceAndDeletedWithTheStep) {
  StepPluginState state([](const std::string&) {
    PluginStateRows rows = stored({{"good", "1"}});
    rows["bad"] = {"41", hooks::stateChecksum("1")};
    return rows;
  });
  hooks::StateResult first = state.get("p", "bad");
  EXPECT_NE(first.error.find("state key 'bad' of plugin 'p' was corrupted"), std::string::npos)
      << first.error;
  hooks::StateResult again = state.get("p", "bad");
  EXPECT_TRUE(again.ok());
  EXPECT_FALSE(again.value);
  EXPECT_EQ(state.list("p", "").keys, std::vector<std::string>{"good"});
  EXPECT_EQ(state.takeWrites()["p"]["bad"], std::nullopt);
}

} // namespace
} // namespace locus::rt::plugins
