// Plugin log files: every line a plugin writes to stderr (print, console.log, tracebacks) is kept
// in `.locus/logs/<plugin>.log`, one line per entry prefixed with its UTC time, so an author can
// read what the plugin said in a build that did not show it (`locusc plugin logs NAME`).
// A file past kMaxLogBytes is rotated to `<plugin>.log.1` (one generation kept).
#pragma once

#include "hooks/worker/stderr_capture.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace locus::hooks {

inline constexpr std::size_t kMaxLogBytes = 1 << 20;

std::filesystem::path pluginLogPath(const std::filesystem::path& projectRoot,
                                    const std::string& plugin);

// A sink that appends each line to the plugin's log file, then hands it to `echo` (may be empty:
// `--verbose` prints the lines, a quiet build only files them). Thread-safe.
StderrLineSink pluginLogSink(const std::filesystem::path& projectRoot, StderrLineSink echo = {});

// The last `lines` lines of the plugin's log (both generations); empty when there is none.
std::vector<std::string> readPluginLog(const std::filesystem::path& projectRoot,
                                       const std::string& plugin, std::size_t lines);

} // namespace locus::hooks
