// examples/plugins/fastapi-gen (Python SDK) end to end: the IR of a real example app (from the
// real `locusc ir`) goes to the plugin's `generate` in its sandboxed worker through the plugin
// host's dispatch (hooks::runPluginGenerator — the generator registry wiring of `locusc build` is
// branch plugc's); the files must be valid Python that covers every entity, and the models must
// import and validate with Pydantic.
#include "hooks/dispatch/plugin_extensions.h"
#include "runtime/plugins/plugin_pool.h"
#include "tests/e2e/plugin_runtime_support.h"

#include <gtest/gtest.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Generated {
  hooks::FilesOutcome outcome;
  json ir;
  fs::path out;
};

class PluginExamplesFastapi : public testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    project.addExample("fastapi-gen", "main.py");
    project.write("Locus.toml", "[plugins]\npaths = [\"plugins/fastapi-gen\"]\n");
  }

  Generated generate(const std::string& example, const json& options = json::object()) {
    Generated g;
    ProcessResult ir =
        runProcess(std::string(LOCUSC_PATH) + " ir " + sourceFile("examples/" + example));
    EXPECT_EQ(ir.exitCode, 0) << ir.err;
    g.ir = json::parse(ir.out);
    hooks::PluginSet set = hooks::discoverPlugins(project.dir);
    EXPECT_FALSE(set.hasErrors());
    rt::plugins::PluginPool pool(project.dir, std::move(set));
    const hooks::LoadedPlugin* plugin = pool.set().find("fastapi-gen");
    EXPECT_NE(plugin, nullptr);
    if (!plugin) return g;
    g.out = fs::path(project.dir) / "out";
    g.outcome = hooks::runPluginGenerator(pool.context(), "fastapi-gen",
                                          plugin->manifest.generators.at(0), g.ir, options, g.out);
    for (const auto& [path, content] : g.outcome.files) project.write("out/" + path, content);
    return g;
  }

  PluginProject project;
};

std::string diagnostics(const hooks::FilesOutcome& outcome) {
  std::string text;
  for (const hooks::PluginDiagnostic& d : outcome.diagnostics) text += d.str() + "\n";
  return text;
}

std::string snake(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0) out += '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

TEST_P(PluginExamplesFastapi, EmitsValidPythonForEveryEntity) {
  Generated g = generate(GetParam());
  ASSERT_FALSE(g.outcome.files.empty()) << diagnostics(g.outcome);
  EXPECT_TRUE(g.outcome.diagnostics.empty()) << diagnostics(g.outcome);
  const auto& files = g.outcome.files;
  ASSERT_GE(g.ir["entities"].size(), 2u);
  for (const auto& [path, content] : files) {
    EXPECT_EQ(path.rfind("python/", 0), 0u) << path;
    if (path.size() < 3 || path.substr(path.size() - 3) != ".py") continue;
    ProcessResult compiled = runProcess("python3 -m py_compile " + (g.out / path).string());
    EXPECT_EQ(compiled.exitCode, 0) << path << ":\n" << compiled.err;
  }
  const std::string& models = files.at("python/app/models.py");
  const std::string& main = files.at("python/app/main.py");
  for (const json& entity : g.ir["entities"]) {
    std::string name = entity["name"];
    EXPECT_NE(models.find("class " + name + "Create(BaseModel):"), std::string::npos) << name;
    EXPECT_NE(models.find("class " + name + "(" + name + "Create):"), std::string::npos) << name;
    std::string routes = "python/app/routes/" + snake(name) + ".py";
    ASSERT_TRUE(files.count(routes)) << routes;
    const std::string& router = files.at(routes);
    EXPECT_NE(router.find("APIRouter(prefix='/" + entity["table"].get<std::string>() + "'"),
              std::string::npos)
        << router;
    for (const char* verb : {"@router.get(\"\"", "@router.get(\"/{key}\"", "@router.post(",
                             "@router.put(", "@router.delete("})
      EXPECT_NE(router.find(verb), std::string::npos) << routes << " lacks " << verb;
    EXPECT_NE(main.find("app.include_router(" + snake(name) + ".router)"), std::string::npos);
  }
}

TEST_P(PluginExamplesFastapi, ModelsImportAndValidateWithPydantic) {
  Generated g = generate(GetParam());
  ASSERT_FALSE(g.outcome.files.empty()) << diagnostics(g.outcome);
  // Each entity's model is built from the IR and rejects a payload that lacks its fields.
  std::string script = "import sys\nsys.path.insert(0, 'python')\nimport pydantic\n"
                       "from app import models\n";
  for (const json& entity : g.ir["entities"]) {
    std::string name = entity["name"];
    script += "assert issubclass(models." + name + ", models." + name + "Create)\n";
    script += "assert '" + entity["primaryKey"]["field"].get<std::string>() + "' in models." +
              name + ".model_fields\n";
  }
  script += "required = [m for m in dir(models) if m.endswith('Create')]\n"
            "print(len(required))\n";
  project.write("out/check.py", script);
  ProcessResult r = runProcess("python3 check.py", (g.out).string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(std::stoul(r.out), g.ir["entities"].size());
}

INSTANTIATE_TEST_SUITE_P(Examples, PluginExamplesFastapi, testing::Values("shop", "crm"));

TEST(PluginExamplesFastapiOptions, ABadPackageNameIsAPluginErrorNamingTheOption) {
  PluginProject project;
  project.addExample("fastapi-gen", "main.py");
  project.write("Locus.toml", "[plugins]\npaths = [\"plugins/fastapi-gen\"]\n");
  rt::plugins::PluginPool pool(project.dir, hooks::discoverPlugins(project.dir));
  const hooks::LoadedPlugin* plugin = pool.set().find("fastapi-gen");
  ASSERT_NE(plugin, nullptr);
  hooks::FilesOutcome outcome =
      hooks::runPluginGenerator(pool.context(), "fastapi-gen", plugin->manifest.generators.at(0),
                                json({{"entities", json::array()}}),
                                json({{"package", "Not-A-Module"}}), fs::path(project.dir) / "out");
  EXPECT_TRUE(outcome.files.empty());
  ASSERT_FALSE(outcome.diagnostics.empty());
  EXPECT_NE(outcome.diagnostics[0].message.find("option `package`"), std::string::npos)
      << outcome.diagnostics[0].message;
  EXPECT_EQ(outcome.diagnostics[0].plugin, "fastapi-gen");
  EXPECT_EQ(outcome.diagnostics[0].hook, "generate");
}

} // namespace
} // namespace locus::test
