// Plugins in a real `locusc build` / `check`: the example plugins (examples/plugins) run through
// the real sandbox (bwrap) and their effect is checked in the output — audit-fields' columns in
// the generated SQL, naming-lint's located diagnostics — plus load errors, the audit log and its
// verification, --metrics, and the `locusc plugin` commands.
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

const char* kApp = R"(entity Product {
  name: String
  price_cents: Integer
}
)";

class PluginCompilerE2E : public FolderTest {
protected:
  PluginCompilerE2E() : FolderTest("plugc") {}
  void SetUp() override {
    FolderTest::SetUp();
    write(dir_ / "app.locus", kApp);
  }

  // Copies examples/plugins/<name> (which ships its SDK file) into <project>/plugins/<name>.
  void addExamplePlugin(const std::string& name) {
    fs::path target = dir_ / "plugins" / name;
    fs::create_directories(target.parent_path());
    fs::copy(kSource + "/examples/plugins/" + name, target, fs::copy_options::recursive);
    paths_ += std::string(paths_.empty() ? "" : ", ") + "\"plugins/" + name + "\"";
    write(dir_ / "Locus.toml", "[plugins]\npaths = [" + paths_ + "]\n");
  }

  ProcessResult locusc(const std::string& args) {
    // --color exists for the commands that print compiler diagnostics only.
    bool diagnostics = args.rfind("build", 0) == 0 || args.rfind("check", 0) == 0;
    return runProcess(kLocusc + " " + args + (diagnostics ? " --color never" : ""), dir_.string());
  }

  // Every SQL file the sql generator wrote (schema and migrations), concatenated.
  std::string generatedSql() {
    std::string sql;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir_ / "generated"))
      if (e.path().extension() == ".sql") sql += slurp(e.path());
    return sql;
  }

  std::string paths_;
};

TEST_F(PluginCompilerE2E, AuditFieldsAddsColumnsToTheGeneratedSql) {
  addExamplePlugin("audit-fields");
  ProcessResult r = locusc("build . --generators sql");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string sql = generatedSql();
  ASSERT_FALSE(sql.empty()) << "no SQL generated";
  EXPECT_NE(sql.find("created_at"), std::string::npos) << sql;
  EXPECT_NE(sql.find("updated_at"), std::string::npos) << sql;
  EXPECT_NE(r.err.find("plugin audit-fields: 1 calls"), std::string::npos) << r.err;
  // Without the plugin the columns are not there: the effect is the plugin's.
  fs::remove(dir_ / "Locus.toml");
  fs::remove_all(dir_ / "generated");
  ASSERT_EQ(locusc("build . --generators sql").exitCode, 0);
  EXPECT_EQ(generatedSql().find("created_at"), std::string::npos);
}

TEST_F(PluginCompilerE2E, NamingLintWarningsAreLocated) {
  addExamplePlugin("naming-lint");
  ProcessResult r = locusc("build . --generators sql");
  ASSERT_EQ(r.exitCode, 0) << r.err; // a warning does not fail the build
  EXPECT_NE(r.err.find("app.locus:3:3: warning[E0903]: [plugin naming-lint, onPostValidate] "
                       "NAMING002: field 'Product.price_cents' is not camelCase; rename it "
                       "'priceCents'"),
            std::string::npos)
      << r.err;
}

TEST_F(PluginCompilerE2E, NamingLintErrorFailsTheBuildAndCheck) {
  addExamplePlugin("naming-lint");
  write(dir_ / "app.locus", "entity order_line {\n  qty: Integer\n}\n");
  for (const char* command : {"build . --generators sql", "check ."}) {
    ProcessResult r = locusc(command);
    EXPECT_EQ(r.exitCode, 1) << command << "\n" << r.err;
    EXPECT_NE(r.err.find("app.locus:1:1: error[E0903]: [plugin naming-lint, onPostValidate] "
                         "NAMING001: entity 'order_line' is not PascalCase"),
              std::string::npos)
        << command << "\n"
        << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "generated")) << "a failed build wrote output";
}

