#include "hooks/audit/audit_log.h"

#include "hooks/audit/audit_hash.h"
#include "hooks/audit/audit_line.h"
#include "hooks/secrets/redact.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string errnoText(const std::string& what, const fs::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

// Closes the descriptor (and so drops the flock) on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool writeAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool readAt(int fd, std::string& out, off_t offset, std::size_t size) {
  out.resize(size);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, out.data() + done, size - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string nowUtc() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count()));
  return buffer;
}

// Where the log stands: the head and seq of its last complete line, and any torn tail after it.
struct Tail {
  audit::Digest head = audit::zeroHead();
  std::uint64_t seq = 0;
  off_t completeEnd = 0; // byte offset just past the last '\n'
  std::string torn;      // bytes after it (a crash mid-append)
  std::string error;
};

bool hexToDigest(std::string_view hex, audit::Digest& out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned value = 0;
    if (std::sscanf(std::string(hex.substr(i * 2, 2)).c_str(), "%2x", &value) != 1) return false;
    out[i] = static_cast<unsigned char>(value);
  }
  return true;
}

// Reads backwards in growing chunks until the last complete line is in view.
Tail readTail(int fd, const fs::path& path) {
  Tail t;
  struct stat st {};
  if (::fstat(fd, &st) != 0) return t.error = errnoText("cannot stat", path), t;
  off_t size = st.st_size;
  if (size == 0) return t;
  std::string chunk;
  for (off_t window = 4096;; window *= 4) {
    off_t start = size > window ? size - window : 0;
    if (!readAt(fd, chunk, start, static_cast<std::size_t>(size - start)))
      return t.error = errnoText("cannot read", path), t;
    std::size_t lastNl = chunk.rfind('\n');
    if (lastNl == std::string::npos) {
      if (start == 0) { // no complete line at all: everything is torn
        t.torn = chunk;
        return t;
      }
      continue;
    }
    std::size_t prevNl = lastNl == 0 ? std::string::npos : chunk.rfind('\n', lastNl - 1);
    if (prevNl == std::string::npos && start != 0) continue;
    std::size_t lineStart = prevNl == std::string::npos ? 0 : prevNl + 1;
    std::string_view line(chunk.data() + lineStart, lastNl - lineStart);
    t.completeEnd = start + static_cast<off_t>(lastNl + 1);
    t.torn = chunk.substr(lastNl + 1);
    auto split = audit::splitLine(line);
    json entry = split ? json::parse(split->entry, nullptr, false) : json();
    if (!split || !entry.is_object() || !entry.contains("seq") ||
        !hexToDigest(split->headHex, t.head)) {
      t.error = path.string() + ": the last line is not an audit entry; run `locusc audit verify`";
      return t;
    }
    t.seq = entry["seq"].get<std::uint64_t>();
    return t;
  }
}

// Keeps the torn bytes for inspection, then cuts the log back to its last complete line.
bool recoverTornTail(int fd, const fs::path& path, const Tail& tail, std::string& error) {
  fs::path keep = path;
  keep += ".torn";
  std::ofstream(keep, std::ios::binary | std::ios::app) << tail.torn << '\n';
  if (::ftruncate(fd, tail.completeEnd) != 0) {
    error = errnoText("cannot truncate the torn tail of", path);
    return false;
  }
  return true;
}

void writeHeadFile(const fs::path& path, std::uint64_t entries, const std::string& headHex) {
  fs::path head = path, tmp = path;
  head += ".head";
  tmp += ".head.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << json{{"entries", entries}, {"head", headHex}}.dump() << '\n';
  }
  int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  fs::rename(tmp, head, ec);
}

} // namespace

void AuditBuffer::add(std::vector<json> more) {
  std::lock_guard lock(mutex);
  for (json& e : more) entries.push_back(std::move(e));
}

AuditAppendResult AuditBuffer::flush() {
  std::vector<json> batch;
  {
    std::lock_guard lock(mutex);
    batch.swap(entries);
  }
  if (batch.empty()) return {true, "", 0, std::nullopt};
  AuditAppendResult r = appendAudit(log, batch);
  if (!r.ok) add(std::move(batch)); // keep them for a later attempt
  return r;
}

fs::path auditLogPath(const fs::path& projectRoot) {
  return projectRoot / ".locus" / "audit.log";
}

AuditAppendResult appendAudit(const fs::path& path, const std::vector<json>& entries) {
  AuditAppendResult result;
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  Fd f{::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644)};
  if (f.fd < 0) return result.error = errnoText("cannot open the audit log", path), result;
  if (::flock(f.fd, LOCK_EX) != 0) return result.error = errnoText("cannot lock", path), result;
  Tail tail = readTail(f.fd, path);
  if (!tail.error.empty()) return result.error = tail.error, result;

  std::vector<json> batch;
  if (!tail.torn.empty()) {
    if (!recoverTornTail(f.fd, path, tail, result.error)) return result;
    result.recovered = "removed a torn last line of " + std::to_string(tail.torn.size()) +
                       " bytes (a crash during an append); kept in " + path.string() + ".torn";
    batch.push_back({{"event", "audit.recovered"}, {"tornBytes", tail.torn.size()}});
  }
  batch.insert(batch.end(), entries.begin(), entries.end());

  std::string text;
  audit::Digest head = tail.head;
  std::uint64_t seq = tail.seq;
  result.firstSeq = seq + 1 + (result.recovered ? 1 : 0);
  for (json entry : batch) {
    if (!entry.is_object()) return result.error = "an audit entry must be a JSON object", result;
    entry["seq"] = ++seq;
    if (!entry.contains("time")) entry["time"] = nowUtc();
    std::string bytes = redactSecrets(entry.dump(-1, ' ', false, json::error_handler_t::replace));
    if (bytes.size() > kMaxAuditEntryBytes)
      return result.error = "an audit entry is larger than 1 MiB; log a summary instead", result;
    head = audit::chainHead(head, audit::leafHash(bytes));
    text += audit::formatLine(audit::toHex(head), bytes);
    text += '\n';
  }
  if (!writeAll(f.fd, text)) return result.error = errnoText("cannot write", path), result;
  if (::fsync(f.fd) != 0) return result.error = errnoText("cannot fsync", path), result;
  writeHeadFile(path, seq, audit::toHex(head));
  result.ok = true;
  return result;
}

} // namespace locus::hooks
