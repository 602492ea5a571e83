// Dispatch semantics with in-process fake plugins behind the HookCall boundary: transform
// chains (text, artifacts, IR JSON Patch with validation, file sets with path checks),
// diagnostics, observers, vetoes, every failure channel (error reply, crash, timeout, protocol
// violation, wrong result shape) as a diagnostic naming plugin and hook, host-side filters,
// plugin generators and step kinds, metrics and audit entries.
#include "hooks/audit/audit_log.h"
#include "hooks/dispatch/hook_table.h"
#include "hooks/dispatch/notify.h"
#include "hooks/dispatch/output_paths.h"
#include "hooks/dispatch/plugin_extensions.h"
#include "hooks/dispatch/transforms.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace locus::hooks;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Handler = std::function<HookCallResult(const std::string& method, const json& params)>;

// Fake plugins: name → handler. Records every call in order.
struct FakePlugins {
  std::map<std::string, Handler> plugins;
  std::vector<std::string> calls; // "plugin:method"

  HookCall call() {
    return [this](const std::string& plugin, const std::string& method, const json& params) {
      calls.push_back(plugin + ":" + method);
      auto it = plugins.find(plugin);
      if (it == plugins.end())
        return HookCallResult::fail(HookFailureKind::Crash, "no such plugin");
      return it->second(method, params);
    };
  }
};

Subscriber sub(std::string name) {
  return {std::move(name), {}, std::nullopt};
}

Handler answer(json value) {
  return [value](const std::string&, const json&) {
    return HookCallResult::ok(value, {1.0, 0.5, 2048});
  };
}

bool hasDiagnostic(const std::vector<PluginDiagnostic>& ds, const std::string& plugin,
                   const std::string& hook, DiagnosticOrigin origin, const std::string& fragment,
                   Severity severity = Severity::Error) {
  for (const PluginDiagnostic& d : ds)
    if (d.plugin == plugin && d.hook == hook && d.origin == origin && d.severity == severity &&
        d.message.find(fragment) != std::string::npos)
      return true;
  return false;
}

std::string dump(const std::vector<PluginDiagnostic>& ds) {
  std::string out;
  for (const PluginDiagnostic& d : ds)
    out += "\n  " + d.str() + " (" + std::string(originName(d.origin)) + ")";
  return out;
}

} // namespace

TEST(HooksDispatch, HookTableHasEveryDesignHookWithOneSemantics) {
  std::vector<std::string> expected = {
      "onPreParse",    "onPostParse",    "onPostValidate",    "onPreGenerate",  "onSchemaGenerate",
      "onMigration",   "onPageGenerate", "onComponentRender", "onPostGenerate", "onWorkflowExecute",
      "onStepExecute", "onError",        "onMetric",          "onAlert",        "onEvent",        "onTest",
      "onCoverage",    "onDeploy",       "onRollback"};
  EXPECT_EQ(hookNames(), expected);
  EXPECT_EQ(findHook("onPreParse")->semantics, HookSemantics::TransformText);
  EXPECT_EQ(findHook("onPreGenerate")->semantics, HookSemantics::TransformIr);
  EXPECT_EQ(findHook("onPostGenerate")->semantics, HookSemantics::TransformFiles);
  EXPECT_EQ(findHook("onStepExecute")->semantics, HookSemantics::ObserveOrVeto);
  EXPECT_EQ(findHook("onPostValidate")->semantics, HookSemantics::Diagnostics);
  EXPECT_EQ(findHook("onMetric")->semantics, HookSemantics::Observe);
  EXPECT_EQ(findHook("onBuild"), nullptr);
}

TEST(HooksDispatch, TextTransformChainsInOrder) {
  FakePlugins fake;
  fake.plugins["upper"] = [](const std::string&, const json& p) {
    std::string s = p["source"];
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return HookCallResult::ok({{"source", s}});
  };
  fake.plugins["suffix"] = [](const std::string&, const json& p) {
    return HookCallResult::ok({{"source", p["source"].get<std::string>() + "!"}});
  };
  DispatchContext ctx;
  ctx.call = fake.call();
  TextOutcome out = transformSource(ctx, {sub("upper"), sub("suffix")}, "app.locus", "hi");
  EXPECT_EQ(out.text, "HI!");
  EXPECT_TRUE(out.diagnostics.empty()) << dump(out.diagnostics);
  EXPECT_EQ(fake.calls, (std::vector<std::string>{"upper:onPreParse", "suffix:onPreParse"}));
  // The other order gives the other result: the chain really is ordered.
  EXPECT_EQ(transformSource(ctx, {sub("suffix"), sub("upper")}, "app.locus", "hi").text, "HI!");
}