TEST_F(PluginCompilerE2E, AuditLogRecordsTheBuildAndVerifyFindsTampering) {
  addExamplePlugin("audit-fields");
  addExamplePlugin("naming-lint");
  ASSERT_EQ(locusc("build . --generators sql").exitCode, 0);
  std::string log = slurp(dir_ / ".locus/audit.log");
  for (const char* event : {"plugin.start", "plugin.stop", "audit-fields", "naming-lint"})
    EXPECT_NE(log.find(event), std::string::npos) << event << "\n" << log;
  ProcessResult ok = locusc("audit verify");
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  // Edit one byte of the first entry: verify names line 1.
  std::string edited = log;
  edited[edited.find("plugin")] = 'P';
  write(dir_ / ".locus/audit.log", edited);
  ProcessResult bad = locusc("audit verify --log .locus/audit.log");
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.err.find("audit.log:1:"), std::string::npos) << bad.err;
}

TEST_F(PluginCompilerE2E, MetricsFileHasPerPluginFigures) {
  addExamplePlugin("audit-fields");
  ProcessResult r = locusc("build . --generators sql --metrics metrics.json");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json m = nlohmann::json::parse(slurp(dir_ / "metrics.json"));
  const nlohmann::json& p = m["plugins"]["audit-fields"];
  EXPECT_EQ(p["calls"], 1);
  EXPECT_EQ(p["starts"], 1);
  EXPECT_EQ(p["hooks"]["onPreGenerate"]["calls"], 1);
  EXPECT_GT(p["worker"]["cpuSeconds"].get<double>(), 0.0);
}

TEST_F(PluginCompilerE2E, LoadErrorIsADiagnosticNamingThePlugin) {
  addExamplePlugin("naming-lint");
  write(dir_ / "plugins/naming-lint/locus-plugin.json",
        R"({"name": "naming-lint", "version": "1.0.0", "requiresCore": "^9.0.0",
            "protocol": 1, "entry": ["python3", "main.py"], "hooks": {"onPostValidate": {}}})");
  ProcessResult r = locusc("build . --generators sql");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0901"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("naming-lint"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("^9.0.0"), std::string::npos) << r.err;
}

TEST_F(PluginCompilerE2E, CrashingPluginFailsTheBuildNamingPluginAndHook) {
  addExamplePlugin("naming-lint");
  write(dir_ / "plugins/naming-lint/main.py", "import os\nos._exit(3)\n");
  ProcessResult r = locusc("build . --generators sql");
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("error[E0902]: [plugin naming-lint, onPostValidate]"), std::string::npos)
      << r.err;
}

// A plugin on every generation hook at once: the build shows each hook's effect at its place.
const char* kEveryHookManifest = R"({"name": "every-hook", "version": "1.0.0",
  "requiresCore": "^0.1.0", "protocol": 1, "entry": ["python3", "main.py"],
  "hooks": {"onPreParse": {}, "onSchemaGenerate": {}, "onPostGenerate": {}},
  "generators": [{"name": "entity-list", "outputs": ["README.md"]}]})";

const char* kEveryHookMain = R"(from locus_plugin import Plugin
plugin = Plugin("every-hook", "1.0.0")

@plugin.hook("onPreParse")
def pre_parse(params):
    return {"source": params["source"].replace("Product", "Article")}

@plugin.hook("onSchemaGenerate")
def schema(params):
    return {"content": "-- reviewed by every-hook (" + params["path"] + ")\n" + params["content"]}

@plugin.hook("onPostGenerate")
def post_generate(params):
    files = dict(params["files"])
    if "README.md" in files:
        files["NOTICE.txt"] = "generated with plugins\n"
    if "EVIL" in files.get("README.md", ""):
        files["../escaped.txt"] = "x"
    return {"files": files}

@plugin.generator("entity-list")
def readme(ir, options):
    names = ", ".join(e["name"] for e in ir["entities"])
    return {"files": {"README.md": "# entities: " + names + "\n"}}

plugin.run()
)";

