// The audit log `.locus/audit.log` (docs/design/DESIGN.md §5): append-only JSON lines, each
// hash-chained to the one before, so any edit, deletion, insertion or reordering is found by
// verifyAuditLog.
//
// Line format (one per entry, '\n'-terminated):
//   {"head":"<64 hex>","entry":{...,"seq":N,"time":"..."}}
// Hashing follows RFC 6962's domain separation: leaf = SHA-256(0x00 || entry bytes), and the
// chain head after entry N is SHA-256(0x01 || head(N-1) || leaf(N)), head(0) = 32 zero bytes.
// The entry bytes are hashed exactly as written (no re-serialisation on verify).
//
// `.locus/audit.log.head` records {"entries": N, "head": "<hex>"} after every append, so deleting
// entries at the end of the log is found too.
//
// Durability: entries are written with one write() under an exclusive flock, then fsync'ed. A
// crash mid-append can only leave a torn last line; verify reports it (earlier entries intact),
// and the next append moves the torn bytes to `audit.log.torn`, truncates, and records an
// `audit.recovered` entry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

std::filesystem::path auditLogPath(const std::filesystem::path& projectRoot);

struct AuditAppendResult {
  bool ok = false;
  std::string error;                    // why the append failed (I/O, entry too large)
  std::uint64_t firstSeq = 0;           // seq given to the first appended entry
  std::optional<std::string> recovered; // set when a torn tail was repaired first
};

// Appends `entries` (JSON objects; "seq" and, unless given, "time" are filled in) as one batch:
// one write, one fsync. Creates the log and its folder if needed.
AuditAppendResult appendAudit(const std::filesystem::path& log,
                              const std::vector<nlohmann::json>& entries);

struct AuditVerifyResult {
  enum class Status { Ok, Torn, Broken, Missing };
  Status status = Status::Ok;
  std::uint64_t entries = 0; // entries verified good (before the first problem)
  std::uint64_t badLine = 0; // 1-based line of the first problem (Torn/Broken)
  std::string message;       // what is wrong, where, and what it means
  std::string headHex;       // chain head after the verified entries
};

AuditVerifyResult verifyAuditLog(const std::filesystem::path& log);

// Collects entries in memory (thread-safe) for one append at a convenient moment — e.g. the end
// of a build — so hot paths such as hook calls do not pay an fsync each.
struct AuditBuffer {
  std::filesystem::path log;
  std::mutex mutex;
  std::vector<nlohmann::json> entries;

  void add(std::vector<nlohmann::json> more);
  AuditAppendResult flush(); // appends and clears; ok with nothing to write
};

inline constexpr std::size_t kMaxAuditEntryBytes = 1 << 20;

} // namespace locus::hooks