TEST(HooksDispatch, FiltersKeepPluginsFromBeingCalled) {
  FakePlugins fake;
  fake.plugins["md-only"] = answer({{"source", "changed"}});
  DispatchContext ctx;
  ctx.call = fake.call();
  Subscriber s = sub("md-only");
  s.filter.files = {"docs/**/*.md"};
  EXPECT_EQ(transformSource(ctx, {s}, "app.locus", "same").text, "same");
  EXPECT_TRUE(fake.calls.empty());
  EXPECT_EQ(transformSource(ctx, {s}, "docs/a/b.md", "same").text, "changed");
  EXPECT_EQ(fake.calls.size(), 1u);
}

TEST(HooksDispatch, EveryFailureChannelBecomesADiagnosticNamingPluginAndHook) {
  FakePlugins fake;
  fake.plugins["replies-error"] = [](const std::string&, const json&) {
    return HookCallResult::fail(
        HookFailureKind::ErrorReply, "cannot transform",
        {{"diagnostics",
          {{{"severity", "error"},
            {"code", "X1"},
            {"message", "bad token"},
            {"span", {{"file", "app.locus"}, {"line", 3}, {"col", 5}, {"length", 2}}}}}}});
  };
  fake.plugins["crashes"] = [](const std::string&, const json&) {
    return HookCallResult::fail(HookFailureKind::Crash, "exited with signal 11 (SIGSEGV)");
  };
  fake.plugins["hangs"] = [](const std::string&, const json&) {
    return HookCallResult::fail(HookFailureKind::Timeout, "no answer within 2000 ms; killed");
  };
  fake.plugins["garbage"] = [](const std::string&, const json&) {
    return HookCallResult::fail(HookFailureKind::ProtocolViolation, "invalid JSON in message body");
  };
  fake.plugins["wrong-shape"] = answer({{"text", "not source"}});
  fake.plugins["not-object"] = [](const std::string&, const json&) {
    return HookCallResult::ok(json(42));
  };
  fake.plugins["good"] = answer({{"source", "good"}});
  DispatchContext ctx;
  ctx.call = fake.call();
  std::vector<Subscriber> subs = {sub("replies-error"), sub("crashes"),     sub("hangs"),
                                  sub("garbage"),       sub("wrong-shape"), sub("not-object"),
                                  sub("good")};
  TextOutcome out = transformSource(ctx, subs, "app.locus", "original");
  EXPECT_EQ(out.text, "good"); // failures are skipped; the chain goes on
  const std::string hook = "onPreParse";
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "replies-error", hook, DiagnosticOrigin::ErrorReply,
                            "bad token"))
      << dump(out.diagnostics);
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "crashes", hook, DiagnosticOrigin::Crash, "SIGSEGV"));
  EXPECT_TRUE(
      hasDiagnostic(out.diagnostics, "hangs", hook, DiagnosticOrigin::Timeout, "timed out"));
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "garbage", hook, DiagnosticOrigin::ProtocolViolation,
                            "broke the protocol"));
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "wrong-shape", hook, DiagnosticOrigin::InvalidResult,
                            "{source: string}"));
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "not-object", hook, DiagnosticOrigin::InvalidResult,
                            "JSON object"));
  // The located diagnostic keeps its span.
  for (const PluginDiagnostic& d : out.diagnostics)
    if (d.plugin == "replies-error") {
      ASSERT_TRUE(d.span);
      EXPECT_EQ(d.span->line, 3);
      EXPECT_EQ(d.str(), "app.locus:3:5: error: [plugin replies-error, onPreParse] bad token [X1]");
    }
  EXPECT_EQ(out.diagnostics.size(), 6u) << dump(out.diagnostics);
}

