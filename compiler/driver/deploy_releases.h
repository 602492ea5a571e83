// The release folders of a deploy target (docs/deploy.md): `releases/<id>/` holds one build's
// output, `current` is a relative symbolic link to the live one. Ids are UTC times
// (`20261207T141500Z`, `-02`… when two deploys share a second), so name order is deploy order.
// A release set aside — its health check failed, or a rollback left it — is renamed
// `<id>.failed` / `<id>.rolled-back`: it never becomes live again and stays for inspection until
// a later prune. Every function answers an error message ("" on success) instead of throwing.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace locus {

// The ids of the good releases under `target`/releases, oldest first.
std::vector<std::string> listReleases(const std::filesystem::path& target);

// A new id, later in name order than every release under `target`.
std::string newReleaseId(const std::filesystem::path& target,
                         std::chrono::system_clock::time_point now);

std::filesystem::path releaseDir(const std::filesystem::path& target, const std::string& id);

// The folder name of the newest release, set aside or not: its migrations are the newest the
// database has seen.
std::optional<std::string> newestRelease(const std::filesystem::path& target);

// The id `current` points to, or nullopt when there is no live release.
std::optional<std::string> currentRelease(const std::filesystem::path& target);

// The newest good release older than `id`.
std::optional<std::string> releaseBefore(const std::filesystem::path& target,
                                         const std::string& id);

// Points `current` at releases/<id> atomically: a new link beside it renamed over it, so a reader
// sees the old release or the new one, never no link.
std::string switchCurrent(const std::filesystem::path& target, const std::string& id);

// Renames releases/<id> to releases/<id>.<why> (`failed`, `rolled-back`).
std::string setAside(const std::filesystem::path& target, const std::string& id,
                     const std::string& why);

// Removes the oldest good releases beyond `keep` (never the live one) and every release set
// aside but the newest. Returns the names removed.
std::vector<std::string> pruneReleases(const std::filesystem::path& target, unsigned keep,
                                       std::string& error);

} // namespace locus
