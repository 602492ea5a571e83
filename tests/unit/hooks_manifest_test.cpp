// locus-plugin.json: JSON syntax, the embedded JSON Schema (valijson) with field paths, and the
// semantic checks (requiresCore against the core, protocol, hook names and filters, names, paths).
#include "compiler/base/core_version.h"
#include "hooks/manifest/handshake_check.h"
#include "hooks/manifest/manifest_checks.h"
#include "hooks/manifest/manifest_read.h"
#include "hooks/manifest/manifest_schema.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace locus::hooks;
using nlohmann::json;

namespace {

json validManifest() {
  return json::parse(R"({
    "name": "slack-notify", "version": "1.2.0", "requiresCore": "^0.1.0",
    "entry": ["python3", "main.py"], "protocol": 1,
    "hooks": { "onPostValidate": {}, "onPreGenerate": { "order": "post", "after": ["other-plugin"] },
               "onStepExecute": { "steps": ["slack_post"] } },
    "steps": [ { "kind": "slack_post", "schema": { "type": "object", "required": ["channel"] } } ],
    "generators": [ { "name": "fastapi", "outputs": ["python/**"] } ],
    "permissions": { "network": false, "fs": { "read": ["templates/**"], "write": [] }, "env": [] },
    "limits": { "timeoutMs": 2000, "memoryMb": 256, "cpuSeconds": 5, "maxOutputMb": 16 },
    "dependencies": { "json-utils": "^1.0.0" } })");
}

ManifestRead parse(const json& doc) {
  return parseManifest(doc.dump(), "locus-plugin.json", "/p");
}

// All errors of shape + meaning, as "field: message" lines.
std::vector<ManifestError> problems(const json& doc,
                                    ManifestCheckContext ctx = defaultCheckContext()) {
  ManifestRead r = parse(doc);
  if (!r.manifest) return r.errors;
  return checkManifest(*r.manifest, ctx, "locus-plugin.json");
}

::testing::AssertionResult hasError(const std::vector<ManifestError>& errors,
                                    const std::string& field, const std::string& fragment) {
  std::string all;
  for (const ManifestError& e : errors) {
    if (e.field == field && e.message.find(fragment) != std::string::npos)
      return ::testing::AssertionSuccess();
    all += "\n  " + e.str();
  }
  return ::testing::AssertionFailure()
         << "no error at '" << field << "' containing '" << fragment << "'; got:" << all;
}

} // namespace

TEST(HooksManifest, TheDesignExampleIsValidAndReadsIntoPlainData) {
  ManifestRead r = parse(validManifest());
  ASSERT_TRUE(r.manifest) << (r.errors.empty() ? "" : r.errors[0].str());
  const PluginManifest& m = *r.manifest;
  EXPECT_EQ(m.name, "slack-notify");
  EXPECT_EQ(m.entry, (std::vector<std::string>{"python3", "main.py"}));
  ASSERT_NE(m.subscription("onPreGenerate"), nullptr);
  EXPECT_EQ(m.subscription("onPreGenerate")->order, OrderBucket::Post);
  EXPECT_EQ(m.subscription("onPreGenerate")->after, std::vector<std::string>{"other-plugin"});
  EXPECT_EQ(m.subscription("onPostValidate")->order, OrderBucket::Normal);
  EXPECT_EQ(m.subscription("onStepExecute")->filter.steps, std::vector<std::string>{"slack_post"});
  ASSERT_EQ(m.steps.size(), 1u);
  EXPECT_EQ(m.steps[0].schema["required"][0], "channel");
  EXPECT_EQ(m.generators[0].outputs, std::vector<std::string>{"python/**"});
  EXPECT_EQ(m.permissions.fsRead, std::vector<std::string>{"templates/**"});
  EXPECT_EQ(m.limits.memoryMb, 256);
  EXPECT_EQ(m.limits.pids, 64); // default
  EXPECT_EQ(m.dependencies.at("json-utils"), "^1.0.0");
  EXPECT_EQ(m.dir, "/p");
  EXPECT_TRUE(checkManifest(m, defaultCheckContext(), "locus-plugin.json").empty());
}

TEST(HooksManifest, TheEmbeddedSchemaIsTheFileInTheRepository) {
  std::ifstream in(std::string(LOCUS_SOURCE_DIR) + "/hooks/manifest/locus-plugin.schema.json");
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(manifestSchemaText(), file);
  EXPECT_NO_THROW(json::parse(manifestSchemaText()));
}

TEST(HooksManifest, BadJsonSaysWhereWithLineAndColumn) {
  ManifestRead r = parseManifest("{\n  \"name\": \"x\",\n  oops\n}", "m.json", "/p");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].str().find("m.json: not valid JSON at 3:"), std::string::npos)
      << r.errors[0].str();
}