TEST(HooksDispatch, ArtifactTransformsFilterOnPageAndComponentNames) {
  FakePlugins fake;
  fake.plugins["banner"] = [](const std::string&, const json& p) {
    return HookCallResult::ok({{"content", "// " + p["name"].get<std::string>() + "\n" +
                                               p["content"].get<std::string>()}});
  };
  DispatchContext ctx;
  ctx.call = fake.call();
  Subscriber s = sub("banner");
  s.filter.pages = {"Admin*"};
  Artifact admin{"page", "AdminUsers", "web/pages/AdminUsers.tsx", "export {}"};
  Artifact home{"page", "Home", "web/pages/Home.tsx", "export {}"};
  EXPECT_EQ(transformArtifact(ctx, {s}, "onPageGenerate", admin).text, "// AdminUsers\nexport {}");
  EXPECT_EQ(transformArtifact(ctx, {s}, "onPageGenerate", home).text, "export {}");
  EXPECT_EQ(fake.calls.size(), 1u);
}

TEST(HooksDispatch, IrPatchesApplyInOrderAndAreValidated) {
  FakePlugins fake;
  fake.plugins["add-audit-fields"] = answer(
      {{"patch",
        {{{"op", "add"}, {"path", "/entities/0/fields/-"}, {"value", {{"name", "createdAt"}}}}}}});
  fake.plugins["breaks-schema"] = answer({{"patch", {{{"op", "remove"}, {"path", "/irVersion"}}}}});
  fake.plugins["bad-path"] =
      answer({{"patch", {{{"op", "replace"}, {"path", "/nope/0"}, {"value", 1}}}}});
  fake.plugins["failed-test"] =
      answer({{"patch", {{{"op", "test"}, {"path", "/irVersion"}, {"value", 99}}}}});
  fake.plugins["no-patch"] = answer({{"ir", json::object()}});
  fake.plugins["rename"] = answer(
      {{"patch", {{{"op", "replace"}, {"path", "/entities/0/name"}, {"value", "Customer"}}}}});
  DispatchContext ctx;
  ctx.call = fake.call();
  json ir = {{"irVersion", 1}, {"entities", {{{"name", "User"}, {"fields", json::array()}}}}};
  IrValidator validate = [](const json& candidate) {
    std::vector<std::string> problems;
    if (!candidate.contains("irVersion")) problems.push_back("/irVersion: required");
    return problems;
  };
  IrOutcome out = transformIr(ctx,
                              {sub("add-audit-fields"), sub("breaks-schema"), sub("bad-path"),
                               sub("failed-test"), sub("no-patch"), sub("rename")},
                              ir, validate);
  EXPECT_EQ(out.ir["irVersion"], 1);
  EXPECT_EQ(out.ir["entities"][0]["name"], "Customer");
  EXPECT_EQ(out.ir["entities"][0]["fields"][0]["name"], "createdAt");
  const std::string hook = "onPreGenerate";
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "breaks-schema", hook, DiagnosticOrigin::InvalidIr,
                            "/irVersion: required"))
      << dump(out.diagnostics);
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "bad-path", hook, DiagnosticOrigin::InvalidIr,
                            "does not apply"));
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "failed-test", hook, DiagnosticOrigin::InvalidIr,
                            "does not apply"));
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "no-patch", hook, DiagnosticOrigin::InvalidResult,
                            "{patch: [JSON Patch]}"));
  EXPECT_EQ(out.diagnostics.size(), 4u) << dump(out.diagnostics);
}

TEST(HooksDispatch, GeneratedPathChecks) {
  struct Case {
    const char* path;
    const char* fragment; // "" = accepted
  } cases[] = {
      {"src/app.ts", ""},       {"a/b/c.txt", ""},
      {"..", "'..'"},           {"../evil", "'..'"},
      {"a/../../evil", "'..'"}, {"/etc/passwd", "absolute"},
      {"a\\b", "'\\'"},         {"", "empty"},
      {"a//b", "empty or '.'"}, {"./a", "empty or '.'"},
      {"a/", "empty or '.'"},   {"a/./b", "empty or '.'"},
  };
  for (const Case& c : cases) {
    std::string why = generatedPathProblem(c.path);
    if (std::string(c.fragment).empty())
      EXPECT_EQ(why, "") << c.path;
    else
      EXPECT_NE(why.find(c.fragment), std::string::npos) << c.path << " → " << why;
  }
  EXPECT_NE(generatedPathProblem(std::string("a\0b", 3)).find("NUL"), std::string::npos);
}

