#include "compiler/driver/plugin_build.h"

#include "compiler/ast/ast_json.h"
#include "compiler/base/phase_timer.h"
#include "compiler/driver/command_report.h"
#include "compiler/driver/plugin_diagnostics.h"
#include "compiler/driver/plugin_ir_schema.h"
#include "compiler/driver/plugin_payload.h"
#include "hooks/dispatch/notify.h"
#include "hooks/dispatch/optional_failures.h"
#include "hooks/dispatch/plugin_extensions.h"
#include "hooks/dispatch/transforms.h"
#include "hooks/schema/schema_errors.h"

#include <algorithm>
#include <filesystem>
#include <regex>

namespace locus {

namespace fs = std::filesystem;

void PendingPluginDiagnostics::add(std::vector<hooks::PluginDiagnostic> more) {
  std::lock_guard lock(mutex);
  for (hooks::PluginDiagnostic& d : more) {
    // A plugin that cannot start fails every call alike (one per source file, per hook): say it
    // once.
    // ("plugin 'x' failed its handshake in onPreParse: <reason>": the reason is what repeats.)
    bool startFailure = d.origin == hooks::DiagnosticOrigin::StartFailed;
    auto reason = [](const std::string& m) { return m.substr(m.find(": ") + 2); };
    bool repeated =
        d.origin != hooks::DiagnosticOrigin::Reported &&
        std::any_of(items.begin(), items.end(), [&](const hooks::PluginDiagnostic& o) {
          return o.plugin == d.plugin && o.code == d.code &&
                 (startFailure ? o.origin == d.origin && reason(o.message) == reason(d.message)
                               : o.hook == d.hook && o.message == d.message);
        });
    if (!repeated) items.push_back(std::move(d));
  }
}

bool PendingPluginDiagnostics::hasErrors() {
  std::lock_guard lock(mutex);
  for (const hooks::PluginDiagnostic& d : items)
    if (hooks::isError(d)) return true;
  return false;
}

std::string projectRelative(const std::string& path, const fs::path& root) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  fs::path relative = absolute.lexically_relative(root);
  if (ec || relative.empty() || *relative.begin() == "..") return path;
  return relative.generic_string();
}

namespace {

// onPreParse: each file's text, rewritten before it is parsed.
void runPreParse(PluginHost& host, std::vector<ReadFile>& files,
                 PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onPreParse");
  if (subs.empty()) return;
  for (ReadFile& file : files) {
    hooks::TextOutcome out = hooks::transformSource(
        host.context(), subs, projectRelative(file.path, host.root()), std::move(file.text));
    pending.add(std::move(out.diagnostics));
    file.text = std::move(out.text);
  }
}

// onPostParse: {file, ast} of each parsed file, for the plugins whose filter takes the file.
void runPostParse(PluginHost& host, const FrontEndResult& front,
                  PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onPostParse");
  if (subs.empty()) return;
  for (const ast::File& f : front.files) {
    std::string file = projectRelative(front.sources->file(f.id).path, host.root());
    hooks::HookParams params = hooks::HookParams::ofText(
        objectText({{"file", valueText(file)}, {"ast", astText(f, *front.sources)}}));
    pending.add(hooks::collectDiagnostics(host.context(), subs, "onPostParse", params,
                                          hooks::FilterSubject::ofFile(file)));
  }
}

} // namespace

std::unique_ptr<FrontEndResult> runFrontEndWithPlugins(PluginHost& host, const std::string& input,
                                                       FrontEndOptions options,
                                                       PendingPluginDiagnostics& pending) {
  for (const hooks::LoadedPlugin& p : host.set().plugins)
    for (const hooks::StepKindDecl& step : p.manifest.steps)
      options.check.pluginSteps.push_back({step.kind, p.manifest.name, step.schema});
  options.check.validateLiteral = hooks::schemaErrorPairs;
  PhaseTimer timer;
  auto front = std::make_unique<FrontEndResult>();
  for (std::vector<ReadFile> files = readInputs(input, *front); !files.empty();) {
    runPreParse(host, files, pending);
    files = parseSources(std::move(files), options, *front);
  }
  timer.lap("parse");
  if (!front->files.empty()) runPostParse(host, *front, pending);
  checkParsed(options, *front);
  return front;
}

void runPostValidate(PluginHost& host, const ast::File& program, const SourceSet& sources,
                     PendingPluginDiagnostics& pending) {
  sendPostValidate(host, postValidateCalls(host, program, sources), pending);
}

std::vector<PostValidateCall> postValidateCalls(PluginHost& host, const ast::File& program,
                                                const SourceSet& sources) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onPostValidate");
  if (subs.empty()) return {};
  ProgramPayload payload(program, sources, host.root()); // written once per distinct filter
  std::vector<PostValidateCall> calls;
  for (const hooks::Subscriber& sub : subs) calls.push_back({sub, payload.forFilter(sub.filter)});
  return calls;
}

void sendPostValidate(PluginHost& host, const std::vector<PostValidateCall>& calls,
                      PendingPluginDiagnostics& pending) {
  for (const PostValidateCall& call : calls)
    pending.add(hooks::collectDiagnostics(host.context(), {call.subscriber}, "onPostValidate",
                                          call.params));
}

