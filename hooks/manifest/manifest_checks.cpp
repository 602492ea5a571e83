#include "hooks/manifest/manifest_checks.h"

#include "compiler/base/core_version.h"
#include "compiler/base/suggest.h"
#include "hooks/dispatch/hook_table.h"
#include "hooks/permissions/protected_paths.h"
#include "hooks/semver/range.h"

#include <algorithm>
#include <map>
#include <set>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>

namespace locus::hooks {

namespace {

struct Checker {
  const PluginManifest& m;
  const ManifestCheckContext& ctx;
  const std::string& file;
  std::vector<ManifestError> errors;

  void error(std::string field, std::string message) {
    errors.push_back({file, std::move(field), std::move(message)});
  }

  void versions() {
    std::string why;
    if (!semver::parseVersion(m.version, &why))
      error("version", "'" + m.version + "' is not a SemVer version: " + why);
    auto range = semver::parseRange(m.requiresCore, &why);
    if (!range) {
      error("requiresCore", "'" + m.requiresCore + "' is not a version range: " + why);
    } else if (auto core = semver::parseVersion(ctx.coreVersion);
               core && !semver::satisfies(*core, *range)) {
      error("requiresCore", "plugin '" + m.name + "' requires Locus core " + m.requiresCore + " (" +
                                range->str() + ") but this is core " + ctx.coreVersion +
                                "; use a plugin version made for this core or upgrade Locus");
    }
    for (const auto& [dep, text] : m.dependencies) {
      if (!semver::parseRange(text, &why))
        error("dependencies." + dep, "'" + text + "' is not a version range: " + why);
      if (dep == m.name) error("dependencies." + dep, "a plugin cannot depend on itself");
    }
  }

  void protocol() {
    if (std::find(ctx.protocols.begin(), ctx.protocols.end(), m.protocol) != ctx.protocols.end())
      return;
    std::string spoken;
    for (int p : ctx.protocols) spoken += (spoken.empty() ? "" : ", ") + std::to_string(p);
    error("protocol", "protocol " + std::to_string(m.protocol) +
                          " is not spoken by this Locus (it speaks " + spoken + ")");
  }

  void filterApplies(const HookSubscription& s, const HookInfo& info, const char* key, unsigned bit,
                     const std::vector<std::string>& values) {
    if (values.empty() || (info.filters & bit)) return;
    std::string allowed;
    for (const std::string& k : filterKeys(info.filters))
      allowed += (allowed.empty() ? "" : ", ") + k;
    error("hooks." + s.hook + "." + key,
          std::string("hook ") + s.hook + " cannot be filtered by '" + key + "' (" +
              (allowed.empty() ? "it takes no filters" : "it takes: " + allowed) + ")");
  }

  void hooks() {
    for (const HookSubscription& s : m.hooks) {
      const HookInfo* info = findHook(s.hook);
      if (!info) {
        error("hooks." + s.hook, "unknown hook '" + s.hook + "'" +
                                     didYouMeanSuffix(s.hook, hookNames()) +
                                     " (hooks are listed in docs/plugins.md)");
        continue;
      }
      filterApplies(s, *info, "files", kFilterFiles, s.filter.files);
      filterApplies(s, *info, "steps", kFilterSteps, s.filter.steps);
      filterApplies(s, *info, "workflows", kFilterWorkflows, s.filter.workflows);
      filterApplies(s, *info, "pages", kFilterPages, s.filter.pages);
      filterApplies(s, *info, "components", kFilterComponents, s.filter.components);
      for (const std::string& f : s.filter.files)
        if (std::string why = relativePatternProblem(f); !why.empty())
          error("hooks." + s.hook + ".files", "'" + f + "': " + why);
      for (const auto* list : {&s.before, &s.after})
        for (const std::string& other : *list)
          if (other == m.name)
            error("hooks." + s.hook + (list == &s.before ? ".before" : ".after"),
                  "a plugin cannot be ordered relative to itself");
    }
  }

