// End-to-end: the prisma generator's schema validated by Prisma's own schema engine
// (@prisma/prisma-schema-wasm through node, offline) for examples/shop, the sql fixtures and every
// peer-corpus file with entities that locusc accepts, with both providers.
#include "generators/prisma/prisma_generator.h"
#include "generators/templates/template_set.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;
using test::ProcessResult;
using test::runProcess;

const std::string kSource = LOCUS_SOURCE_DIR;

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

std::string prismaOf(const locus::OrderedJson& ir, const std::string& database) {
  Generator gen = prismaGenerator();
  TemplateSet templates(gen.name, "");
  nlohmann::json options = {{"database", database}};
  GeneratedFiles none;
  GeneratorOutput out = gen.run(GeneratorInput{ir, options, templates, none, none});
  for (const GeneratorMessage& m : out.messages)
    if (m.kind != DiagKind::GeneratorUnsupported) ADD_FAILURE() << m.message;
  return out.files["prisma/schema.prisma"];
}

// IR of every input: the shop, the sql fixtures, and the peer corpus files locusc accepts.
std::vector<std::pair<std::string, locus::OrderedJson>> inputs() {
  std::vector<std::string> paths = {kSource + "/examples/shop",
                                    kSource + "/tests/e2e/gen_sql_fixtures/evolve_v1",
                                    kSource + "/tests/e2e/gen_sql_fixtures/evolve_v2",
                                    kSource + "/tests/e2e/gen_sql_fixtures/enum_v2"};
  const std::string corpus = std::string(LOCUS_SHARED_DIR) + "/conformance/peer-corpus";
  std::ifstream tsv(corpus + "/expectations.tsv");
  std::string line;
  std::getline(tsv, line);
  while (std::getline(tsv, line)) {
    std::istringstream cols(line);
    std::string file, parse, validate, expects;
    std::getline(cols, file, '\t');
    std::getline(cols, parse, '\t');
    std::getline(cols, validate, '\t');
    std::getline(cols, expects, '\t');
    if (parse == "OK" && validate == "ok" && expects != "reject")
      paths.push_back(corpus + "/" + file);
  }
  std::vector<std::pair<std::string, locus::OrderedJson>> out;
  for (const std::string& p : paths) {
    ProcessResult r = runProcess(std::string(LOCUSC_PATH) + " ir " + quote(p));
    if (r.exitCode != 0) continue;
    locus::OrderedJson ir = locus::OrderedJson::parse(r.out);
    if (!ir["entities"].empty()) out.push_back({p, std::move(ir)});
  }
  return out;
}

TEST(GenPrismaE2E, PrismaSchemaEngineAcceptsEveryGeneratedSchema) {
  std::string modules = kSource + "/scripts/node/node_modules";
  ASSERT_TRUE(fs::exists(modules + "/@prisma/prisma-schema-wasm"))
      << "install the pinned Node toolchain: npm ci --prefix scripts/node";
  char tmpl[] = "/tmp/locus-prisma-e2e-XXXXXX";
  fs::path dir = mkdtemp(tmpl);
  std::string files;
  std::map<std::string, std::string> origin;
  size_t n = 0;
  for (const auto& [path, ir] : inputs())
    for (const char* database : {"postgresql", "sqlite"}) {
      fs::path file = dir / (std::to_string(n++) + "_" + database + ".prisma");
      std::ofstream(file) << prismaOf(ir, database);
      origin[file.string()] = path;
      files += " " + quote(file.string());
    }
  ProcessResult r =
      runProcess("node " + quote(kSource + "/tests/e2e/gen_sql_fixtures/prisma_validate.js") + " " +
                 quote(modules) + files);
  std::istringstream lines(r.out);
  std::string line;
  size_t ok = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("ok ", 0) == 0)
      ++ok;
    else
      ADD_FAILURE() << line << "\n(from " << origin[line.substr(6, line.find(':') - 6)] << ")";
  }
  std::cout << "[ prisma e2e ] schemas accepted by the Prisma schema engine: " << ok << " of " << n
            << "\n";
  EXPECT_EQ(ok, n) << r.err;
  EXPECT_GT(n, 40u);
  fs::remove_all(dir);
}

} // namespace
} // namespace locus