locus::OrderedJson runPreGenerate(PluginHost& host, locus::OrderedJson ir,
                                  PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onPreGenerate");
  if (subs.empty()) return ir;
  // The plugins get the IR as text written once; patches apply to a nlohmann::json copy, which
  // goes back to OrderedJson (keys sorted, as nlohmann::json keeps them) only when it changed.
  std::shared_ptr<const std::string> text = objectText({{"ir", valueText(ir)}});
  nlohmann::json before(ir);
  hooks::IrOutcome out = hooks::transformIr(host.context(), subs, before, irSchemaProblems, text);
  pending.add(std::move(out.diagnostics));
  if (out.ir == before) return ir;
  return locus::OrderedJson(out.ir);
}

std::vector<Generator> pluginGenerators(PluginHost& host, const std::string& outputRoot,
                                        PendingPluginDiagnostics& pending) {
  std::vector<Generator> out;
  for (const hooks::LoadedPlugin& p : host.set().plugins)
    for (const hooks::GeneratorDecl& decl : p.manifest.generators) {
      Generator g;
      g.name = decl.name;
      g.description = decl.description + " (plugin " + p.manifest.name + ")";
      g.dependsOn = decl.requiredGenerators;
      std::string plugin = p.manifest.name;
      g.run = [&host, &pending, plugin, decl, outputRoot](const GeneratorInput& input) {
        hooks::FilesOutcome files = hooks::runPluginGenerator(
            host.context(), plugin, decl, nlohmann::json(input.ir), input.options, outputRoot);
        GeneratorOutput result;
        for (const hooks::PluginDiagnostic& d : files.diagnostics)
          if (hooks::isError(d))
            result.messages.push_back({DiagKind::PluginFailed, d.str(), nullptr});
        std::erase_if(files.diagnostics, [](const auto& d) { return hooks::isError(d); });
        pending.add(std::move(files.diagnostics));
        result.files = std::move(files.files);
        return result;
      };
      out.push_back(std::move(g));
    }
  return out;
}

namespace {

struct ArtifactRoute {
  std::regex path;
  const char* hook;
  const char* kind;
};

const std::vector<ArtifactRoute>& artifactRoutes() {
  static const std::vector<ArtifactRoute> routes = {
      {std::regex("db/.+/schema\\.sql"), "onSchemaGenerate", "schema"},
      {std::regex("db/.+/migrations/[^/]+"), "onMigration", "migration"},
      {std::regex("web/src/pages/[^/]+"), "onPageGenerate", "page"},
      {std::regex("web/src/components/[^/]+"), "onComponentRender", "component"},
  };
  return routes;
}

std::string stemOf(const std::string& path) {
  return fs::path(path).stem().string();
}

} // namespace

void transformArtifacts(PluginHost& host, GeneratedFiles& files, const GeneratedFiles& previous,
                        PendingPluginDiagnostics& pending) {
  for (const ArtifactRoute& route : artifactRoutes()) {
    std::vector<hooks::Subscriber> subs = host.subscribers(route.hook);
    if (subs.empty()) continue;
    for (auto& [path, content] : files) {
      if (!std::regex_match(path, route.path)) continue;
      if (std::string_view(route.kind) == "migration" && previous.count(path)) continue;
      hooks::Artifact artifact{route.kind, stemOf(path), path, content};
      hooks::TextOutcome out = hooks::transformArtifact(host.context(), subs, route.hook, artifact);
      pending.add(std::move(out.diagnostics));
      content = std::move(out.text);
    }
  }
}

void runPostGenerate(PluginHost& host, GeneratedFiles& files, const std::string& outputRoot,
                     PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onPostGenerate");
  if (subs.empty()) return;
  hooks::FilesOutcome out = hooks::transformFiles(host.context(), subs, files, outputRoot);
  pending.add(std::move(out.diagnostics));
  files = std::move(out.files);
}

std::unique_ptr<FrontEndResult> checkWithPlugins(PluginHost& host, const std::string& input) {
  PendingPluginDiagnostics pending;
  std::unique_ptr<FrontEndResult> result = runFrontEndWithPlugins(host, input, {}, pending);
  reportLoadProblems(host.set(), result->diagnostics);
  if (!frontEndStatus(*result)) runPostValidate(host, result->program, *result->sources, pending);
  hooks::degradeOptionalFailures(pending.items, host.set());
  reportPluginDiagnostics(pending.items, *result->sources, host.root().string(),
                          result->diagnostics);
  // onError observers see every error, as in `build`; their own reports are warnings.
  pending.items.clear();
  notifyErrors(host, result->diagnostics, *result->sources, pending);
  reportPluginDiagnostics(pending.items, *result->sources, host.root().string(),
                          result->diagnostics);
  return result;
}

void notifyErrors(PluginHost& host, const DiagnosticSink& sink, const SourceSet& sources,
                  PendingPluginDiagnostics& pending) {
  std::vector<hooks::Subscriber> subs = host.subscribers("onError");
  if (subs.empty()) return;
  for (const Diagnostic& d : sink.all()) {
    if (d.severity != Severity::Error) continue;
    nlohmann::json diagnostic = {{"code", diagKindInfo(d.kind).code}, {"message", d.message}};
    if (d.span.valid())
      diagnostic["span"] = {{"file", projectRelative(sources.file(d.span.file).path, host.root())},
                            {"line", d.span.line},
                            {"col", d.span.col},
                            {"length", d.span.length}};
    pending.add(hooks::notifyObservers(host.context(), subs, "onError",
                                       {{"source", "compiler"}, {"diagnostic", diagnostic}}));
  }
}

} // namespace locus
