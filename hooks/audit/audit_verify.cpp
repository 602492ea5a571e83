// verifyAuditLog: replays the hash chain from the first line and stops at the first entry that
// does not fit, saying what that means.
#include "hooks/audit/audit_hash.h"
#include "hooks/audit/audit_line.h"
#include "hooks/audit/audit_log.h"

#include <fstream>
#include <sstream>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;
using Status = AuditVerifyResult::Status;

namespace {

AuditVerifyResult broken(AuditVerifyResult r, std::uint64_t line, std::string message) {
  r.status = Status::Broken;
  r.badLine = line;
  r.message = "line " + std::to_string(line) + ": " + std::move(message);
  return r;
}

// The recorded head (`audit.log.head`) catches entries cut off the end of the log.
AuditVerifyResult checkHeadFile(AuditVerifyResult r, const fs::path& path,
                                const std::vector<std::string>& heads) {
  fs::path headPath = path;
  headPath += ".head";
  std::ifstream in(headPath);
  if (!in) return r;
  json head = json::parse(in, nullptr, false);
  if (!head.is_object() || !head["entries"].is_number_unsigned() || !head["head"].is_string())
    return broken(r, r.entries + 1, headPath.string() + " is not a valid head record");
  std::uint64_t recorded = head["entries"].get<std::uint64_t>();
  if (recorded > r.entries) {
    r = broken(r, r.entries + 1,
               "the log ends after entry " + std::to_string(r.entries) + " but " +
                   headPath.filename().string() + " records " + std::to_string(recorded) +
                   " entries: entries " + std::to_string(r.entries + 1) + ".." +
                   std::to_string(recorded) + " were deleted");
    return r;
  }
  // A crash between the log's fsync and the head update leaves the head behind: that is fine,
  // as long as the head it recorded is the chain's head at that entry.
  if (recorded > 0 && heads[recorded - 1] != head["head"].get<std::string>())
    return broken(r, recorded,
                  "the chain head differs from the one recorded in " +
                      headPath.filename().string() + ": the log was rewritten");
  return r;
}

} // namespace

AuditVerifyResult verifyAuditLog(const fs::path& path) {
  AuditVerifyResult r;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.status = Status::Missing;
    r.message = "no audit log at " + path.string();
    return r;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();

  audit::Digest head = audit::zeroHead();
  std::vector<std::string> heads;
  std::size_t start = 0;
  std::uint64_t line = 0;
  while (start < text.size()) {
    ++line;
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      r.status = Status::Torn;
      r.badLine = line;
      r.message = "line " + std::to_string(line) +
                  " is incomplete (a crash during an append); the " + std::to_string(r.entries) +
                  " entries before it are intact, and the next append repairs the log";
      return r;
    }
    std::string_view raw(text.data() + start, nl - start);
    start = nl + 1;
    auto split = audit::splitLine(raw);
    if (!split)
      return broken(r, line, "not an audit line ({\"head\":…,\"entry\":…}); it was edited");
    json entry = json::parse(split->entry, nullptr, false);
    if (!entry.is_object() || !entry["seq"].is_number_unsigned())
      return broken(r, line, "the entry is not a JSON object with a seq; it was edited");
    std::uint64_t seq = entry["seq"].get<std::uint64_t>();
    if (seq != line)
      return broken(r, line,
                    "entry has seq " + std::to_string(seq) + " where " + std::to_string(line) +
                        " belongs: an entry was deleted, inserted or moved at this point");
    audit::Digest next = audit::chainHead(head, audit::leafHash(split->entry));
    if (audit::toHex(next) != split->headHex)
      return broken(r, line,
                    "hash chain broken: this entry was edited, or the one before it was replaced");
    head = next;
    heads.push_back(audit::toHex(head));
    ++r.entries;
    r.headHex = heads.back();
  }
  r = checkHeadFile(r, path, heads);
  if (r.status == Status::Ok)
    r.message = std::to_string(r.entries) + " entries, chain intact (head " + r.headHex + ")";
  return r;
}

} // namespace locus::hooks
