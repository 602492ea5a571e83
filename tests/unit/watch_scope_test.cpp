// What `locusc watch` rebuilds on (compiler/driver/watch_scope.h) and its inotify watcher
// (watch_project_watcher.h) on a real scratch project: sources, Locus.toml and templates rebuild;
// the output folder, `.locus/`, plugin folders and editor droppings never do; folders created
// later are watched too.
#include "compiler/driver/watch_project_watcher.h"
#include "compiler/driver/watch_scope.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace locus;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct Project {
  fs::path root;
  Project() {
    std::string pattern = (fs::temp_directory_path() / "locus-watch-test-XXXXXX").string();
    root = mkdtemp(pattern.data());
    write("app.locus", "entity A {\n  x: Integer\n}\n");
  }
  ~Project() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << text;
  }
};

WatchScope scopeAt(const fs::path& root) {
  WatchScope scope;
  scope.root = root;
  scope.outputDir = root / "generated";
  scope.templatesDir = root / "templates";
  scope.pluginDirs = {root / "plugins" / "lint"};
  return scope;
}

} // namespace

TEST(WatchScope, SourcesConfigAndTemplatesRebuild) {
  WatchScope s = scopeAt("/p");
  EXPECT_TRUE(triggersRebuild(s, "/p/app.locus", false));
  EXPECT_TRUE(triggersRebuild(s, "/p/sub/deep/more.locus", false));
  EXPECT_TRUE(triggersRebuild(s, "/p/Locus.toml", false));
  EXPECT_TRUE(triggersRebuild(s, "/p/templates/sql/table.mustache", false));
  EXPECT_TRUE(triggersRebuild(s, "/p/newfolder", true)) << "a folder may bring .locus files";
  EXPECT_FALSE(triggersRebuild(s, "/p/README.md", false));
  EXPECT_FALSE(triggersRebuild(s, "/p/sub/Locus.toml", false)) << "only the project's own";
}

TEST(WatchScope, OutputLocusFolderPluginsAndEditorDroppingsNeverRebuild) {
  WatchScope s = scopeAt("/p");
  EXPECT_FALSE(triggersRebuild(s, "/p/generated/schema.locus", false));
  EXPECT_FALSE(triggersRebuild(s, "/p/generated", true));
  EXPECT_FALSE(triggersRebuild(s, "/p/.generated.locus-staging", true)); // the writer's sibling
  EXPECT_FALSE(triggersRebuild(s, "/p/.locus/audit.log", false));
  EXPECT_FALSE(triggersRebuild(s, "/p/.locus/plugins/x/a.locus", false));
  EXPECT_FALSE(triggersRebuild(s, "/p/plugins/lint/main.py", false));
  EXPECT_FALSE(triggersRebuild(s, "/p/plugins/lint/fixtures/a.locus", false));
  for (const char* dropping : {"/p/.app.locus.swp", "/p/app.locus~", "/p/4913", "/p/.#app.locus",
                               "/p/templates/.x.mustache.swp", "/p/node_modules/a.locus"})
    EXPECT_FALSE(triggersRebuild(s, dropping, false)) << dropping;
  EXPECT_TRUE(skippedWatchFolder(s, "/p/generated/web"));
  EXPECT_TRUE(skippedWatchFolder(s, "/p/.git"));
  EXPECT_FALSE(skippedWatchFolder(s, "/p/generatedstuff")) << "a prefix is not a parent";
}

TEST(WatchScope, TemplatesOutsideTheProjectCount) {
  WatchScope s = scopeAt("/p");
  s.templatesDir = "/shared/templates";
  EXPECT_TRUE(triggersRebuild(s, "/shared/templates/express/route.mustache", false));
  EXPECT_FALSE(triggersRebuild(s, "/shared/other/route.mustache", false));
}

TEST(WatchScope, ReadsOutputAndTemplatesFromLocusToml) {
  Project p;
  p.write("Locus.toml", "[build]\noutput = \"out/app\"\ntemplates = \"tpl\"\n");
  WatchScope s = watchScopeOf((p.root / "app.locus").string(), "");
  EXPECT_EQ(s.root, fs::canonical(p.root));
  EXPECT_EQ(s.outputDir, s.root / "out" / "app");
  EXPECT_EQ(s.templatesDir, s.root / "tpl");
  EXPECT_EQ(watchScopeOf(p.root.string() + "/", "elsewhere").outputDir,
            fs::current_path() / "elsewhere");
}

TEST(ProjectWatcher, ReportsSourceChangesNewFoldersAndIgnoresTheOutput) {
  Project p;
  p.write("generated/BUILD_MANIFEST.json", "{}");
  ProjectWatcher watcher(scopeAt(p.root));
  std::string error;
  ASSERT_TRUE(watcher.start(error)) << error;
  EXPECT_TRUE(watcher.poll(50ms, 50ms).empty());

  p.write("app.locus", "entity A {\n  y: Integer\n}\n");
  EXPECT_EQ(watcher.poll(5s, 100ms), std::vector<std::string>{"app.locus"});

  p.write("generated/out.sql", "x");
  p.write(".locus/audit.log", "x");
  p.write(".app.locus.swp", "x");
  EXPECT_TRUE(watcher.poll(300ms, 50ms).empty());

  // A folder created after the start is watched: a file written into it later is seen.
  fs::create_directories(p.root / "later");
  EXPECT_EQ(watcher.poll(5s, 100ms), std::vector<std::string>{"later"});
  p.write("later/b.locus", "entity B {\n  x: Integer\n}\n");
  EXPECT_EQ(watcher.poll(5s, 100ms), std::vector<std::string>{"later/b.locus"});

  fs::remove(p.root / "later" / "b.locus");
  EXPECT_EQ(watcher.poll(5s, 100ms), std::vector<std::string>{"later/b.locus"});
}

TEST(ProjectWatcher, AnEditorSaveBurstIsOneChange) {
  Project p;
  ProjectWatcher watcher(scopeAt(p.root));
  std::string error;
  ASSERT_TRUE(watcher.start(error)) << error;
  // vim: probe file 4913, backup app.locus~, write, rename, chmod.
  p.write("4913", "");
  fs::remove(p.root / "4913");
  fs::rename(p.root / "app.locus", p.root / "app.locus~");
  p.write("app.locus", "entity A {\n  z: Integer\n}\n");
  fs::permissions(p.root / "app.locus", fs::perms::owner_all);
  fs::remove(p.root / "app.locus~");
  EXPECT_EQ(watcher.poll(5s, 100ms), std::vector<std::string>{"app.locus"});
  EXPECT_TRUE(watcher.poll(300ms, 50ms).empty());
}

TEST(ProjectWatcher, WatchesATemplatesFolderOutsideTheProject) {
  Project p;
  Project shared; // a second scratch folder standing for a shared templates folder
  shared.write("templates/sql/table.mustache", "x");
  WatchScope scope = scopeAt(p.root);
  scope.templatesDir = shared.root / "templates";
  ProjectWatcher watcher(scope);
  std::string error;
  ASSERT_TRUE(watcher.start(error)) << error;
  shared.write("templates/sql/table.mustache", "y");
  EXPECT_EQ(watcher.poll(5s, 100ms),
            std::vector<std::string>{(shared.root / "templates/sql/table.mustache").string()});
  shared.write("app.locus", "not in the templates folder");
  EXPECT_TRUE(watcher.poll(300ms, 50ms).empty());
}
