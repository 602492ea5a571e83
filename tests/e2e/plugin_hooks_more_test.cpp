// The hooks not covered by plugin_compiler_build_test, each in a real `locusc build` (or `check`)
// with a real sandboxed Python plugin, at its place in the pipeline with its declared semantics
// (docs/design/DESIGN.md §5, docs/plugins.md): onPostParse (diagnostics per parsed file: an error
// fails the build, located), onMigration, onPageGenerate and onComponentRender (transform chains on
// generated artifacts, with host-side page/component filters), onError (observe: sees each compile
// error, cannot fail the build itself). Observers record their payloads in their workspace
// (.locus/workspaces/hooks-more/), which the test reads.
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

const char* kManifest = R"({"name": "hooks-more", "version": "1.0.0", "requiresCore": "^0.1.0",
  "protocol": 1, "entry": ["python3", "main.py"],
  "hooks": {"onPostParse": {}, "onPostValidate": {"files": ["more*.locus"]}, "onMigration": {},
            "onPageGenerate": {"pages": ["Home"]}, "onComponentRender": {"components": ["B*"]},
            "onError": {}}})";

const char* kMain = R"(import json
from locus_plugin import Plugin
plugin = Plugin("hooks-more", "1.0.0")

def record(name, params):
    with open("/workspace/" + name + ".jsonl", "a") as f:
        f.write(json.dumps(params) + "\n")

def entities(node):
    if isinstance(node, dict):
        if node.get("kind") == "entity":
            yield node
        for value in node.values():
            yield from entities(value)
    elif isinstance(node, list):
        for item in node:
            yield from entities(item)

@plugin.hook("onPostParse")
def post_parse(params):
    record("onPostParse", {"file": params["file"], "kind": params["ast"].get("kind"),
                           "entities": [e["name"] for e in entities(params["ast"])]})
    return {"diagnostics": [{"severity": "error", "code": "HM001",
                             "message": "entity 'Forbidden' is not allowed here",
                             "span": e.get("span")}
                            for e in entities(params["ast"]) if e["name"] == "Forbidden"]}

@plugin.hook("onPostValidate")
def post_validate(params):
    record("onPostValidate", {"files": params["files"],
                              "entities": [e["name"] for e in entities(params["ast"])],
                              "pages": len(params["ast"].get("pages", []))})
    return {}

@plugin.hook("onMigration")
def migration(params):
    record("onMigration", {k: params[k] for k in ("kind", "name", "path")})
    return {"content": "-- checked by hooks-more: " + params["name"] + "\n" + params["content"]}

@plugin.hook("onPageGenerate")
def page(params):
    record("onPageGenerate", {k: params[k] for k in ("kind", "name", "path")})
    return {"content": params["content"] + "// page " + params["name"] + " reviewed\n"}

@plugin.hook("onComponentRender")
def component(params):
    record("onComponentRender", {k: params[k] for k in ("kind", "name", "path")})
    return {"content": params["content"] + "// component " + params["name"] + " reviewed\n"}

@plugin.hook("onError")
def on_error(params):
    record("onError", params)
    # An observer's error is only a warning: it cannot change the build's outcome.
    return {"diagnostics": [{"severity": "error", "code": "HM002", "message": "observer saw it"}]}

plugin.run()
)";

const char* kApp = R"(entity Product {
  name: String
}

component Badge {
  param label: String
  ui {
    <span class="badge">{label}</span>
  }
}

component Card {
  param title: String
  ui {
    <section>{title}</section>
  }
}

page Home {
  ui {
    <Badge label="hi" />
  }
}

page About {
  ui {
    <Card title="about" />
  }
}
)";

class PluginHooksMoreE2E : public FolderTest {
protected:
  PluginHooksMoreE2E() : FolderTest("hooksmore") {}
  void SetUp() override {
    FolderTest::SetUp();
    write(dir_ / "app.locus", kApp);
    fs::path plugin = dir_ / "plugins/hooks-more";
    write(plugin / "locus-plugin.json", kManifest);
    write(plugin / "main.py", kMain);
    fs::copy_file(kSource + "/hooks/sdk/locus_plugin.py", plugin / "locus_plugin.py");
    write(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/hooks-more\"]\n");
  }

  ProcessResult locusc(const std::string& args) {
    return runProcess(kLocusc + " " + args + " --color never", dir_.string());
  }

  // What the plugin recorded for `hook`, one JSON value per call.
  std::vector<json> calls(const std::string& hook) {
    std::vector<json> out;
    std::istringstream in(slurp(dir_ / ".locus/workspaces/hooks-more" / (hook + ".jsonl")));
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
  }
};

TEST_F(PluginHooksMoreE2E, OnPostParseSeesEachParsedFile) {
  write(dir_ / "more.locus", "entity Order {\n  qty: Integer\n}\n");
  ProcessResult r = locusc("build . --generators sql");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::vector<json> seen = calls("onPostParse");
  ASSERT_EQ(seen.size(), 2u);
  std::map<std::string, json> byFile;
  for (const json& c : seen) byFile[c["file"]] = c;
  ASSERT_TRUE(byFile.count("app.locus") && byFile.count("more.locus")) << json(seen).dump();
  EXPECT_EQ(byFile["app.locus"]["entities"], json::array({"Product"}));
  EXPECT_EQ(byFile["more.locus"]["entities"], json::array({"Order"}));
}

