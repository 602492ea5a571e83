// `locusc build [FILE|DIR] [-o OUT] [--check]`: front end → IR → generators → writer
// (docs/design/DESIGN.md §2). Nothing reaches the disk unless every phase succeeded.
#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/inflight_check.h"

#include "compiler/base/core_version.h"
#include "compiler/base/heap_prefault.h"
#include "compiler/base/phase_timer.h"
#include "compiler/driver/build_cache.h"
#include "compiler/driver/build_diagnostics.h"
#include "compiler/driver/plugin_build.h"
#include "compiler/driver/plugin_diagnostics.h"
#include "compiler/driver/plugin_generator_list.h"
#include "compiler/driver/plugin_summary.h"
#include "compiler/driver/project_config.h"
#include "compiler/frontend/load_project.h"
#include "compiler/ir/ir.h"
#include "generators/output/build_manifest.h"
#include "generators/output/early_output.h"
#include "generators/output/write_output.h"
#include "generators/registry.h"
#include "generators/run_generators.h"
#include "hooks/audit/audit_log.h"
#include "hooks/dispatch/optional_failures.h"
#include "hooks/lockfile/locked_packages_entry.h"
#include "hooks/observe/metric_events.h"

#include <llvm/Support/raw_ostream.h>

#include <tuple>