TEST(HooksManifest, ShapeErrorsNameTheFieldPath) {
  struct Case {
    const char* patch; // JSON Patch applied to the valid manifest
    const char* field;
    const char* fragment;
  } cases[] = {
      {R"([{"op":"remove","path":"/name"}])", "", "name"},
      {R"([{"op":"replace","path":"/name","value":"Slack Notify"}])", "name",
       "lower-case letters, digits and '-'"},
      {R"([{"op":"replace","path":"/protocol","value":"1"}])", "protocol", "type"},
      {R"([{"op":"replace","path":"/entry","value":[]}])", "entry", ""},
      {R"([{"op":"add","path":"/reqiresCore","value":"^0.1.0"}])", "",
       "unknown field 'reqiresCore'; did you mean 'requiresCore'?"},
      {R"([{"op":"replace","path":"/hooks/onPreGenerate/order","value":"last"}])",
       "hooks.onPreGenerate.order", ""},
      {R"([{"op":"add","path":"/hooks/onPreGenerate/priority","value":1}])", "hooks.onPreGenerate",
       "unknown field 'priority'"},
      {R"([{"op":"add","path":"/hooks/onPreGenerate/budgetMS","value":1}])", "hooks.onPreGenerate",
       "unknown field 'budgetMS'; did you mean 'budgetMs'?"},
      {R"([{"op":"add","path":"/steps/0/shema","value":{}}])", "steps[0]",
       "unknown field 'shema'; did you mean 'schema'?"},
      {R"([{"op":"add","path":"/limits/timeoutMS","value":10}])", "limits",
       "unknown field 'timeoutMS'; did you mean 'timeoutMs'?"},
      {R"([{"op":"add","path":"/permissions/netwrk","value":true}])", "permissions",
       "did you mean 'network'?"},
      {R"([{"op":"add","path":"/permissions/fs/raed","value":[]}])", "permissions.fs",
       "did you mean 'read'?"},
      {R"([{"op":"replace","path":"/steps/0/kind","value":"Slack-Post"}])", "steps[0].kind",
       "invalid value: use lower-case letters, digits and '_'"},
      {R"([{"op":"replace","path":"/permissions/network","value":"yes"}])", "permissions.network",
       "type"},
      {R"([{"op":"add","path":"/permissions/env/-","value":"NOT-AN-ENV"}])", "permissions.env[0]",
       "environment variable name"},
      {R"([{"op":"replace","path":"/limits/timeoutMs","value":0}])", "limits.timeoutMs",
       "greater than or equal to 10"},
      {R"([{"op":"replace","path":"/limits/memoryMb","value":999999}])", "limits.memoryMb",
       "less than or equal to 16384"},
      {R"([{"op":"replace","path":"/limits/cpuSeconds","value":1.5}])", "limits.cpuSeconds",
       "type"},
  };
  for (const Case& c : cases) {
    json doc = validManifest().patch(json::parse(c.patch));
    ManifestRead r = parse(doc);
    EXPECT_FALSE(r.manifest) << c.patch;
    EXPECT_TRUE(hasError(r.errors, c.field, c.fragment)) << c.patch;
  }
}

TEST(HooksManifest, RequiresCoreIsCheckedAgainstThisCore) {
  EXPECT_EQ(std::string(locus::coreVersion()), "0.1.0");
  json doc = validManifest();
  doc["requiresCore"] = "^0.2.0";
  EXPECT_TRUE(hasError(problems(doc), "requiresCore",
                       "requires Locus core ^0.2.0 (>=0.2.0 <0.3.0-0) but this is core 0.1.0"));
  doc["requiresCore"] = ">=0.1.0 <1.0.0 || ^2";
  EXPECT_TRUE(problems(doc).empty());
  doc["requiresCore"] = "^0.1";
  EXPECT_TRUE(problems(doc).empty());
  doc["requiresCore"] = "~1.0";
  EXPECT_FALSE(problems(doc).empty());
  doc["requiresCore"] = "latest";
  EXPECT_TRUE(hasError(problems(doc), "requiresCore", "not a version range"));
  ManifestCheckContext newer = defaultCheckContext();
  newer.coreVersion = "0.3.1";
  doc["requiresCore"] = "^0.2.0";
  EXPECT_TRUE(hasError(problems(doc, newer), "requiresCore", "this is core 0.3.1"));
  newer.coreVersion = "0.2.5";
  EXPECT_TRUE(problems(doc, newer).empty());
}