// A `files` filter on the whole-program hook asks for part of the program: only those files and
// the declarations written in them.
TEST_F(PluginHooksMoreE2E, OnPostValidateFilesFilterNarrowsThePayload) {
  write(dir_ / "more.locus", "entity Order {\n  qty: Integer\n}\n");
  ProcessResult r = locusc("build . --generators sql");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::vector<json> seen = calls("onPostValidate");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["files"], json::array({"more.locus"})) << seen[0].dump();
  EXPECT_EQ(seen[0]["entities"], json::array({"Order"})) << seen[0].dump();
  EXPECT_EQ(seen[0]["pages"], 0) << "app.locus's pages were sent";
}

TEST_F(PluginHooksMoreE2E, OnPostParseErrorFailsTheBuildLocated) {
  write(dir_ / "more.locus", "\nentity Forbidden {\n  qty: Integer\n}\n");
  for (const char* command : {"build . --generators sql", "check ."}) {
    ProcessResult r = locusc(command);
    EXPECT_EQ(r.exitCode, 1) << command << "\n" << r.err;
    EXPECT_NE(r.err.find("more.locus:2:1: error[E0903]: [plugin hooks-more, onPostParse] HM001: "
                         "entity 'Forbidden' is not allowed here"),
              std::string::npos)
        << command << "\n"
        << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "generated")) << "a failed build wrote output";
}

TEST_F(PluginHooksMoreE2E, OnMigrationTransformsEachNewMigration) {
  ProcessResult r = locusc("build . --generators sql");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::vector<json> seen = calls("onMigration");
  ASSERT_FALSE(seen.empty());
  for (const json& c : seen) {
    EXPECT_EQ(c["kind"], "migration") << c.dump();
    std::string path = c["path"];
    ASSERT_NE(path.find("/migrations/"), std::string::npos) << path;
    std::string content = slurp(dir_ / "generated" / path);
    EXPECT_EQ(content.rfind("-- checked by hooks-more: " + c["name"].get<std::string>() + "\n", 0),
              0u)
        << content;
  }
  // The schema is an onSchemaGenerate artifact, not a migration.
  std::string schema = slurp(dir_ / "generated/db/sqlite/schema.sql");
  EXPECT_EQ(schema.find("checked by hooks-more"), std::string::npos) << schema;
  // A rebuild leaves the earlier migrations alone (they are history): no call for them.
  fs::remove(dir_ / ".locus/workspaces/hooks-more/onMigration.jsonl");
  ASSERT_EQ(locusc("build . --generators sql").exitCode, 0);
  EXPECT_TRUE(calls("onMigration").empty());
}

TEST_F(PluginHooksMoreE2E, OnPageGenerateAndOnComponentRenderTransformTheirArtifacts) {
  ProcessResult r = locusc("build . --generators react");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string home = slurp(dir_ / "generated/web/src/pages/Home.tsx");
  std::string about = slurp(dir_ / "generated/web/src/pages/About.tsx");
  std::string badge = slurp(dir_ / "generated/web/src/components/Badge.tsx");
  std::string card = slurp(dir_ / "generated/web/src/components/Card.tsx");
  ASSERT_FALSE(home.empty() || about.empty() || badge.empty() || card.empty());
  EXPECT_NE(home.find("// page Home reviewed\n"), std::string::npos) << home;
  EXPECT_NE(badge.find("// component Badge reviewed\n"), std::string::npos) << badge;
  // Host-side filters: pages ["Home"], components ["B*"].
  EXPECT_EQ(about.find("reviewed"), std::string::npos) << about;
  EXPECT_EQ(card.find("reviewed"), std::string::npos) << card;
  std::vector<json> pages = calls("onPageGenerate");
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0],
            json({{"kind", "page"}, {"name", "Home"}, {"path", "web/src/pages/Home.tsx"}}));
  std::vector<json> components = calls("onComponentRender");
  ASSERT_EQ(components.size(), 1u);
  EXPECT_EQ(
      components[0],
      json({{"kind", "component"}, {"name", "Badge"}, {"path", "web/src/components/Badge.tsx"}}));
}

TEST_F(PluginHooksMoreE2E, OnErrorObservesEachCompileErrorAndCannotFailTheBuild) {
  write(dir_ / "app.locus", "entity Product {\n  name: Strnig\n}\n");
  for (const char* command : {"build . --generators sql", "check ."}) {
    fs::remove(dir_ / ".locus/workspaces/hooks-more/onError.jsonl");
    ProcessResult r = locusc(command);
    EXPECT_EQ(r.exitCode, 1) << command << "\n" << r.err;
    std::vector<json> seen = calls("onError");
    ASSERT_EQ(seen.size(), 1u) << command << "\n" << r.err;
    EXPECT_EQ(seen[0]["source"], "compiler");
    const json& d = seen[0]["diagnostic"];
    EXPECT_NE(d["message"].get<std::string>().find("Strnig"), std::string::npos) << d.dump();
    EXPECT_EQ(d["span"]["file"], "app.locus") << d.dump();
    EXPECT_EQ(d["span"]["line"], 2) << d.dump();
    EXPECT_EQ(d["code"].get<std::string>().rfind("E", 0), 0u) << d.dump();
    // The observer's own 'error' is reported as a warning.
    EXPECT_NE(r.err.find("warning[E0903]: [plugin hooks-more, onError]"), std::string::npos)
        << command << "\n"
        << r.err;
  }
  // A successful build calls no onError.
  write(dir_ / "app.locus", kApp);
  fs::remove(dir_ / ".locus/workspaces/hooks-more/onError.jsonl");
  ASSERT_EQ(locusc("build . --generators sql").exitCode, 0);
  EXPECT_TRUE(calls("onError").empty());
}

} // namespace
} // namespace locus::test
