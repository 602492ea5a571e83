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

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace locus {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

struct WebOutput {
  GeneratedFiles files;
  std::vector<GeneratorMessage> messages;
};

ordered_json irOfExample(const std::string& example) {
  test::ProcessResult r =
      test::runProcess(std::string(LOCUSC_PATH) + " ir " + LOCUS_SOURCE_DIR + "/examples/" + example);
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
  for (const GeneratorMessage& m : web.messages) {
    EXPECT_NE(diagKindInfo(m.kind).severity, Severity::Error) << m.message;
    std::cout << "[" << example << "] " << diagKindInfo(m.kind).code << " " << m.message << "\n";
  }
  EXPECT_TRUE(web.files.count("web/app/layout.tsx"));
  EXPECT_TRUE(web.files.count("web/src/theme/theme.css"));
  EXPECT_TRUE(web.files.count("web/src/runtime/index.ts"));
  std::string dir = writeTree(web.files);
  test::ProcessResult tsc = typeCheck(dir);
  EXPECT_EQ(tsc.exitCode, 0) << "tsc --strict over " << dir << "/web:\n" << tsc.out << tsc.err;
  // LOCUS_WEB_KEEP=1 keeps the generated tree for reading.
  if (std::getenv("LOCUS_WEB_KEEP")) std::cout << "[" << example << "] kept " << dir << "\n";
  else if (tsc.exitCode == 0) fs::remove_all(dir);
}

TEST(GenWebTsc, ShopTypeChecks) { expectTypeChecks("shop"); }
TEST(GenWebTsc, ScaffoldTypeChecks) { expectTypeChecks("scaffold"); }
TEST(GenWebTsc, CrmTypeChecks) { expectTypeChecks("crm"); }

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
