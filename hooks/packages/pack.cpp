#include "hooks/packages/pack.h"

#include "compiler/base/sha256.h"
#include "hooks/manifest/manifest_checks.h"
#include "hooks/manifest/manifest_read.h"
#include "hooks/packages/tar_writer.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace locus::packages {

namespace fs = std::filesystem;
using namespace lockfile;

namespace {

bool skipped(const fs::path& rel) {
  for (const fs::path& part : rel) {
    std::string p = part.string();
    if (p == ".git" || p == "__pycache__" || p == ".locus") return true;
  }
  return rel.extension() == ".tgz";
}

bool inside(const fs::path& root, const fs::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

struct Collected {
  PackedFile info;
  fs::path source;
};

void collect(const fs::path& root, const PackageLimits& limits, std::vector<Collected>& out,
             std::vector<std::string>& errors) {
  std::error_code ec;
  fs::path canonicalRoot = fs::canonical(root, ec);
  std::uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    fs::path rel = it->path().lexically_relative(root);
    if (skipped(rel)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) it.disable_recursion_pending();
      continue;
    }
    fs::file_status st = it->symlink_status(ec);
    fs::path source = it->path();
    if (fs::is_symlink(st)) {
      fs::path target = fs::weakly_canonical(it->path(), ec);
      if (ec || !inside(canonicalRoot, target) || !fs::exists(target, ec)) {
        errors.push_back(rel.generic_string() + ": symlink points outside the package (to " +
                         fs::read_symlink(it->path(), ec).string() +
                         "); copy the file in or remove the link");
        continue;
      }
      if (fs::is_directory(target, ec)) {
        errors.push_back(rel.generic_string() +
                         ": symlink to a folder; packages hold plain files and folders only");
        continue;
      }
      st = fs::status(target, ec);
      source = target;
    }
    if (fs::is_directory(st)) continue;
    if (!fs::is_regular_file(st)) {
      errors.push_back(rel.generic_string() +
                       ": not a regular file (device, FIFO or socket); packages hold plain "
                       "files only");
      continue;
    }
    std::uint64_t size = fs::file_size(source, ec);
    if (rel.generic_string().size() > limits.maxPathLength) {
      errors.push_back(rel.generic_string() + ": path longer than " +
                       std::to_string(limits.maxPathLength) + " characters");
      continue;
    }
    if (size > limits.maxFileBytes) {
      errors.push_back(rel.generic_string() + ": " + std::to_string(size) +
                       " bytes, above the limit of " + std::to_string(limits.maxFileBytes));
      continue;
    }
    total += size;
    bool exec = (st.permissions() & fs::perms::owner_exec) != fs::perms::none;
    out.push_back({{rel.generic_string(), "", size, exec}, source});
  }
  if (ec) errors.push_back(root.string() + ": cannot read the folder: " + ec.message());
  if (total > limits.maxTotalBytes)
    errors.push_back(root.string() + ": " + std::to_string(total) +
                     " bytes in all, above the package limit of " +
                     std::to_string(limits.maxTotalBytes));
  if (out.size() > limits.maxFiles)
    errors.push_back(root.string() + ": " + std::to_string(out.size()) +
                     " files, above the limit of " + std::to_string(limits.maxFiles));
}

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

PackResult packPlugin(const fs::path& dir, const PackageLimits& limits) {
  PackResult out;
  hooks::ManifestRead read = hooks::readManifest(dir);
  std::vector<hooks::ManifestError> problems = read.errors;
  if (read.manifest) {
    auto more = hooks::checkManifest(*read.manifest, hooks::defaultCheckContext(),
                                     (dir / hooks::kManifestFileName).string());
    problems.insert(problems.end(), more.begin(), more.end());
  }
  for (const hooks::ManifestError& e : problems) out.errors.push_back(e.str());
  if (!out.errors.empty()) return out;

  const hooks::PluginManifest& m = *read.manifest;
  PackageIndex& index = out.index;
  index.name = m.name;
  index.version = m.version;
  index.requiresCore = m.requiresCore;
  index.description = m.description;
  index.dependencies = m.dependencies;
  if (m.raw.contains("optionalDependencies"))
    index.optionalDependencies =
        m.raw["optionalDependencies"].get<std::map<std::string, std::string>>();
  index.permissions = m.raw.value("permissions", nlohmann::json::object());

  std::vector<Collected> files;
  collect(dir, limits, files, out.errors);
  if (!out.errors.empty()) return out;
  std::sort(files.begin(), files.end(),
            [](const Collected& a, const Collected& b) { return a.info.path < b.info.path; });

  TarWriter tar;
  std::vector<std::string> contents;
  for (Collected& f : files) {
    contents.push_back(readAll(f.source));
    f.info.sha256 = sha256Hex(contents.back());
    f.info.size = contents.back().size();
    index.files.push_back(f.info);
  }
  tar.add(kPackageIndexFile, formatPackageIndex(index), false);
  for (std::size_t i = 0; i < files.size(); ++i)
    tar.add(files[i].info.path, contents[i], files[i].info.executable);
  std::optional<std::string> bytes = tar.finish(&out.errors);
  if (bytes) out.archive = std::move(*bytes);
  if (out.archive.size() > limits.maxArchiveBytes)
    out.errors.push_back("the package is " + std::to_string(out.archive.size()) +
                         " bytes compressed, above the limit of " +
                         std::to_string(limits.maxArchiveBytes));
  return out;
}

} // namespace locus::packages
