#include "runtime/engine/seed_data.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus::rt {

namespace fs = std::filesystem;

namespace {

// What identifies the row: its key alone when given, else every value it gives.
Json matchOf(const EntityMeta& e, const Json& row) {
  if (row.contains(e.primaryKeyField)) return Json{{e.primaryKeyField, row[e.primaryKeyField]}};
  Json where = Json::object();
  for (const auto& [name, value] : row.items()) {
    const FieldMeta* f = e.field(name);
    if (f && !f->list && f->type != "Json" && !value.is_object()) where[name] = value;
  }
  return where;
}

void seedFile(Store& store, const Program& program, const fs::path& file, SeedReport& report) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  // ordered: entities are seeded in the order the file lists them (a row's references first).
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text.str(), nullptr, false);
  std::string where = file.string();
  if (doc.is_discarded() || !doc.is_object()) {
    report.errors.push_back(where + ": not a JSON object of the form {\"Entity\": [rows…]}");
    return;
  }
  std::unique_ptr<StoreTx> tx = store.begin();
  size_t inserted = 0, present = 0;
  for (const auto& [entity, rows] : doc.items()) {
    auto it = program.entities.find(entity);
    if (it == program.entities.end()) {
      report.errors.push_back(where + ": no entity `" + entity + "` in the program");
      return;
    }
    if (!rows.is_array()) {
      report.errors.push_back(where + ": `" + entity + "` must be a list of rows");
      return;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      Json row = Json::parse(rows[i].dump());
      std::string at = where + ": " + entity + "[" + std::to_string(i) + "]";
      if (!row.is_object()) {
        report.errors.push_back(at + ": a row is an object of field values");
        return;
      }
      try {
        if (!tx->findRows(it->second, matchOf(it->second, row), nullptr, 1, std::nullopt).empty()) {
          ++present;
          continue;
        }
        tx->insertRow(it->second, row);
        ++inserted;
      } catch (const std::exception& e) {
        report.errors.push_back(at + ": " + e.what() + " (nothing of this file was applied)");
        return;
      }
    }
  }
  tx->commit();
  report.inserted += inserted;
  report.present += present;
}

} // namespace

SeedReport applySeedFiles(Store& store, const Program& program, const std::string& dir) {
  SeedReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return report;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    seedFile(store, program, f, report);
    if (!report.errors.empty()) break;
  }
  return report;
}

} // namespace locus::rt
