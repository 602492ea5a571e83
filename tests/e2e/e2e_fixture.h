// What the end-to-end tests share: a fresh folder per test — named after the test, under the
// system's temporary folder, removed after it — and reading and writing whole files.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace locus::test {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `text` to `p`, creating the folders above it.
inline void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A test with its own empty folder `dir_`: <tmp>/locus-<kind>-<pid>-<test name>. A fixture that
// overrides SetUp calls FolderTest::SetUp() first.
class FolderTest : public ::testing::Test {
protected:
  explicit FolderTest(std::string kind) : kind_(std::move(kind)) {}
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("locus-" + kind_ + "-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;

private:
  std::string kind_;
};

} // namespace locus::test