TEST(HooksDispatch, GeneratedPathsCannotEscapeThroughSymlinks) {
  fs::path root = fs::temp_directory_path() / ("locus_out_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "out" / "real");
  fs::create_directories(root / "outside");
  fs::create_directory_symlink(root / "outside", root / "out" / "link");
  EXPECT_EQ(generatedPathProblem("real/file.txt", root / "out"), "");
  EXPECT_EQ(generatedPathProblem("new/dir/file.txt", root / "out"), "");
  EXPECT_NE(generatedPathProblem("link/file.txt", root / "out").find("symlink"), std::string::npos);
  fs::remove_all(root);
}

TEST(HooksDispatch, FileSetTransformsSeeOnlyTheirFilesAndCannotEscape) {
  FakePlugins fake;
  fake.plugins["ts-header"] = [](const std::string&, const json& p) {
    json files = json::object();
    for (const auto& [path, content] : p["files"].items())
      files[path] = "// generated\n" + content.get<std::string>();
    files["src/index.ts"] = "export * from './a';"; // adds a file
    return HookCallResult::ok({{"files", files}});
  };
  fake.plugins["deleter"] = answer({{"files", json::object()}}); // deletes what it was given
  fake.plugins["escaper"] = answer({{"files", {{"../../.bashrc", "evil"}, {"ok.txt", "fine"}}}});
  fake.plugins["absolute"] = answer({{"files", {{"/etc/cron.d/x", "evil"}}}});
  fake.plugins["binary"] = answer({{"files", {{"a.bin", 5}}}});
  DispatchContext ctx;
  ctx.call = fake.call();
  Subscriber ts = sub("ts-header");
  ts.filter.files = {"src/**/*.ts"};
  Subscriber del = sub("deleter");
  del.filter.files = {"tmp/**"};
  FileSet files = {{"src/a.ts", "a"}, {"README.md", "readme"}, {"tmp/scratch", "x"}};
  FilesOutcome out =
      transformFiles(ctx, {ts, del, sub("escaper"), sub("absolute"), sub("binary")}, files, {});
  FileSet expected = {{"src/a.ts", "// generated\na"},
                      {"src/index.ts", "export * from './a';"},
                      {"README.md", "readme"}};
  EXPECT_EQ(out.files, expected);
  const std::string hook = "onPostGenerate";
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "escaper", hook, DiagnosticOrigin::RejectedPath,
                            "'../../.bashrc'"))
      << dump(out.diagnostics);
  EXPECT_TRUE(
      hasDiagnostic(out.diagnostics, "absolute", hook, DiagnosticOrigin::RejectedPath, "absolute"));
  EXPECT_TRUE(
      hasDiagnostic(out.diagnostics, "binary", hook, DiagnosticOrigin::InvalidResult, "non-text"));
  EXPECT_EQ(fake.calls.size(), 5u);
}

