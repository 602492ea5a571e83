#include "hooks/manifest/manifest_read.h"

#include "hooks/manifest/manifest_schema.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace locus::hooks {

namespace {

using nlohmann::json;

std::vector<std::string> strings(const json& obj, const char* key) {
  std::vector<std::string> out;
  if (auto it = obj.find(key); it != obj.end())
    for (const json& s : *it) out.push_back(s.get<std::string>());
  return out;
}

std::string text(const json& obj, const char* key) {
  return obj.value(key, std::string());
}

HookSubscription toSubscription(const std::string& hook, const json& j) {
  HookSubscription s;
  s.hook = hook;
  std::string order = j.value("order", std::string("normal"));
  s.order = order == "pre"    ? OrderBucket::Pre
            : order == "post" ? OrderBucket::Post
                              : OrderBucket::Normal;
  s.before = strings(j, "before");
  s.after = strings(j, "after");
  if (j.contains("budgetMs")) s.budgetMs = j["budgetMs"].get<double>();
  s.filter.files = strings(j, "files");
  s.filter.steps = strings(j, "steps");
  s.filter.workflows = strings(j, "workflows");
  s.filter.pages = strings(j, "pages");
  s.filter.components = strings(j, "components");
  return s;
}

void readLimits(const json& j, Limits& l) {
  l.timeoutMs = j.value("timeoutMs", l.timeoutMs);
  l.memoryMb = j.value("memoryMb", l.memoryMb);
  l.cpuSeconds = j.value("cpuSeconds", l.cpuSeconds);
  l.maxOutputMb = j.value("maxOutputMb", l.maxOutputMb);
  l.pids = j.value("pids", l.pids);
  l.stateKeys = j.value("stateKeys", l.stateKeys);
  l.stateKb = j.value("stateKb", l.stateKb);
  l.eventQueue = j.value("eventQueue", l.eventQueue);
}

void readEvents(const json& j, EventsDecl& e) {
  if (auto pub = j.find("publishes"); pub != j.end())
    for (const auto& [name, decl] : pub->items())
      e.publishes.push_back({name, text(decl, "description"), decl.value("schema", json::object()),
                             decl.value("ttlMs", 60000)});
  e.subscribes = strings(j, "subscribes");
}

void readPermissions(const json& j, Permissions& p) {
  p.network = j.value("network", false);
  if (auto fs = j.find("fs"); fs != j.end()) {
    p.fsRead = strings(*fs, "read");
    p.fsWrite = strings(*fs, "write");
  }
  p.env = strings(j, "env");
  p.secrets = strings(j, "secrets");
}

// Only called on a document that passed the schema, so types are known.
PluginManifest toManifest(const json& doc, const std::filesystem::path& dir) {
  PluginManifest m;
  m.name = text(doc, "name");
  m.version = text(doc, "version");
  m.description = text(doc, "description");
  m.requiresCore = text(doc, "requiresCore");
  m.entry = strings(doc, "entry");
  m.protocol = doc.value("protocol", 1);
  if (auto hooks = doc.find("hooks"); hooks != doc.end())
    for (const auto& [name, sub] : hooks->items()) m.hooks.push_back(toSubscription(name, sub));
  if (auto steps = doc.find("steps"); steps != doc.end())
    for (const json& s : *steps)
      m.steps.push_back(
          {text(s, "kind"), text(s, "description"), s.value("schema", json::object())});
  if (auto gens = doc.find("generators"); gens != doc.end())
    for (const json& g : *gens)
      m.generators.push_back(
          {text(g, "name"), text(g, "description"), strings(g, "outputs"), strings(g, "requires")});
  if (auto e = doc.find("events"); e != doc.end()) readEvents(*e, m.events);
  if (auto p = doc.find("permissions"); p != doc.end()) readPermissions(*p, m.permissions);
  if (auto l = doc.find("limits"); l != doc.end()) readLimits(*l, m.limits);
  if (auto c = doc.find("config"); c != doc.end()) m.configSchema = *c;
  if (auto d = doc.find("dependencies"); d != doc.end())
    for (const auto& [name, range] : d->items()) m.dependencies[name] = range.get<std::string>();
  m.dir = dir;
  m.raw = doc;
  return m;
}

// nlohmann reports a byte offset; people want line and column.
std::string lineCol(std::string_view text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

} // namespace

const HookSubscription* PluginManifest::subscription(std::string_view hook) const {
  for (const HookSubscription& s : hooks)
    if (s.hook == hook) return &s;
  return nullptr;
}

const EventDecl* PluginManifest::publishedEvent(std::string_view name) const {
  for (const EventDecl& e : events.publishes)
    if (e.name == name) return &e;
  return nullptr;
}

std::string ManifestError::str() const {
  std::string out = file;
  if (!field.empty()) out += (out.empty() ? "" : ": ") + field;
  return out + (out.empty() ? "" : ": ") + message;
}

ManifestRead parseManifest(std::string_view text, const std::string& file,
                           const std::filesystem::path& dir) {
  ManifestRead out;
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (auto at = what.find("syntax error"); at != std::string::npos) what = what.substr(at);
    out.errors.push_back({file, "", "not valid JSON at " + lineCol(text, e.byte) + ": " + what});
    return out;
  }
  out.errors = validateManifestShape(doc, file);
  if (out.errors.empty()) out.manifest = toManifest(doc, dir);
  return out;
}

ManifestRead readManifest(const std::filesystem::path& dir) {
  std::filesystem::path path = dir / kManifestFileName;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ManifestRead out;
    out.errors.push_back(
        {path.string(), "",
         std::string("cannot read the plugin manifest; every plugin folder needs a ") +
             kManifestFileName});
    return out;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parseManifest(buffer.str(), path.string(), dir);
}

} // namespace locus::hooks
