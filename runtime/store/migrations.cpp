#include "runtime/store/migrations.h"

#include "compiler/base/migration_record.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace locus::rt {


MigrationReport applyMigrations(Store& store, const std::string& dir) {
  namespace fs = std::filesystem;
  MigrationReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    report.errors.push_back("schema folder " + dir + " does not exist");
    return report;
  }
  static const std::regex numbered(R"(^\d+_[A-Za-z0-9_.-]*\.sql$)");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && std::regex_match(entry.path().filename().string(), numbered))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string name = file.filename().string(), sum = migrationChecksum(text.str());
    if (auto old = store.migrationChecksum(name)) {
      if (*old != sum)
        report.errors.push_back("migration " + name +
                                " changed after it was applied; add a new "
                                "numbered migration instead of editing an applied one");
      continue;
    }
    try {
      store.applyMigration(name, sum, text.str());
      report.applied.push_back(name);
    } catch (const std::exception& e) {
      report.errors.push_back("migration " + file.string() + " failed: " + e.what() +
                              " (nothing of it was applied)");
      break;
    }
  }
  return report;
}

} // namespace locus::rt