TEST(HooksDispatch, DiagnosticsAreCollectedFromEveryPlugin) {
  FakePlugins fake;
  fake.plugins["naming"] =
      answer({{"diagnostics",
               {{{"severity", "warning"},
                 {"code", "N001"},
                 {"message", "entity 'user' should be PascalCase"},
                 {"span", {{"file", "app.locus"}, {"line", 1}, {"col", 8}, {"length", 4}}}}}}});
  fake.plugins["policy"] =
      answer({{"diagnostics", {{{"severity", "error"}, {"message", "no PII"}}}}});
  fake.plugins["quiet"] = answer(json::object());
  fake.plugins["sloppy"] =
      answer({{"diagnostics", {{{"severity", "fatal"}, {"message", "x"}}, "text"}}});
  DispatchContext ctx;
  ctx.call = fake.call();
  auto ds = collectDiagnostics(ctx, {sub("naming"), sub("policy"), sub("quiet"), sub("sloppy")},
                               "onPostValidate", {{"files", json::array()}});
  EXPECT_TRUE(hasDiagnostic(ds, "naming", "onPostValidate", DiagnosticOrigin::Reported,
                            "PascalCase", Severity::Warning))
      << dump(ds);
  EXPECT_TRUE(hasDiagnostic(ds, "policy", "onPostValidate", DiagnosticOrigin::Reported, "no PII"));
  EXPECT_TRUE(hasDiagnostic(ds, "sloppy", "onPostValidate", DiagnosticOrigin::InvalidResult,
                            "diagnostics[0]"));
  EXPECT_TRUE(hasDiagnostic(ds, "sloppy", "onPostValidate", DiagnosticOrigin::InvalidResult,
                            "diagnostics[1]"));
  EXPECT_EQ(ds.size(), 4u) << dump(ds);
  EXPECT_EQ(std::count_if(ds.begin(), ds.end(), isError), 3);
}

TEST(HooksDispatch, ObserversCannotFailAnything) {
  FakePlugins fake;
  fake.plugins["ok"] = answer(json::object());
  fake.plugins["crashy"] = [](const std::string&, const json&) {
    return HookCallResult::fail(HookFailureKind::Crash, "segfault");
  };
  fake.plugins["loud"] = answer({{"diagnostics", {{{"severity", "error"}, {"message", "meh"}}}}});
  DispatchContext ctx;
  ctx.call = fake.call();
  auto ds = notifyObservers(ctx, {sub("ok"), sub("crashy"), sub("loud")}, "onMetric",
                            {{"name", "x"}, {"value", 1}});
  EXPECT_EQ(fake.calls.size(), 3u);
  ASSERT_EQ(ds.size(), 2u) << dump(ds);
  for (const PluginDiagnostic& d : ds) EXPECT_EQ(d.severity, Severity::Warning) << d.str();
  EXPECT_TRUE(hasDiagnostic(ds, "crashy", "onMetric", DiagnosticOrigin::Crash, "crashed",
                            Severity::Warning));
}

TEST(HooksDispatch, TheFirstVetoStopsTheAction) {
  FakePlugins fake;
  fake.plugins["watcher"] = answer(json::object());
  fake.plugins["gate"] = answer({{"veto", "outside business hours"}});
  fake.plugins["never"] = answer(json::object());
  DispatchContext ctx;
  ctx.call = fake.call();
  json params = {{"workflow", "Payout"},
                 {"runId", "r1"},
                 {"stepId", "Payout/send"},
                 {"kind", "http_request"},
                 {"attempt", 1}};
  VetoOutcome out = askVeto(ctx, {sub("watcher"), sub("gate"), sub("never")}, "onStepExecute",
                            params, FilterSubject::ofStep("Payout", "http_request"));
  ASSERT_TRUE(out.veto);
  EXPECT_EQ(out.veto->plugin, "gate");
  EXPECT_EQ(out.veto->reason, "outside business hours");
  EXPECT_EQ(fake.calls, (std::vector<std::string>{"watcher:onStepExecute", "gate:onStepExecute"}));
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "gate", "onStepExecute", DiagnosticOrigin::Veto,
                            "outside business hours"));

  Subscriber onlySlack = sub("gate");
  onlySlack.filter.steps = {"slack_*"};
  EXPECT_FALSE(askVeto(ctx, {onlySlack}, "onStepExecute", params,
                       FilterSubject::ofStep("Payout", "http_request"))
                   .veto);
}

TEST(HooksDispatch, ABrokenGateStaysShut) {
  FakePlugins fake;
  fake.plugins["gate"] = [](const std::string&, const json&) {
    return HookCallResult::fail(HookFailureKind::Timeout, "killed after 2000 ms");
  };
  DispatchContext ctx;
  ctx.call = fake.call();
  VetoOutcome out = askVeto(ctx, {sub("gate")}, "onWorkflowExecute", {{"workflow", "W"}});
  ASSERT_TRUE(out.veto);
  EXPECT_NE(out.veto->reason.find("could not answer"), std::string::npos);
  EXPECT_TRUE(hasDiagnostic(out.diagnostics, "gate", "onWorkflowExecute", DiagnosticOrigin::Timeout,
                            "timed out"));
}