namespace locus {

namespace {

std::string joinNames(const std::vector<Generator>& gens) {
  std::string out;
  for (const Generator& g : gens) out += (out.empty() ? "" : ", ") + g.name;
  return out;
}

// Selects the generators named by --generators, Locus.toml or the defaults; E0805 for unknown.
std::vector<Generator> chooseGenerators(const ProjectConfig& config, const BuildOptions& build,
                                        std::vector<Generator> registry, DiagnosticSink& sink) {
  const std::vector<std::string>* names = config.generators ? &*config.generators : nullptr;
  if (!build.generators.empty()) names = &build.generators;
  std::vector<std::string> unknown;
  std::vector<Generator> selected = selectGenerators(registry, names, unknown);
  for (const std::string& name : unknown)
    sink.emit(DiagKind::UnknownGenerator, Span{},
              "unknown generator '" + name + "' (known: " + joinNames(registry) + ")");
  return selected;
}

int reportStale(const std::vector<StaleFile>& stale, const std::string& dir,
                const OutputOptions& out) {
  if (stale.empty()) {
    if (!out.quiet) llvm::errs() << "locusc: " << dir << " is up to date\n";
    return 0;
  }
  llvm::errs() << "locusc: " << dir << " is stale (" << stale.size()
               << " files); run `locusc build` and commit the result:\n";
  // With --format json/sarif/github, stdout holds exactly one document: the list goes to stderr.
  llvm::raw_ostream& list =
      out.render.format == DiagnosticFormat::Pretty ? llvm::outs() : llvm::errs();
  for (const StaleFile& f : stale) list << f.reason << ": " << f.path << "\n";
  return 1;
}

void printSummary(const WriteSummary& s, const std::string& dir, size_t generators) {
  llvm::errs() << "locusc: " << dir << ": ";
  if (s.upToDate)
    llvm::errs() << "up to date";
  else
    llvm::errs() << s.written << " written, " << s.unchanged << " unchanged, " << s.removed
                 << " removed";
  llvm::errs() << " (" << generators << " generators)\n";
}

// The build configuration a record belongs to, and what else must match for reuse.
std::string recordKey(const std::string& input, const BuildOptions& build,
                      const OutputOptions& out) {
  std::string key = input + '\0' + build.outputDir + '\0' +
                    std::to_string(static_cast<int>(out.render.format)) +
                    (out.render.color ? "c" : "") + (out.quiet ? "q" : "");
  for (const std::string& g : build.generators) key += '\0' + g;
  return key;
}

bool mayReuse(const PluginHost& host, const BuildOptions& build) {
  return host.empty() && !build.check && build.metricsFile.empty() && build.inflightDb.empty();
}

// The no-change rebuild: nothing to do when the record of the last build still holds.
bool upToDateByRecord(const std::string& recordFile, const std::string& input,
                      const PluginHost& host, const OutputOptions& out) {
  std::optional<BuildRecord> record = readBuildRecord(recordFile);
  if (!record) return false;
  std::vector<std::string> inputs = buildInputs(input, host.root().string(), *record);
  if (!buildIsUpToDate(*record, inputs, toolIdentity())) return false;
  printReport({record->diagnostics, record->diagnosticsToStdout});
  if (!out.quiet) {
    WriteSummary summary;
    summary.upToDate = true;
    printSummary(summary, record->outDir, record->generators);
  }
  return true;
}

// Records a successful build with the warnings it printed (`report`).
void recordBuild(const std::string& recordFile, const std::string& input, const PluginHost& host,
                 const FrontEndResult& front, const ProjectConfig& config,
                 const std::string& outDir, const GeneratedFiles& files, size_t generators,
                 const ReportedDiagnostics& report,
                 const std::map<std::string, FileStamp>* written) {
  BuildRecord record;
  record.diagnostics = report.text;
  record.diagnosticsToStdout = report.toStdout;
  for (FileId id = 0; id < front.sources->size(); ++id)
    if (const std::string& path = front.sources->file(id).path; path.ends_with(".locus"))
      record.sources.push_back(path);
  record.templatesDir = config.templatesDir;
  record.outDir = outDir;
  record.generators = generators;
  std::vector<std::string> paths;
  for (const auto& [path, content] : files) paths.push_back(path);
  std::optional<std::vector<OutputStamp>> stamps = stampOutputs(outDir, paths, written);
  std::optional<std::string> digest =
      inputsDigest(buildInputs(input, host.root().string(), record), toolIdentity());
  if (!stamps || !digest) return removeBuildRecord(recordFile);
  record.outputs = std::move(*stamps);
  record.digest = std::move(*digest);
  writeBuildRecord(recordFile, record);
}

// The early output already holds every generated file; the manifest completes it.
std::optional<std::string> commitEarly(EarlyOutput& early, const GeneratedFiles& files,
                                       WriteSummary& summary) {
  if (std::optional<std::string> error = early.drain()) return error;
  if (std::optional<std::string> error = early.commit(files.at(kManifestName))) return error;
  summary.written = files.size();
  return std::nullopt;
}

template <typename... T> void leakAtExit(T&&... values) {
  (new std::tuple<std::decay_t<T>...>(std::forward<T>(values)...), void());
}

} // namespace

int runListGenerators(const std::string& input) {
  for (const Generator& g : builtinGenerators()) {
    llvm::outs() << g.name << (g.enabledByDefault ? "" : " (off by default)") << ": "
                 << g.description;
    if (!g.dependsOn.empty()) {
      llvm::outs() << " [requires";
      for (const std::string& d : g.dependsOn) llvm::outs() << " " << d;
      llvm::outs() << "]";
    }
    llvm::outs() << "\n";
  }
  listPluginGenerators(input, llvm::outs(), llvm::errs());
  return 0;
}

// Heap a build of `input` will touch, estimated from its sources (a large project's build peaks
// at about 200 times the size of its .locus files; the front end, running meanwhile, takes its
// share from elsewhere).
std::size_t expectedHeapBytes(const std::string& input) {
  constexpr std::size_t kHeapPerSourceByte = 150;
  std::error_code ec;
  std::vector<std::string> files = {input};
  if (std::filesystem::is_directory(input, ec)) files = findLocusFiles(input);
  std::size_t sources = 0;
  for (const std::string& file : files)
    if (std::uintmax_t size = std::filesystem::file_size(file, ec); !ec) sources += size;
  return sources * kHeapPerSourceByte;
}

int runBuild(const std::string& input, const BuildOptions& build, const OutputOptions& out) {
  PluginHost host(projectRootOf(input), out.verbose ? pluginLinesToStderr() : nullptr);
  return runBuildWith(host, input, build, out);
}

int runBuildWith(PluginHost& host, const std::string& input, const BuildOptions& build,
                 const OutputOptions& out) {
  PhaseTimer timer;
  const std::string recordFile =
      buildRecordPath(host.root().string(), recordKey(input, build, out));
  if (mayReuse(host, build) && upToDateByRecord(recordFile, input, host, out)) {
    timer.lap("up-to-date");
    return 0;
  }
  if (!build.keepWorkers) prefaultHeapAsync(expectedHeapBytes(input)); // one-shot builds
  // The audit log names the exact plugin packages (locus.lock's hashes) this build runs.
  if (std::optional<nlohmann::json> used =
          lockfile::lockedPackagesEntry(host.root(), "build.packages"))
    hooks::appendAudit(hooks::auditLogPath(host.root()), {*used});
  PendingPluginDiagnostics pending;
  std::unique_ptr<FrontEndResult> front = runFrontEndWithPlugins(host, input, {}, pending);
  timer.lap("front-end");
  DiagnosticSink& sink = front->diagnostics;
  const std::string root = host.root().string();
  // Plugin diagnostics are reported where the driver's own are, so they are located alike.
  auto flushPlugins = [&] {
    std::lock_guard lock(pending.mutex);
    hooks::degradeOptionalFailures(pending.items, host.set());
    reportPluginDiagnostics(pending.items, *front->sources, root, sink);
    pending.items.clear();
  };
  auto fail = [&](int status) {
    notifyErrors(host, sink, *front->sources, pending);
    flushPlugins();
    reportDiagnostics(sink, *front->sources, out);
    return status;
  };
  reportLoadProblems(host.set(), sink);
  if (!frontEndStatus(*front)) runPostValidate(host, front->program, *front->sources, pending);
  flushPlugins();
  timer.lap("plugins-validate");
  std::optional<ProjectConfig> config = loadProjectConfig(input, *front->sources, sink);
  std::string outDir =
      build.outputDir.empty() ? (config ? config->outputDir : std::string()) : build.outputDir;
  std::vector<Generator> selected;
  if (config) {
    std::vector<Generator> registry = builtinGenerators();
    for (Generator& g : pluginGenerators(host, outDir, pending)) registry.push_back(std::move(g));
    selected = chooseGenerators(*config, build, std::move(registry), sink);
  }
  if (frontEndStatus(*front) || !config || sink.hasErrors()) return fail(front->ioError ? 2 : 1);
  locus::OrderedJson ir = lowerToIr(front->program, *front->sources, LowerOptions{config->root});
  timer.lap("lower");
  ir = runPreGenerate(host, std::move(ir), pending);
  flushPlugins();
  if (sink.hasErrors()) return fail(1);
  if (!build.inflightDb.empty() && !checkInflightRuns(build.inflightDb, ir, sink)) return fail(1);

  OutputState current = readOutputState(outDir);
  timer.lap("read-out");
  // A fresh output of a build without plugins (which may still change files after generation) is
  // written while the generators run.
  std::unique_ptr<EarlyOutput> early =
      host.empty() && !build.check ? EarlyOutput::start(current) : nullptr;
  GeneratorRunOptions runOptions;
  runOptions.templatesDir = config->templatesDir;
  runOptions.optionsFor = [&](const std::string& gen) { return config->optionsFor(gen); };
  runOptions.previousFor = [&](const std::string& gen) { return previousFilesOf(current, gen); };
  if (early) {
    runOptions.onFiles = [&](const GeneratedFiles& files) { early->add(files); };
    runOptions.beforeMerge = [&] { early->drain(); };
  }
  GeneratorRun run = runGenerators(selected, ir, runOptions);
  timer.lap("generate");
  reportGeneratorMessages(run.messages, *front->sources, config->root, sink);
  if (run.failed) return fail(1);
  transformArtifacts(host, run.files, current.files, pending);
  runPostGenerate(host, run.files, outDir, pending);
  for (const auto& [path, content] : run.files) run.owner.try_emplace(path, "plugins");
  flushPlugins();
  timer.lap("plugins-generate");
  if (sink.hasErrors()) return fail(1);
  attributePluginOutputs(host.set(), run.owner);
  run.files[kManifestName] = renderManifest(run.files, run.owner, coreVersion(), kIrVersion,
                                            early ? &early->hashes() : nullptr);
  timer.lap("manifest");
  // The build's plugin metrics to onMetric, budget and failure-rate breaches to onAlert.
  pending.add(hooks::publishMetricEvents(host.context(), host.set(), host.metrics()));
  flushPlugins();
  if (!build.keepWorkers) host.shutdownAll();
  reportSlowHooks(host.metrics(), sink);
  if (!build.metricsFile.empty()) writePluginMetrics(host, build.metricsFile, sink);
  const ReportedDiagnostics warnings = renderReport(sink, *front->sources, out);
  printReport(warnings);
  if (warningsDenied(sink, out)) return fail(1);
  if (build.check) return reportStale(findStaleFiles(run.files, current), outDir, out);

  WriteSummary summary;
  if (std::optional<std::string> error =
          early ? commitEarly(*early, run.files, summary)
                : writeOutput(run.files, current, summary,
                              build.inPlace ? WriteMode::InPlace : WriteMode::Swap)) {
    sink.emit(DiagKind::OutputWriteError, Span{},
              *error + (build.inPlace ? "; the output may be partly updated, build again"
                                      : "; the previous output is unchanged"));
    reportDiagnostics(sink, *front->sources, out);
    return 1;
  }
  timer.lap("write");
  if (mayReuse(host, build))
    recordBuild(recordFile, input, host, *front, *config, outDir, run.files, selected.size(),
                warnings, early ? &early->stamps() : nullptr);
  else
    removeBuildRecord(recordFile);
  timer.lap("record");
  if (!out.quiet) {
    printSummary(summary, outDir, selected.size());
    printPluginSummary(host, llvm::errs());
  }
  // A one-shot build ends the process next: freeing the IR, the AST and 20 MB of output piece by
  // piece would only delay the exit (as compilers do, leave that to the OS). Watch mode frees.
  if (!build.keepWorkers) leakAtExit(std::move(front), std::move(ir), std::move(run));
  return 0;
}

} // namespace locus
