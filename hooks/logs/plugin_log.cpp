#include "hooks/logs/plugin_log.h"

#include "hooks/secrets/redact.h"

#include <chrono>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace locus::hooks {

namespace fs = std::filesystem;

namespace {

std::string utcNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis.count()));
  return text;
}

// One write per line with O_APPEND, so lines of concurrent workers never interleave.
void appendLine(const fs::path& file, const std::string& text) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  struct stat info;
  if (stat(file.c_str(), &info) == 0 && static_cast<std::size_t>(info.st_size) > kMaxLogBytes)
    fs::rename(file, fs::path(file.string() + ".1"), ec);
  int fd = open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  ssize_t written = write(fd, text.data(), text.size());
  (void)written; // a log line that cannot be written must not fail the build
  close(fd);
}

void readLines(const fs::path& file, std::deque<std::string>& out, std::size_t keep) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    out.push_back(std::move(line));
    if (out.size() > keep) out.pop_front();
  }
}

} // namespace

fs::path pluginLogPath(const fs::path& projectRoot, const std::string& plugin) {
  return projectRoot / ".locus" / "logs" / (plugin + ".log");
}

StderrLineSink pluginLogSink(const fs::path& projectRoot, StderrLineSink echo) {
  auto mutex = std::make_shared<std::mutex>();
  return [root = projectRoot, echo = std::move(echo), mutex](const std::string& plugin,
                                                             const std::string& raw) {
    std::string line = redactSecrets(raw);
    {
      std::lock_guard lock(*mutex);
      appendLine(pluginLogPath(root, plugin), utcNow() + " " + line + "\n");
    }
    if (echo) echo(plugin, line);
  };
}

std::vector<std::string> readPluginLog(const fs::path& projectRoot, const std::string& plugin,
                                       std::size_t lines) {
  fs::path file = pluginLogPath(projectRoot, plugin);
  std::deque<std::string> tail;
  readLines(fs::path(file.string() + ".1"), tail, lines);
  readLines(file, tail, lines);
  return {tail.begin(), tail.end()};
}

} // namespace locus::hooks