TEST(HooksDispatch, PluginGeneratorsAreHeldToTheirDeclaredOutputs) {
  FakePlugins fake;
  fake.plugins["py"] = [](const std::string& method, const json& p) {
    EXPECT_EQ(method, "generate");
    EXPECT_EQ(p["generator"], "fastapi");
    return HookCallResult::ok({{"files", {{"python/main.py", "app = FastAPI()"}}}});
  };
  fake.plugins["sprawl"] = answer({{"files", {{"python/a.py", ""}, {"web/hijack.ts", ""}}}});
  DispatchContext ctx;
  ctx.call = fake.call();
  GeneratorDecl gen{"fastapi", "", {"python/**"}, {}};
  FilesOutcome ok = runPluginGenerator(ctx, "py", gen, {{"irVersion", 1}}, json::object(), {});
  EXPECT_EQ(ok.files.at("python/main.py"), "app = FastAPI()");
  EXPECT_TRUE(ok.diagnostics.empty()) << dump(ok.diagnostics);
  FilesOutcome bad = runPluginGenerator(ctx, "sprawl", gen, json::object(), json::object(), {});
  EXPECT_TRUE(bad.files.empty());
  EXPECT_TRUE(hasDiagnostic(bad.diagnostics, "sprawl", "generate", DiagnosticOrigin::RejectedPath,
                            "'web/hijack.ts'"));
}

TEST(HooksDispatch, PluginStepKindsExecute) {
  FakePlugins fake;
  fake.plugins["slack"] = [](const std::string& method, const json& p) {
    EXPECT_EQ(method, "executeStep");
    return HookCallResult::ok(
        {{"output", {{"posted", p["params"]["channel"]}, {"attempt", p["attempt"]}}}});
  };
  fake.plugins["mute"] = answer(json::object());
  DispatchContext ctx;
  ctx.call = fake.call();
  StepOutcome out = executePluginStep(
      ctx, "slack", {"slack_post", {{"channel", "#ops"}}, "run-1", "W/notify", 2});
  ASSERT_TRUE(out.output);
  EXPECT_EQ((*out.output)["posted"], "#ops");
  EXPECT_EQ((*out.output)["attempt"], 2);
  StepOutcome missing = executePluginStep(ctx, "mute", {"mute_step", {}, "run-1", "W/m", 1});
  EXPECT_FALSE(missing.output);
  EXPECT_TRUE(hasDiagnostic(missing.diagnostics, "mute", "executeStep",
                            DiagnosticOrigin::InvalidResult, "{output: ...}"));
}

