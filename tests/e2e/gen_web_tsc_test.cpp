// End-to-end proof for the web generators (theme, react, next): the real `locusc ir` turns an
// example app into IR, the generators turn it into web/, and the pinned TypeScript compiler
// type-checks the result with `tsc --strict --noEmit`. Until `locusc build` lands, the test
// runs the generators through their API and writes the files itself.
#include "compiler/diagnostics/diagnostic.h"
#include "generators/next/next_generator.h"
#include "generators/react/react_generator.h"
#include "generators/templates/template_set.h"
#include "generators/theme/theme_generator.h"
#include "tests/e2e/run_process.h"

#include "compiler/base/ordered_json.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

namespace locus {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ordered_json = locus::OrderedJson;

struct WebOutput {
  GeneratedFiles files;
  std::vector<GeneratorMessage> messages;
};

// `example` is a folder of examples/, or a path relative to the source root.
ordered_json irOfExample(const std::string& example) {
  std::string dir = example.find('/') == std::string::npos ? "examples/" + example : example;
  test::ProcessResult r =
      test::runProcess(std::string(LOCUSC_PATH) + " ir " + LOCUS_SOURCE_DIR + "/" + dir);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return r.exitCode == 0 ? ordered_json::parse(r.out) : ordered_json::object();
}

void runInto(const Generator& g, const ordered_json& ir, const GeneratedFiles& upstream,
             WebOutput& out) {
  TemplateSet templates(g.name, "");
  json options = {{"appName", "Example"}};
  GeneratedFiles previous;
  GeneratorInput input{ir, options, templates, previous, upstream};
  GeneratorOutput o = g.run(input);
  for (auto& [path, text] : o.files) out.files[path] = text;
  for (auto& m : o.messages) out.messages.push_back(m);
}

WebOutput generateWeb(const ordered_json& ir) {
  WebOutput out;
  runInto(themeGenerator(), ir, {}, out);
  runInto(reactGenerator(), ir, {}, out);
  GeneratedFiles upstream = out.files; // theme + react, as `requires` delivers them
  runInto(nextGenerator(), ir, upstream, out);
  return out;
}

std::string writeTree(const GeneratedFiles& files) {
  char tmpl[] = "/tmp/locus-web-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  for (const auto& [path, text] : files) {
    fs::path p = fs::path(dir) / path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  return dir;
}

// Type-checks <dir>/web with the pinned compiler; returns tsc's output ("" when clean).
test::ProcessResult typeCheck(const std::string& dir) {
  fs::path modules = fs::path(LOCUS_SOURCE_DIR) / "scripts/node/node_modules";
  EXPECT_TRUE(fs::exists(modules / ".bin/tsc"))
      << "the pinned TypeScript toolchain is missing: run npm ci --prefix scripts/node";
  fs::create_directory_symlink(modules, fs::path(dir) / "web/node_modules");
  return test::runProcess((modules / ".bin/tsc").string() + " --strict --noEmit -p web", dir);
}

void expectTypeChecks(const std::string& example) {
  ordered_json ir = irOfExample(example);
  ASSERT_TRUE(ir.contains("pages"));
  WebOutput web = generateWeb(ir);
  // The examples use only what the generators support: no error and no W0809.
  for (const GeneratorMessage& m : web.messages)
    ADD_FAILURE() << "[" << example << "] " << diagKindInfo(m.kind).code << " " << m.message;
  EXPECT_TRUE(web.files.count("web/app/layout.tsx"));
  EXPECT_TRUE(web.files.count("web/src/theme/theme.css"));
  EXPECT_TRUE(web.files.count("web/src/runtime/index.ts"));
  std::string dir = writeTree(web.files);
  test::ProcessResult tsc = typeCheck(dir);
  EXPECT_EQ(tsc.exitCode, 0) << "tsc --strict over " << dir << "/web:\n" << tsc.out << tsc.err;
  // LOCUS_WEB_KEEP=1 keeps the generated tree for reading.
  if (std::getenv("LOCUS_WEB_KEEP"))
    std::cout << "[" << example << "] kept " << dir << "\n";
  else if (tsc.exitCode == 0)
    fs::remove_all(dir);
}

TEST(GenWebTsc, ShopTypeChecks) {
  expectTypeChecks("shop");
}
TEST(GenWebTsc, ScaffoldTypeChecks) {
  expectTypeChecks("scaffold");
}
TEST(GenWebTsc, CrmTypeChecks) {
  expectTypeChecks("crm");
}
// With auth: the guard, the login/sign-up/logout pages, both proxies and the runtime's auth module.
TEST(GenWebTsc, CrmAuthTypeChecks) {
  expectTypeChecks("crm-auth");
}
TEST(GenWebTsc, FixtureTypeChecks) {
  expectTypeChecks("tests/e2e/gen_web_fixture");
}
// `currentUser` in markup, actions, `on load`, a component and a store; server actions called
// from pages (rt.callServerAction).
TEST(GenWebTsc, CurrentUserAndServerActionsTypeCheck) {
  expectTypeChecks("tests/e2e/gen_actions_fixture");
}

// The example apps are clean for the compiler too: `locusc check` prints nothing.
TEST(GenWebExamples, CheckWithoutWarnings) {
  for (const char* example : {"shop", "scaffold", "crm", "crm-auth"}) {
    test::ProcessResult r = test::runProcess(std::string(LOCUSC_PATH) + " check " +
                                             LOCUS_SOURCE_DIR + "/examples/" + example);
    EXPECT_EQ(r.exitCode, 0) << example << "\n" << r.err;
    EXPECT_EQ(r.err, "") << example;
  }
}

// The crm example has what a realistic app needs: several entities and relations of every kind,
// a design system, pages/components with state, uploads and three kinds of workflow triggers.
TEST(GenWebExamples, CrmIsRealistic) {
  ordered_json ir = irOfExample("crm");
  ASSERT_TRUE(ir.contains("entities"));
  EXPECT_GE(ir["entities"].size(), 5u);
  std::set<std::string> relationKinds, triggers, stepKinds;
  bool manyToMany = false;
  for (const auto& e : ir["entities"])
    for (const auto& r : e["relations"]) {
      relationKinds.insert(r["kind"].get<std::string>());
      manyToMany = manyToMany || r["manyToMany"].get<bool>();
    }
  EXPECT_EQ(relationKinds, (std::set<std::string>{"belongs_to", "has_many"}));
  EXPECT_TRUE(manyToMany);
  EXPECT_FALSE(ir["designSystem"].is_null());
  EXPECT_GE(ir["pages"].size(), 3u);
  EXPECT_GE(ir["components"].size(), 3u);
  EXPECT_GE(ir["uploads"].size(), 1u);
  std::function<void(const ordered_json&)> walk = [&](const ordered_json& steps) {
    for (const auto& st : steps) {
      stepKinds.insert(st["kind"].get<std::string>());
      for (const char* key : {"then", "else", "body", "try", "catch", "finally"})
        if (st.contains(key) && st[key].is_array()) walk(st[key]);
      if (st.contains("branches"))
        for (const auto& b : st["branches"]) walk(b);
    }
  };
  for (const auto& w : ir["workflows"]) {
    for (const auto& t : w["triggers"]) triggers.insert(t["kind"].get<std::string>());
    walk(w["steps"]);
  }
  for (const char* t : {"webhook", "queue", "schedule"}) EXPECT_TRUE(triggers.count(t)) << t;
  for (const char* k : {"db_tx", "parallel", "forEach", "try", "run"})
    EXPECT_TRUE(stepKinds.count(k)) << k;
}

// The same through the real driver: `locusc build` (selecting next pulls in react and theme)
// writes web/ with its manifest, the output type-checks, and `--check` finds it up to date.
TEST(GenWebBuild, LocuscBuildWritesATypeCheckedFrontend) {
  char tmpl[] = "/tmp/locus-web-build-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string cmd = std::string(LOCUSC_PATH) + " build " + LOCUS_SOURCE_DIR + "/examples/crm -o " +
                    dir + "/out --generators next";
  test::ProcessResult build = test::runProcess(cmd);
  ASSERT_EQ(build.exitCode, 0) << build.out << build.err;
  EXPECT_EQ(build.err.find("W0809"), std::string::npos) << build.err;
  auto manifest = json::parse(test::runProcess("cat " + dir + "/out/BUILD_MANIFEST.json").out);
  std::set<std::string> generators;
  for (const auto& f : manifest["files"]) generators.insert(f["generator"].get<std::string>());
  EXPECT_EQ(generators, (std::set<std::string>{"next", "react", "theme"}));
  test::ProcessResult tsc = typeCheck(dir + "/out");
  EXPECT_EQ(tsc.exitCode, 0) << tsc.out << tsc.err;
  fs::remove(fs::path(dir) / "out/web/node_modules");
  test::ProcessResult check = test::runProcess(cmd + " --check");
  EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
  fs::remove_all(dir);
}

// The check itself can fail: a page with a type error in its markup is reported by tsc.
TEST(GenWebTsc, TypeErrorInGeneratedCodeIsCaught) {
  ordered_json ir = irOfExample("shop");
  WebOutput web = generateWeb(ir);
  web.files["web/src/pages/Broken.tsx"] = "const n: number = \"not a number\";\nexport {};\n";
  std::string dir = writeTree(web.files);
  test::ProcessResult tsc = typeCheck(dir);
  EXPECT_NE(tsc.exitCode, 0);
  EXPECT_NE(tsc.out.find("Broken.tsx"), std::string::npos) << tsc.out;
  fs::remove_all(dir);
}

TEST(GenWebTsc, OutputIsDeterministic) {
  ordered_json ir = irOfExample("shop");
  EXPECT_EQ(generateWeb(ir).files, generateWeb(ir).files);
}

} // namespace
} // namespace locus