  void steps() {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < m.steps.size(); ++i) {
      const StepKindDecl& s = m.steps[i];
      std::string field = "steps[" + std::to_string(i) + "]";
      if (!seen.insert(s.kind).second)
        error(field + ".kind", "step kind '" + s.kind + "' is declared twice");
      if (std::find(ctx.builtinStepKinds.begin(), ctx.builtinStepKinds.end(), s.kind) !=
          ctx.builtinStepKinds.end())
        error(field + ".kind", "step kind '" + s.kind + "' is built in; choose another name");
      schemaCompiles(s.schema, field + ".schema");
    }
  }

  void schemaCompiles(const nlohmann::json& schema, const std::string& field) {
    try {
      valijson::Schema compiled;
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter adapter(schema);
      parser.populateSchema(adapter, compiled);
    } catch (const std::exception& e) {
      error(field, std::string("not a usable JSON Schema: ") + e.what());
    }
  }

  void generators() {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < m.generators.size(); ++i) {
      const GeneratorDecl& g = m.generators[i];
      std::string field = "generators[" + std::to_string(i) + "]";
      if (!seen.insert(g.name).second)
        error(field + ".name", "generator '" + g.name + "' is declared twice");
      if (std::find(ctx.builtinGenerators.begin(), ctx.builtinGenerators.end(), g.name) !=
          ctx.builtinGenerators.end())
        error(field + ".name", "generator '" + g.name + "' is built in; choose another name");
      for (const std::string& o : g.outputs)
        if (std::string why = relativePatternProblem(o); !why.empty())
          error(field + ".outputs", "'" + o + "': " + why);
    }
  }

  // Subscriptions arrive through onEvent: one without the other is a plugin that never hears
  // its events, or a hook that never fires.
  void events() {
    for (const EventDecl& e : m.events.publishes)
      schemaCompiles(e.schema, "events.publishes." + e.name + ".schema");
    bool subscribes = !m.events.subscribes.empty();
    if (subscribes && !m.subscription("onEvent"))
      error("events.subscribes", "plugin '" + m.name +
                                     "' subscribes to events but not to the onEvent hook that "
                                     "delivers them; add \"onEvent\": {} under \"hooks\"");
    if (!subscribes && m.subscription("onEvent"))
      error("hooks.onEvent", "onEvent delivers the events of events.subscribes, which is empty; "
                             "list the topics (\"plugin.<name>.<event>\") to receive");
  }

  void permissions() {
    for (const std::string& p : m.permissions.fsRead)
      if (std::string why = relativePatternProblem(p); !why.empty())
        error("permissions.fs.read", "'" + p + "': " + why +
                                         " (paths are relative to the project; the system's /usr "
                                         "is always readable)");
      else if (std::string denied = protectedPatternProblem(p); !denied.empty())
        error("permissions.fs.read", "'" + p + "': " + denied);
    for (const std::string& p : m.permissions.fsWrite)
      if (std::string why = relativePatternProblem(p); !why.empty())
        error("permissions.fs.write",
              "'" + p + "': " + why + " (paths are relative to the plugin's workspace)");
  }
};

} // namespace

ManifestCheckContext defaultCheckContext() {
  ManifestCheckContext c;
  c.coreVersion = coreVersion();
  return c;
}

std::string relativePatternProblem(std::string_view pattern) {
  if (pattern.empty()) return "empty path";
  if (pattern.front() == '/') return "must be relative, not absolute";
  if (pattern.find('\\') != std::string_view::npos) return "use '/' as the separator";
  std::size_t start = 0;
  while (start <= pattern.size()) {
    std::size_t slash = pattern.find('/', start);
    std::string_view part =
        pattern.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part == "..") return "may not contain '..'";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return "";
}

std::vector<ManifestError> checkManifest(const PluginManifest& m,
                                         const ManifestCheckContext& context,
                                         const std::string& file) {
  Checker c{m, context, file, {}};
  c.versions();
  c.protocol();
  c.hooks();
  c.steps();
  c.generators();
  c.events();
  if (!m.configSchema.is_null()) c.schemaCompiles(m.configSchema, "config");
  c.permissions();
  return c.errors;
}

} // namespace locus::hooks
