// A plugin's manifest, `locus-plugin.json` (docs/design/DESIGN.md §5), as plain data. Reading it is
// two steps: the JSON Schema (manifest_schema.h) checks the shape, then manifest_checks.h checks
// meaning (semver ranges, protocol, hook names, filters, names, paths). Both report ManifestError.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

enum class OrderBucket { Pre = 0, Normal = 1, Post = 2 };

// Host-side filters of one subscription; an empty list means "everything".
struct HookFilter {
  std::vector<std::string> files;      // globs on paths
  std::vector<std::string> steps;      // step kinds
  std::vector<std::string> workflows;  // workflow names
  std::vector<std::string> pages;      // page names (globs)
  std::vector<std::string> components; // component names (globs)
};

struct HookSubscription {
  std::string hook;
  OrderBucket order = OrderBucket::Normal;
  std::vector<std::string> before; // plugin names this one must run before
  std::vector<std::string> after;  // plugin names this one must run after
  std::optional<double> budgetMs;  // slow-hook warning threshold
  HookFilter filter;
};

struct StepKindDecl {
  std::string kind;
  std::string description;
  nlohmann::json schema = nlohmann::json::object(); // JSON Schema of the step's parameters
};

struct GeneratorDecl {
  std::string name;
  std::string description;
  std::vector<std::string> outputs;            // globs of the paths it may write
  std::vector<std::string> requiredGenerators; // `requires`: generators that must run first
};

struct Permissions {
  bool network = false;
  std::vector<std::string> fsRead;  // globs relative to the project root
  std::vector<std::string> fsWrite; // globs relative to the plugin's workspace
  std::vector<std::string> env;     // environment variable names passed through
  std::vector<std::string> secrets; // project secrets readable through `secrets.get`
};

struct Limits {
  int timeoutMs = 2000;
  int memoryMb = 256;
  int cpuSeconds = 5;
  int maxOutputMb = 16;
  int pids = 64;
  int stateKeys = 1000; // plugin state quota: keys
  int stateKb = 1024;   // plugin state quota: bytes of keys and values, in KiB
  int eventQueue = 100; // events waiting for this plugin's onEvent (backpressure bound)
};

// An event the plugin publishes, as topic `plugin.<plugin>.<name>` (hooks/events/event_bus.h).
struct EventDecl {
  std::string name;
  std::string description;
  nlohmann::json schema = nlohmann::json::object(); // JSON Schema of its payloads
  int ttlMs = 60000;                                // dropped when older at delivery
};

struct EventsDecl {
  std::vector<EventDecl> publishes;
  std::vector<std::string> subscribes; // topics `plugin.<name>.<event>` or `plugin.<name>.*`
};

struct PluginManifest {
  std::string name;
  std::string version;
  std::string description;
  std::string requiresCore;
  std::vector<std::string> entry;
  int protocol = 1;
  std::vector<HookSubscription> hooks; // sorted by hook name
  std::vector<StepKindDecl> steps;
  std::vector<GeneratorDecl> generators;
  EventsDecl events;
  Permissions permissions;
  Limits limits;
  std::map<std::string, std::string> dependencies; // plugin name → version range
  std::filesystem::path dir;                       // folder holding locus-plugin.json
  nlohmann::json raw;                              // the document as read

  const HookSubscription* subscription(std::string_view hook) const;
  const EventDecl* publishedEvent(std::string_view name) const;
  nlohmann::json configSchema; // `config`: JSON Schema of [plugins.NAME.config]; null if absent
};

// One problem in a manifest. `field` is the JSON path of the offending value in dotted form
// (`hooks.onPreGenerate.order`, `steps[1].kind`; empty for the document itself).
struct ManifestError {
  std::string file;
  std::string field;
  std::string message;
  std::string str() const; // "plugins/x/locus-plugin.json: hooks.onPreGenrate: unknown hook …"
};

inline constexpr const char* kManifestFileName = "locus-plugin.json";

} // namespace locus::hooks
