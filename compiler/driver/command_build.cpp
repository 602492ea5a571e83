// `locusc build [FILE|DIR] [-o OUT] [--check]`: front end → IR → generators → writer
// (DESIGN §2). Nothing reaches the disk unless every phase succeeded.
#include "compiler/driver/command_report.h"
#include "compiler/driver/commands.h"

#include "compiler/base/phase_timer.h"
#include "compiler/driver/build_diagnostics.h"
#include "compiler/driver/project_config.h"
#include "compiler/ir/ir.h"
#include "generators/output/build_manifest.h"
#include "generators/output/write_output.h"
#include "generators/registry.h"
#include "generators/run_generators.h"
#include "hooks/core_version.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

namespace {

std::string joinNames(const std::vector<Generator>& gens) {
  std::string out;
  for (const Generator& g : gens) out += (out.empty() ? "" : ", ") + g.name;
  return out;
}

// Selects the generators named by --generators, Locus.toml or the defaults; E0805 for unknown.
std::vector<Generator> chooseGenerators(const ProjectConfig& config, const BuildOptions& build,
                                        DiagnosticSink& sink) {
  std::vector<Generator> registry = builtinGenerators();
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
  for (const StaleFile& f : stale) llvm::outs() << f.reason << ": " << f.path << "\n";
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

} // namespace

int runListGenerators() {
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
  return 0;
}

int runBuild(const std::string& input, const BuildOptions& build, const OutputOptions& out) {
  PhaseTimer timer;
  std::unique_ptr<FrontEndResult> front = runFrontEnd(input, FrontEndOptions{});
  DiagnosticSink& sink = front->diagnostics;
  std::optional<ProjectConfig> config = loadProjectConfig(input, *front->sources, sink);
  std::vector<Generator> selected;
  if (config) selected = chooseGenerators(*config, build, sink);
  if (frontEndStatus(*front) || !config || sink.hasErrors()) {
    reportDiagnostics(sink, *front->sources, out);
    return front->ioError ? 2 : 1;
  }
  nlohmann::ordered_json ir =
      lowerToIr(front->program, *front->sources, LowerOptions{config->root});
  timer.lap("lower");

  std::string outDir = build.outputDir.empty() ? config->outputDir : build.outputDir;
  OutputState current = readOutputState(outDir);
  timer.lap("read-out");
  GeneratorRunOptions runOptions{
      config->templatesDir, [&](const std::string& gen) { return config->optionsFor(gen); },
      [&](const std::string& gen) { return previousFilesOf(current, gen); }};
  GeneratorRun run = runGenerators(selected, ir, runOptions);
  timer.lap("generate");
  reportGeneratorMessages(run.messages, *front->sources, config->root, sink);
  if (run.failed) {
    reportDiagnostics(sink, *front->sources, out);
    return 1;
  }
  run.files[kManifestName] = renderManifest(run.files, run.owner, coreVersion(), kIrVersion);
  timer.lap("manifest");
  reportDiagnostics(sink, *front->sources, out); // warnings
  if (build.check) return reportStale(findStaleFiles(run.files, current), outDir, out);

  WriteSummary summary;
  if (std::optional<std::string> error = writeOutput(run.files, current, summary)) {
    sink.emit(DiagKind::OutputWriteError, Span{}, *error + "; the previous output is unchanged");
    reportDiagnostics(sink, *front->sources, out);
    return 1;
  }
  timer.lap("write");
  if (!out.quiet) printSummary(summary, outDir, selected.size());
  return 0;
}

} // namespace locus
