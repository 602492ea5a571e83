// The four API generators on every peer-corpus program we accept: no exception, no error, an
// OpenAPI document whose references resolve and whose paths are the served routes, and a bundle
// with every workflow.
#include "compiler/frontend/compile.h"
#include "compiler/ir/ir.h"
#include "gen_test_util.h"
#include "generators/common/api_model.h"
#include "generators/express/express_generator.h"
#include "generators/openapi/openapi_document.h"
#include "generators/openapi/openapi_generator.h"
#include "generators/uploads/uploads_generator.h"
#include "generators/workflows/workflows_generator.h"

#include <fstream>
#include <set>
#include <sstream>

namespace locus {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> peerValidFiles(const std::string& corpus) {
  std::istringstream in(readFile(corpus + "/expectations.tsv"));
  std::vector<std::string> files;
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream row(line);
    for (std::string col; std::getline(row, col, '\t');) cols.push_back(col);
    if (cols.size() >= 3 && cols[1] == "OK" && cols[2] == "ok") files.push_back(cols[0]);
  }
  return files;
}

void collectRefs(const nlohmann::json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    if (node.contains("$ref") && node["$ref"].is_string()) refs.push_back(node["$ref"]);
    for (const auto& [key, value] : node.items()) collectRefs(value, refs);
  } else if (node.is_array()) {
    for (const auto& value : node) collectRefs(value, refs);
  }
}

void checkProgram(const std::string& file, const locus::OrderedJson& ir) {
  for (const Generator& gen :
       {expressGenerator(), openapiGenerator(), uploadsGenerator(), workflowsGenerator()}) {
    GeneratorOutput out;
    ASSERT_NO_THROW(out = testing::runGenerator(gen, ir)) << gen.name << " on " << file;
    for (const GeneratorMessage& m : out.messages)
      EXPECT_NE(diagKindInfo(m.kind).severity, Severity::Error) << file << ": " << m.message;
    if (gen.name == "openapi") {
      nlohmann::json doc = nlohmann::json::parse(out.files.at("server/openapi.json"));
      std::vector<std::string> refs;
      collectRefs(doc, refs);
      for (const std::string& ref : refs)
        EXPECT_TRUE(doc.contains(nlohmann::json::json_pointer(ref.substr(1))))
            << file << " " << ref;
      std::set<std::string> documented, served;
      for (const auto& [path, item] : doc["paths"].items())
        for (const auto& [method, op] : item.items())
          if (method != "parameters") documented.insert(method + " " + path);
      for (const api::ApiRoute& r :
           api::apiRoutes(api::buildApiModel(ir, nlohmann::json::object())))
        served.insert(r.method + " " + openapi::openapiPath(r.path));
      EXPECT_EQ(documented, served) << file;
    }
    if (gen.name == "workflows") {
      nlohmann::json bundle = nlohmann::json::parse(out.files.at("workflows/bundle.json"));
      EXPECT_EQ(bundle["workflows"].size(), ir["workflows"].size()) << file;
    }
  }
}

TEST(GenApiCorpus, PeerCorpusProgramsGenerate) {
  const std::string corpus = LOCUS_SHARED_DIR "/conformance/peer-corpus";
  std::vector<std::string> files = peerValidFiles(corpus);
  if (files.empty()) GTEST_SKIP() << "peer corpus not found at " << corpus;
  size_t generated = 0;
  for (const std::string& file : files) {
    std::unique_ptr<FrontEndResult> r = runFrontEnd(corpus + "/" + file, FrontEndOptions{});
    if (r->ioError || r->diagnostics.hasErrors()) continue; // the conformance suite's business
    checkProgram(file, lowerToIr(r->program, *r->sources));
    ++generated;
  }
  EXPECT_GT(generated, 100u);
}

} // namespace
} // namespace locus
