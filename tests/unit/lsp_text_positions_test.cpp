// LSP positions: UTF-16 columns ↔ byte offsets, URIs ↔ paths, and the completion contexts on
// small workspaces. Cost: milliseconds.
#include "compiler/lsp/completion.h"
#include "compiler/lsp/navigation.h"
#include "compiler/lsp/text_positions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace locus::lsp {
namespace {

TEST(LspPositions, Utf16ColumnsCountSurrogatePairsTwice) {
  std::string text =
      "ab\n\xC3\xA9x\n\xF0\x9F\x98\x80y"; // é (2 bytes, 1 unit), 😀 (4 bytes, 2 units)
  LineMap map(text);
  EXPECT_EQ(map.offsetOf(1, 1), 5u);  // after é
  EXPECT_EQ(map.offsetOf(2, 2), 11u); // after 😀
  EXPECT_EQ(map.positionOf(11), (nlohmann::json{{"line", 2}, {"character", 2}}));
  EXPECT_EQ(map.offsetOf(9, 0), text.size()); // past the end: clamped
}

TEST(LspPositions, UrisRoundTripWithEscapes) {
  EXPECT_EQ(pathFromUri("file:///tmp/my%20app/a.locus"), "/tmp/my app/a.locus");
  EXPECT_EQ(uriFromPath("/tmp/my app/a.locus"), "file:///tmp/my%20app/a.locus");
  EXPECT_EQ(pathFromUri("file:///x%zz"), "/x%zz"); // a malformed escape is kept as it is
}

class LspWorkspace : public ::testing::Test {
protected:
  void SetUp() override {
    root = std::filesystem::temp_directory_path() / ("locus-lsp-ws-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root);
    std::ofstream(root / "a.locus")
        << "database {\n  entity Order {\n    total: Integer\n  }\n}\n"
           "component Card(title: String) {\n  ui { <p>{title}</p> }\n}\n";
    ws = std::make_unique<Workspace>(root.string(), CheckOptions{});
    ws->analyze();
  }
  void TearDown() override { std::filesystem::remove_all(root); }
  std::vector<std::string> labels(const std::string& path, const std::string& text, size_t at) {
    ws->setText(path, text, true);
    ws->ensureParsed();
    nlohmann::json r = completeAt(*ws, *ws->file(path), at);
    std::vector<std::string> out;
    for (const auto& item : r["items"]) out.push_back(item["label"]);
    return out;
  }
  bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }
  std::filesystem::path root;
  std::unique_ptr<Workspace> ws;
};

TEST_F(LspWorkspace, CompletesComponentsAfterATagOpenAndPropsInsideATag) {
  std::string path = (root / "b.locus").string();
  std::string text = "page P {\n  ui {\n    <Ca\n  }\n}\n";
  EXPECT_TRUE(has(labels(path, text, text.find("<Ca") + 3), "Card"));
  text = "page P {\n  ui {\n    <Card ti\n  }\n}\n";
  EXPECT_TRUE(has(labels(path, text, text.find(" ti") + 3), "title"));
}

TEST_F(LspWorkspace, CompletesTypesAfterAFieldColonAndStepsAtALineStart) {
  std::string path = (root / "b.locus").string();
  std::string text = "database {\n  entity Line {\n    order: \n  }\n}\n";
  auto types = labels(path, text, text.find("order: ") + 7);
  EXPECT_TRUE(has(types, "Integer") && has(types, "Order") && has(types, "belongs_to"));
  text = "workflow W {\n  steps {\n    ht\n  }\n}\n";
  auto steps = labels(path, text, text.find("ht") + 2);
  EXPECT_TRUE(has(steps, "http_request") && has(steps, "send_email"));
  EXPECT_FALSE(has(steps, "entity"));
}

TEST_F(LspWorkspace, CompletesDesignTokensInsideVar) {
  std::string path = (root / "b.locus").string();
  std::string text =
      "design_system {\n  colors { light { primary: \"#fff\" } }\n  spacing { md: 8 }\n}\n"
      "component K {\n  style_override {\n    .k { padding: var(--sp }\n  }\n}\n";
  auto items = labels(path, text, text.find("var(--sp") + 8);
  EXPECT_TRUE(has(items, "--spacing-md") && has(items, "--color-primary"));
  EXPECT_FALSE(has(items, "Card"));
}

TEST_F(LspWorkspace, AMarkupAttributeResolvesToTheComponentsParam) {
  std::string path = (root / "b.locus").string();
  std::string text = "component Other(title: String) {\n  ui { <p>{title}</p> }\n}\n"
                     "page P {\n  ui { <Card title=\"x\" /> }\n}\n";
  ws->setText(path, text, true);
  ws->ensureParsed();
  std::vector<SymbolRef> refs = resolveAt(*ws, *ws->file(path), text.find("title=") + 1);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].file->path, (root / "a.locus").string()); // Card's, not Other's
  // Card's title: its declaration, its use in Card's markup and the attribute in P.
  EXPECT_EQ(referencesOf(*ws, refs[0]).size(), 3u);
}

TEST_F(LspWorkspace, AFieldUseResolvesToTheField) {
  std::string path = (root / "b.locus").string();
  std::string text = "action t(o: Order): Integer {\n  return o.total\n}\n";
  ws->setText(path, text, true);
  ws->ensureParsed();
  std::vector<SymbolRef> refs = resolveAt(*ws, *ws->file(path), text.find("total") + 1);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].symbol().kind, SymbolKind::Field);
  EXPECT_EQ(referencesOf(*ws, refs[0]).size(), 2u); // the declaration and the use
}

} // namespace
} // namespace locus::lsp
