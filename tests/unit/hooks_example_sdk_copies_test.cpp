// Every example plugin (examples/plugins/*) is self-contained: it ships the SDK file its entry
// needs, and that copy is byte for byte hooks/sdk/'s — so an SDK change that is not copied into the
// examples fails here instead of drifting.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

const fs::path kSource = LOCUS_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The SDK file a plugin's entry needs ("" when it is a binary of its own).
std::string sdkFileFor(const nlohmann::json& entry) {
  std::string program = entry.empty() ? "" : entry[0].get<std::string>();
  if (program.find("python") != std::string::npos) return "locus_plugin.py";
  if (program.find("node") != std::string::npos) return "locus_plugin.js";
  return "locus_plugin.hpp";
}

std::vector<fs::path> examplePlugins() {
  std::vector<fs::path> out;
  for (const fs::directory_entry& e : fs::directory_iterator(kSource / "examples/plugins"))
    if (fs::exists(e.path() / "locus-plugin.json")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ExampleSdkCopies, EveryExampleShipsTheSdkFileItsEntryNeeds) {
  std::vector<fs::path> examples = examplePlugins();
  ASSERT_GE(examples.size(), 4u);
  for (const fs::path& dir : examples) {
    nlohmann::json manifest = nlohmann::json::parse(slurp(dir / "locus-plugin.json"));
    std::string sdk = sdkFileFor(manifest["entry"]);
    EXPECT_TRUE(fs::exists(dir / sdk)) << dir.filename().string() << " does not ship " << sdk
                                       << ": cp hooks/sdk/" << sdk << " " << dir.string() << "/";
  }
}

TEST(ExampleSdkCopies, EveryCopyIsIdenticalToHooksSdk) {
  int compared = 0;
  for (const fs::path& dir : examplePlugins())
    for (const char* sdk : {"locus_plugin.py", "locus_plugin.js", "locus_plugin.hpp"}) {
      if (!fs::exists(dir / sdk)) continue;
      ++compared;
      EXPECT_TRUE(slurp(dir / sdk) == slurp(kSource / "hooks/sdk" / sdk))
          << (dir / sdk).string() << " differs from hooks/sdk/" << sdk
          << "; copy it again: cp hooks/sdk/" << sdk << " " << dir.string() << "/";
    }
  EXPECT_GE(compared, 4);
}

} // namespace
