// The release folders of a deploy target (compiler/driver/deploy_releases.h): ids in deploy order
// within one second, the atomic switch, releases set aside, and pruning to `keep`.
#include "compiler/driver/deploy_releases.h"

#include <gtest/gtest.h>

#include <unistd.h>

namespace locus {
namespace {

namespace fs = std::filesystem;

class DeployReleasesTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("locus-releases-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "releases");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string add() {
    std::string id = newReleaseId(dir_, now_);
    fs::create_directories(releaseDir(dir_, id));
    return id;
  }
  fs::path dir_;
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::from_time_t(1796659200);
};

TEST_F(DeployReleasesTest, IdsInOneSecondCountOnInNameOrder) {
  std::vector<std::string> ids;
  for (int i = 0; i < 11; ++i) ids.push_back(add());
  EXPECT_EQ(ids[0], "20261207T160000Z");
  EXPECT_EQ(ids[1], "20261207T160000Z-02");
  EXPECT_EQ(ids[10], "20261207T160000Z-11");
  EXPECT_EQ(listReleases(dir_), ids) << "name order is deploy order";
  ASSERT_EQ(setAside(dir_, ids[10], "failed"), "");
  EXPECT_EQ(newReleaseId(dir_, now_), "20261207T160000Z-12") << "a failed id is never reused";
}

TEST_F(DeployReleasesTest, SwitchRollbackTargetAndPrune) {
  std::string a = add(), b = add(), c = add();
  EXPECT_FALSE(currentRelease(dir_));
  ASSERT_EQ(switchCurrent(dir_, c), "");
  EXPECT_EQ(currentRelease(dir_), c);
  EXPECT_EQ(fs::read_symlink(dir_ / "current"), fs::path("releases") / c) << "relative link";
  EXPECT_NE(switchCurrent(dir_, "nope"), "");
  EXPECT_EQ(currentRelease(dir_), c) << "a failed switch leaves the link";

  ASSERT_EQ(setAside(dir_, b, "rolled-back"), "");
  EXPECT_EQ(releaseBefore(dir_, c), a) << "a release set aside is skipped";
  EXPECT_EQ(newestRelease(dir_), c);

  ASSERT_EQ(switchCurrent(dir_, a), "");
  std::string error;
  std::vector<std::string> removed = pruneReleases(dir_, 1, error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(removed, std::vector<std::string>{}) << "the live release and the newest stay";
  EXPECT_TRUE(fs::exists(releaseDir(dir_, b + ".rolled-back")));
  EXPECT_EQ(listReleases(dir_), (std::vector<std::string>{a, c}));
}

} // namespace
} // namespace locus