TEST(HooksManifest, SemanticChecksNameTheField) {
  struct Case {
    const char* patch;
    const char* field;
    const char* fragment;
  } cases[] = {
      {R"([{"op":"replace","path":"/version","value":"1.2"}])", "version", "not a SemVer version"},
      {R"([{"op":"replace","path":"/protocol","value":2}])", "protocol",
       "protocol 2 is not spoken"},
      {R"([{"op":"add","path":"/hooks/onPreGenrate","value":{}}])", "hooks.onPreGenrate",
       "did you mean 'onPreGenerate'?"},
      {R"([{"op":"add","path":"/hooks/onBuild","value":{}}])", "hooks.onBuild", "unknown hook"},
      {R"([{"op":"add","path":"/hooks/onPreGenerate/files","value":["*.locus"]}])",
       "hooks.onPreGenerate.files", "it takes no filters"},
      {R"([{"op":"add","path":"/hooks/onStepExecute/pages","value":["Home"]}])",
       "hooks.onStepExecute.pages", "it takes: steps, workflows"},
      {R"([{"op":"add","path":"/hooks/onPreParse","value":{"files":["../x/*.locus"]}}])",
       "hooks.onPreParse.files", "'..'"},
      {R"([{"op":"add","path":"/hooks/onPreGenerate/before","value":["slack-notify"]}])",
       "hooks.onPreGenerate.before", "relative to itself"},
      {R"([{"op":"add","path":"/steps/-","value":{"kind":"slack_post"}}])", "steps[1].kind",
       "declared twice"},
      {R"([{"op":"add","path":"/steps/-","value":{"kind":"http_request"}}])", "steps[1].kind",
       "built in"},
      {R"([{"op":"add","path":"/steps/-","value":{"kind":"bad_schema","schema":{"type":7}}}])",
       "steps[1].schema", "not a usable JSON Schema"},
      {R"([{"op":"add","path":"/generators/-","value":{"name":"fastapi"}}])", "generators[1].name",
       "declared twice"},
      {R"([{"op":"add","path":"/generators/-","value":{"name":"sql"}}])", "generators[1].name",
       "built in"},
      {R"([{"op":"replace","path":"/generators/0/outputs","value":["/etc/**"]}])",
       "generators[0].outputs", "relative"},
      {R"([{"op":"replace","path":"/permissions/fs/read","value":["../../secrets"]}])",
       "permissions.fs.read", "'..'"},
      {R"([{"op":"replace","path":"/permissions/fs/write","value":["/tmp/x"]}])",
       "permissions.fs.write", "relative"},
      {R"([{"op":"replace","path":"/dependencies/json-utils","value":"one"}])",
       "dependencies.json-utils", "not a version range"},
      {R"([{"op":"add","path":"/dependencies/slack-notify","value":"*"}])",
       "dependencies.slack-notify", "itself"},
  };
  ManifestCheckContext ctx = defaultCheckContext();
  ctx.builtinStepKinds = {"http_request", "send_email"};
  ctx.builtinGenerators = {"sql", "prisma"};
  for (const Case& c : cases) {
    json doc = validManifest().patch(json::parse(c.patch));
    EXPECT_TRUE(hasError(problems(doc, ctx), c.field, c.fragment)) << c.patch;
  }
}

TEST(HooksManifest, ReadsFromAFolderAndReportsAMissingFile) {
  auto dir =
      std::filesystem::temp_directory_path() / ("locus_manifest_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  ManifestRead missing = readManifest(dir);
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_NE(missing.errors[0].message.find("cannot read"), std::string::npos);
  std::ofstream(dir / "locus-plugin.json") << validManifest().dump(2);
  ManifestRead ok = readManifest(dir);
  ASSERT_TRUE(ok.manifest);
  EXPECT_EQ(ok.manifest->dir, dir);
  std::filesystem::remove_all(dir);
}

TEST(HooksManifest, HandshakeAnswerMustMatchTheManifest) {
  ManifestRead r = parse(validManifest());
  ASSERT_TRUE(r.manifest);
  const PluginManifest& m = *r.manifest;
  json answer = {{"name", "slack-notify"},
                 {"version", "1.2.0"},
                 {"hooks", {"onPostValidate", "onPreGenerate", "onStepExecute"}},
                 {"steps", {"slack_post"}},
                 {"generators", {"fastapi"}}};
  EXPECT_TRUE(checkHandshake(m, answer).empty());

  auto messages = [&](const json& a) {
    std::string all;
    for (const HandshakeProblem& p : checkHandshake(m, a))
      all += (p.error ? "E " : "W ") + p.message + "\n";
    return all;
  };
  json stale = answer;
  stale["version"] = "1.1.0";
  stale["hooks"] = {"onPostValidate", "onStepExecute", "onPostGenerate"};
  std::string text = messages(stale);
  EXPECT_NE(text.find("E plugin 'slack-notify' reports version '1.1.0'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("E plugin 'slack-notify' declares hooks 'onPreGenerate'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("W plugin 'slack-notify' implements hooks 'onPostGenerate'"),
            std::string::npos)
      << text;
  json impostor = answer;
  impostor["name"] = "other";
  impostor["steps"] = "slack_post";
  text = messages(impostor);
  EXPECT_NE(text.find("says its name is 'other'"), std::string::npos) << text;
  EXPECT_NE(text.find("`steps` that is not a list"), std::string::npos) << text;
  EXPECT_EQ(checkHandshake(m, json::array()).size(), 1u);
}