TEST_F(PluginCompilerE2E, EveryGenerationHookAtItsPlace) {
  addExamplePlugin("naming-lint"); // for the SDK copy and Locus.toml; replaced below
  fs::path plugin = dir_ / "plugins" / "naming-lint";
  write(plugin / "locus-plugin.json", kEveryHookManifest);
  write(plugin / "main.py", kEveryHookMain);
  ProcessResult r = locusc("build . --generators sql,entity-list");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // onPreParse renamed the entity before parsing; the plugin generator saw the IR.
  EXPECT_EQ(slurp(dir_ / "generated/README.md"), "# entities: Article\n");
  EXPECT_EQ(slurp(dir_ / "generated/NOTICE.txt"), "generated with plugins\n");
  std::string schema = slurp(dir_ / "generated/db/sqlite/schema.sql");
  EXPECT_EQ(schema.rfind("-- reviewed by every-hook (db/sqlite/schema.sql)", 0), 0u) << schema;
  EXPECT_NE(schema.find("articles"), std::string::npos) << schema;
  // A path escaping the output folder is rejected: the build fails and writes nothing new.
  write(dir_ / "app.locus", "entity EVIL {\n  name: String\n}\n");
  ProcessResult evil = locusc("build . --generators sql,entity-list");
  EXPECT_EQ(evil.exitCode, 1) << evil.err;
  EXPECT_NE(evil.err.find("[plugin every-hook, onPostGenerate]"), std::string::npos) << evil.err;
  EXPECT_FALSE(fs::exists(dir_ / "escaped.txt"));
  EXPECT_EQ(slurp(dir_ / "generated/README.md"), "# entities: Article\n");
}

TEST_F(PluginCompilerE2E, PluginStepKindsAreCheckedAgainstTheirSchema) {
  addExamplePlugin("naming-lint");
  write(dir_ / "plugins/naming-lint/locus-plugin.json",
        R"({"name": "notify", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
            "entry": ["python3", "main.py"], "hooks": {},
            "steps": [{"kind": "slack_post", "schema": {"type": "object",
              "required": ["channel"], "properties": {"channel": {"type": "string"}}}}]})");
  write(dir_ / "app.locus", "workflow A {\n  steps {\n    slack_post { channel: 42 }\n"
                            "    slack_pots { channel: \"x\" }\n  }\n}\n");
  ProcessResult r = locusc("check .");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("app.locus:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("E0511"), std::string::npos) << r.err;      // params against the schema
  EXPECT_NE(r.err.find("E0510"), std::string::npos) << r.err;      // unknown kind ...
  EXPECT_NE(r.err.find("slack_post"), std::string::npos) << r.err; // ... lists the plugin's
  // Without the plugin, slack_post itself is unknown.
  fs::remove(dir_ / "Locus.toml");
  ProcessResult bare = locusc("check .");
  EXPECT_EQ(bare.err.find("E0511"), std::string::npos) << bare.err;
}

TEST_F(PluginCompilerE2E, PluginListAndInspect) {
  addExamplePlugin("audit-fields");
  ProcessResult list = locusc("plugin list");
  ASSERT_EQ(list.exitCode, 0) << list.err;
  EXPECT_NE(list.out.find("audit-fields 1.0.0"), std::string::npos) << list.out;
  ProcessResult inspect = locusc("plugin inspect audit-fields");
  ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
  for (const char* part :
       {"onPreGenerate (order pre", "network: denied", "limits: timeout 2000 ms"})
    EXPECT_NE(inspect.out.find(part), std::string::npos) << part << "\n" << inspect.out;
  EXPECT_EQ(locusc("plugin inspect nope").exitCode, 1);
}

TEST_F(PluginCompilerE2E, NewPluginsPassTheirOwnFixtureTest) {
  for (const char* lang : {"python", "node"}) {
    std::string name = std::string("demo-") + lang;
    ProcessResult made = locusc("plugin new " + name + " --lang " + lang);
    ASSERT_EQ(made.exitCode, 0) << made.err;
    ProcessResult tested = locusc("plugin test " + name);
    ASSERT_EQ(tested.exitCode, 0) << lang << "\n" << tested.out << tested.err;
    EXPECT_NE(tested.out.find("entity 'Empty' has no fields"), std::string::npos) << tested.out;
    EXPECT_EQ(tested.out.find("'Full'"), std::string::npos) << tested.out;
  }
  EXPECT_EQ(locusc("plugin new demo-python --lang python").exitCode, 2) << "overwrote a folder";
  EXPECT_EQ(locusc("plugin new x --lang rust").exitCode, 2);
}

TEST_F(PluginCompilerE2E, PluginTestRunsOneHookOnAnInputFile) {
  addExamplePlugin("audit-fields");
  write(dir_ / "ir.json", R"({"ir": {"entities": [{"name": "A", "fields": []}]}})");
  ProcessResult r = locusc("plugin test plugins/audit-fields --hook onPreGenerate --input ir.json");
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("/entities/0/fields/-"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("createdAt"), std::string::npos) << r.out;
}

} // namespace
} // namespace locus::test
