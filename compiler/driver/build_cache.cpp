#include "compiler/driver/build_cache.h"

#include "compiler/base/core_version.h"
#include "compiler/base/file_bytes.h"
#include "compiler/base/sha256.h"
#include "compiler/frontend/load_project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace locus {

namespace fs = std::filesystem;

namespace {

std::optional<OutputStamp> stampOf(const std::string& dir, const std::string& path) {
  struct stat st {};
  if (::stat((dir + "/" + path).c_str(), &st) != 0) return std::nullopt;
  return OutputStamp{path, static_cast<uint64_t>(st.st_size),
                     st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec,
                     static_cast<uint64_t>(st.st_ino)};
}

} // namespace

std::optional<std::string> inputsDigest(const std::vector<std::string>& files,
                                        const std::string& salt) {
  std::string all = salt;
  all += '\0';
  for (const std::string& file : files) {
    std::optional<std::string> bytes = readFileBytes(file);
    if (!bytes) return std::nullopt;
    all += file + '\0' + std::to_string(bytes->size()) + '\0' + *bytes;
  }
  return sha256Hex(all);
}

std::string toolIdentity() {
  std::string id = std::string("locusc ") + coreVersion();
  struct stat st {};
  if (::stat("/proc/self/exe", &st) == 0)
    id += " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
          std::to_string(st.st_mtim.tv_nsec);
  return id;
}

std::optional<std::vector<OutputStamp>>
stampOutputs(const std::string& outDir, const std::vector<std::string>& paths,
             const std::map<std::string, FileStamp>* written) {
  std::vector<OutputStamp> stamps;
  stamps.reserve(paths.size());
  for (const std::string& path : paths) {
    if (written)
      if (auto it = written->find(path); it != written->end() && it->second.inode != 0) {
        stamps.push_back({path, it->second.size, it->second.mtimeNs, it->second.inode});
        continue;
      }
    std::optional<OutputStamp> stamp = stampOf(outDir, path);
    if (!stamp) return std::nullopt;
    stamps.push_back(std::move(*stamp));
  }
  return stamps;
}

std::vector<std::string> buildInputs(const std::string& input, const std::string& projectRoot,
                                     const BuildRecord& previous) {
  std::error_code ec;
  std::vector<std::string> files =
      fs::is_directory(input, ec) ? findLocusFiles(input) : previous.sources;
  if (fs::path config = fs::path(projectRoot) / "Locus.toml"; fs::exists(config, ec))
    files.push_back(config.string());
  std::vector<std::string> templates;
  if (!previous.templatesDir.empty() && fs::is_directory(previous.templatesDir, ec))
    for (auto it = fs::recursive_directory_iterator(previous.templatesDir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec)) templates.push_back(it->path().string());
  std::sort(templates.begin(), templates.end());
  files.insert(files.end(), templates.begin(), templates.end());
  return files;
}

std::string buildRecordPath(const std::string& projectRoot, const std::string& key) {
  return (fs::path(projectRoot) / ".locus" / "cache" /
          ("build-" + sha256Hex(key).substr(0, 16) + ".json"))
      .string();
}

std::optional<BuildRecord> readBuildRecord(const std::string& file) {
  std::optional<std::string> text = readFileBytes(file);
  if (!text) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  try {
    BuildRecord record;
    record.digest = j.at("digest").get<std::string>();
    record.sources = j.at("sources").get<std::vector<std::string>>();
    record.templatesDir = j.at("templatesDir").get<std::string>();
    record.outDir = j.at("outDir").get<std::string>();
    record.generators = j.at("generators").get<size_t>();
    record.diagnostics = j.at("diagnostics").get<std::string>();
    record.diagnosticsToStdout = j.at("diagnosticsToStdout").get<bool>();
    for (const auto& o : j.at("outputs"))
      record.outputs.push_back(OutputStamp{o.at(0).get<std::string>(), o.at(1).get<uint64_t>(),
                                           o.at(2).get<int64_t>(), o.at(3).get<uint64_t>()});
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt; // a damaged cache is no cache
  }
}

void writeBuildRecord(const std::string& file, const BuildRecord& record) {
  nlohmann::json outputs = nlohmann::json::array();
  for (const OutputStamp& s : record.outputs)
    outputs.push_back({s.path, s.size, s.mtimeNs, s.inode});
  nlohmann::json j = {{"digest", record.digest},
                      {"sources", record.sources},
                      {"templatesDir", record.templatesDir},
                      {"outDir", record.outDir},
                      {"generators", record.generators},
                      {"diagnostics", record.diagnostics},
                      {"diagnosticsToStdout", record.diagnosticsToStdout},
                      {"outputs", std::move(outputs)}};
  std::error_code ec;
  fs::create_directories(fs::path(file).parent_path(), ec);
  const std::string temp = file + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << j.dump();
    if (!out.flush()) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, file, ec);
  if (ec) fs::remove(temp, ec);
}

void removeBuildRecord(const std::string& file) {
  std::error_code ec;
  fs::remove(file, ec);
}

bool buildIsUpToDate(const BuildRecord& record, const std::vector<std::string>& inputs,
                     const std::string& salt) {
  std::optional<std::string> digest = inputsDigest(inputs, salt);
  if (!digest || *digest != record.digest || record.outputs.empty()) return false;
  for (const OutputStamp& stamp : record.outputs) {
    std::optional<OutputStamp> now = stampOf(record.outDir, stamp.path);
    if (!now || !(*now == stamp)) return false;
  }
  return true;
}

} // namespace locus