TEST(HooksDispatch, CallsAreMeasuredAndAudited) {
  fs::path dir = fs::temp_directory_path() / ("locus_dispatch_audit_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  FakePlugins fake;
  fake.plugins["fast"] = answer({{"source", "x"}});
  fake.plugins["broken"] = [](const std::string&, const json&) {
    return HookCallResult::fail(HookFailureKind::Crash, "boom", {}, {7.0, 1.0, 4096});
  };
  MetricsBook book;
  DispatchContext ctx{fake.call(), &book, dir / "audit.log"};
  Subscriber fast = sub("fast");
  fast.budgetMs = 0.5; // the fake reports 1 ms per call
  for (int i = 0; i < 3; ++i) transformSource(ctx, {fast, sub("broken")}, "a.locus", "s");
  json m = metricsJson(book);
  EXPECT_EQ(m["plugins"]["fast"]["hooks"]["onPreParse"]["calls"], 3);
  EXPECT_EQ(m["plugins"]["fast"]["hooks"]["onPreParse"]["overBudget"], 3);
  EXPECT_EQ(m["plugins"]["broken"]["failures"], 3);
  EXPECT_EQ(m["plugins"]["broken"]["maxRssKb"], 4096);
  ASSERT_EQ(slowHookWarnings(book).size(), 1u);
  AuditVerifyResult v = verifyAuditLog(dir / "audit.log");
  EXPECT_EQ(v.status, AuditVerifyResult::Status::Ok) << v.message;
  EXPECT_EQ(v.entries, 6u);
  std::ifstream in(dir / "audit.log");
  std::string first;
  std::getline(in, first);
  json entry = json::parse(first)["entry"];
  EXPECT_EQ(entry["event"], "hook.call");
  EXPECT_EQ(entry["plugin"], "fast");
  EXPECT_EQ(entry["hook"], "onPreParse");
  EXPECT_EQ(entry["outcome"], "ok");
  std::getline(in, first);
  EXPECT_EQ(json::parse(first)["entry"]["outcome"], "crash");
  fs::remove_all(dir);
}

TEST(HooksDispatch, SubscribersComeFromThePluginSetInHookOrder) {
  PluginSet set;
  for (const char* name : {"a", "b"}) {
    LoadedPlugin p;
    p.manifest.name = name;
    HookSubscription s;
    s.hook = "onPreParse";
    s.filter.files = {std::string(name) + "/**"};
    s.budgetMs = 12;
    p.manifest.hooks.push_back(s);
    set.plugins.push_back(p);
  }
  set.hookOrder["onPreParse"] = {"b", "a"};
  auto subs = subscribersOf(set, "onPreParse");
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].plugin, "b");
  EXPECT_EQ(subs[0].filter.files, std::vector<std::string>{"b/**"});
  EXPECT_EQ(subs[0].budgetMs, 12.0);
  EXPECT_TRUE(subscribersOf(set, "onPreGenerate").empty());
}

TEST(HooksDispatch, ABufferedAuditIsWrittenOnceOnFlush) {
  fs::path dir =
      fs::temp_directory_path() / ("locus_dispatch_buffer_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  FakePlugins fake;
  fake.plugins["p"] = answer({{"source", "x"}});
  AuditBuffer buffer;
  buffer.log = dir / "audit.log";
  DispatchContext ctx;
  ctx.call = fake.call();
  ctx.auditBuffer = &buffer;
  for (int i = 0; i < 50; ++i) transformSource(ctx, {sub("p")}, "a.locus", "s");
  EXPECT_FALSE(fs::exists(buffer.log)); // nothing written yet
  AuditAppendResult r = buffer.flush();
  ASSERT_TRUE(r.ok) << r.error;
  AuditVerifyResult v = verifyAuditLog(buffer.log);
  EXPECT_EQ(v.status, AuditVerifyResult::Status::Ok) << v.message;
  EXPECT_EQ(v.entries, 50u);
  EXPECT_TRUE(buffer.flush().ok); // empty flush
  fs::remove_all(dir);
}

// A whole-program payload written once as text goes to every plugin as that same text (the
// transport's text call), and a transport without one gets it parsed.
TEST(HooksDispatch, TextParamsAreSharedByEveryPluginAndParsedOnlyWithoutATextCall) {
  auto text = std::make_shared<const std::string>(R"({"files":["a.locus"],"ast":{"kind":"file"}})");
  std::vector<const std::string*> seen;
  DispatchContext ctx;
  ctx.call = [](const std::string&, const std::string&, const json&) {
    return HookCallResult::fail(HookFailureKind::Crash, "the value path was taken");
  };
  ctx.callText = [&](const std::string&, const std::string&, const std::string& paramsText) {
    seen.push_back(&paramsText);
    return HookCallResult::ok(json::object());
  };
  auto ds =
      collectDiagnostics(ctx, {sub("one"), sub("two")}, "onPostValidate", HookParams::ofText(text));
  EXPECT_TRUE(ds.empty()) << dump(ds);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], text.get()) << "the text was copied";
  EXPECT_EQ(seen[1], text.get());

  FakePlugins fake;
  json received;
  fake.plugins["one"] = [&](const std::string&, const json& params) {
    received = params;
    return HookCallResult::ok(json::object());
  };
  DispatchContext valuesOnly;
  valuesOnly.call = fake.call();
  collectDiagnostics(valuesOnly, {sub("one")}, "onPostValidate", HookParams::ofText(text));
  EXPECT_EQ(received, json::parse(*text));
}
