// The hash-chained audit log: append, verify, and detection of edits, deletions, insertions,
// reordering and truncation; torn last lines after a crash are reported and repaired; a process
// killed while appending never corrupts earlier entries.
#include "hooks/audit/audit_hash.h"
#include "hooks/audit/audit_log.h"

#include <csignal>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace locus::hooks;
using nlohmann::json;
namespace fs = std::filesystem;
using Status = AuditVerifyResult::Status;

namespace {

struct TempProject {
  fs::path root;
  TempProject() {
    root = fs::temp_directory_path() /
           ("locus_audit_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~TempProject() { fs::remove_all(root); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  fs::path log() const { return auditLogPath(root); }
};

std::vector<std::string> readLines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void writeLines(const fs::path& p, const std::vector<std::string>& lines) {
  std::ofstream out(p, std::ios::trunc);
  for (const std::string& l : lines) out << l << '\n';
}

void appendFive(const fs::path& log) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(
        appendAudit(log, {{{"event", "hook.call"}, {"plugin", "p" + std::to_string(i)}}}).ok);
}

} // namespace

TEST(HooksAudit, LeafAndChainHashesFollowRfc6962Prefixes) {
  using namespace locus::hooks::audit;
  // SHA-256 of the single byte 0x00 (the empty leaf of RFC 6962).
  EXPECT_EQ(toHex(leafHash("")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_NE(leafHash("a"), leafHash("b"));
  EXPECT_NE(chainHead(zeroHead(), leafHash("a")), leafHash("a"));
}

TEST(HooksAudit, AppendsAndVerifies) {
  TempProject p;
  AuditAppendResult first = appendAudit(p.log(), {{{"event", "plugin.start"}, {"plugin", "x"}}});
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.firstSeq, 1u);
  AuditAppendResult batch = appendAudit(
      p.log(), {{{"event", "permission.grant"}, {"plugin", "x"}}, {{"event", "hook.call"}}});
  ASSERT_TRUE(batch.ok);
  EXPECT_EQ(batch.firstSeq, 2u);
  auto lines = readLines(p.log());
  ASSERT_EQ(lines.size(), 3u);
  for (const std::string& l : lines) {
    json j = json::parse(l); // every line is JSON
    EXPECT_EQ(j["head"].get<std::string>().size(), 64u);
    EXPECT_TRUE(j["entry"].contains("time"));
  }
  EXPECT_EQ(json::parse(lines[2])["entry"]["seq"], 3);
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Ok) << v.message;
  EXPECT_EQ(v.entries, 3u);
  EXPECT_EQ(v.headHex, json::parse(lines[2])["head"]);
}

TEST(HooksAudit, MissingLogIsReportedNotBroken) {
  TempProject p;
  EXPECT_EQ(verifyAuditLog(p.log()).status, Status::Missing);
}

TEST(HooksAudit, AnEditIsFoundAtTheEditedLine) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  auto at = lines[2].find("p2");
  lines[2].replace(at, 2, "pX");
  writeLines(p.log(), lines);
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Broken);
  EXPECT_EQ(v.badLine, 3u);
  EXPECT_EQ(v.entries, 2u);
  EXPECT_NE(v.message.find("hash chain broken"), std::string::npos) << v.message;
}

TEST(HooksAudit, ReformattingAnEntryIsAnEdit) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  auto at = lines[1].find("\"event\":");
  lines[1].replace(at, 8, "\"event\": "); // same JSON value, different bytes
  writeLines(p.log(), lines);
  EXPECT_EQ(verifyAuditLog(p.log()).badLine, 2u);
}

TEST(HooksAudit, ADeletionIsFound) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  lines.erase(lines.begin() + 1);
  writeLines(p.log(), lines);
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Broken);
  EXPECT_EQ(v.badLine, 2u);
  EXPECT_NE(v.message.find("seq 3 where 2 belongs"), std::string::npos) << v.message;
}

TEST(HooksAudit, ADeletionAtTheEndIsFoundThroughTheRecordedHead) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  lines.pop_back();
  lines.pop_back();
  writeLines(p.log(), lines);
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Broken);
  EXPECT_EQ(v.badLine, 4u);
  EXPECT_NE(v.message.find("entries 4..5 were deleted"), std::string::npos) << v.message;
}

TEST(HooksAudit, AnInsertionIsFound) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  lines.insert(lines.begin() + 3, lines[2]); // a replayed copy of entry 3
  writeLines(p.log(), lines);
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Broken);
  EXPECT_EQ(v.badLine, 4u);
}

TEST(HooksAudit, AnInsertionWithAForgedSeqStillBreaksTheChain) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  json forged = json::parse(lines[3]);
  lines.insert(lines.begin() + 3, forged.dump());
  for (std::size_t i = 3; i < lines.size(); ++i) { // renumber everything after it
    json j = json::parse(lines[i]);
    j["entry"]["seq"] = i + 1;
    lines[i] = j.dump();
  }
  writeLines(p.log(), lines);
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Broken);
  EXPECT_EQ(v.badLine, 4u);
}

TEST(HooksAudit, ReorderingIsFound) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  std::swap(lines[1], lines[3]);
  writeLines(p.log(), lines);
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Broken);
  EXPECT_EQ(v.badLine, 2u);
}

TEST(HooksAudit, ATornLastLineIsReportedThenRepairedByTheNextAppend) {
  TempProject p;
  appendFive(p.log());
  {
    std::ofstream out(p.log(), std::ios::app | std::ios::binary);
    out << R"({"head":"abc","entry":{"event":"hook.ca)"; // crash mid-write: no newline
  }
  AuditVerifyResult torn = verifyAuditLog(p.log());
  EXPECT_EQ(torn.status, Status::Torn);
  EXPECT_EQ(torn.badLine, 6u);
  EXPECT_EQ(torn.entries, 5u);
  EXPECT_NE(torn.message.find("5 entries before it are intact"), std::string::npos);

  AuditAppendResult next = appendAudit(p.log(), {{{"event", "plugin.start"}}});
  ASSERT_TRUE(next.ok) << next.error;
  ASSERT_TRUE(next.recovered);
  EXPECT_EQ(next.firstSeq, 7u); // 6 is the audit.recovered record
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_EQ(v.status, Status::Ok) << v.message;
  EXPECT_EQ(v.entries, 7u);
  auto lines = readLines(p.log());
  EXPECT_EQ(json::parse(lines[5])["entry"]["event"], "audit.recovered");
  fs::path kept = p.log();
  kept += ".torn";
  EXPECT_TRUE(fs::exists(kept));
}

TEST(HooksAudit, AppendRefusesToExtendAnEditedLastLine) {
  TempProject p;
  appendFive(p.log());
  auto lines = readLines(p.log());
  lines.back() = "not an audit line";
  writeLines(p.log(), lines);
  AuditAppendResult r = appendAudit(p.log(), {{{"event", "x"}}});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("audit verify"), std::string::npos);
}

TEST(HooksAudit, RejectsNonObjectsAndHugeEntries) {
  TempProject p;
  EXPECT_FALSE(appendAudit(p.log(), {json::array()}).ok);
  EXPECT_FALSE(appendAudit(p.log(), {{{"blob", std::string(kMaxAuditEntryBytes + 1, 'x')}}}).ok);
}

TEST(HooksAudit, KilledWritersNeverCorruptEarlierEntries) {
  TempProject p;
  // Several processes append concurrently; each is SIGKILLed at some point mid-run.
  std::vector<pid_t> children;
  for (int c = 0; c < 3; ++c) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      for (int i = 0;; ++i)
        appendAudit(p.log(), {{{"event", "hook.call"},
                               {"writer", c},
                               {"i", i},
                               {"pad", std::string(static_cast<std::size_t>(i % 7) * 300, 'x')}}});
    }
    children.push_back(pid);
  }
  ::usleep(300 * 1000);
  for (pid_t pid : children) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  AuditVerifyResult v = verifyAuditLog(p.log());
  EXPECT_TRUE(v.status == Status::Ok || v.status == Status::Torn) << v.message;
  EXPECT_GT(v.entries, 0u);
  ASSERT_TRUE(appendAudit(p.log(), {{{"event", "after"}}}).ok);
  EXPECT_EQ(verifyAuditLog(p.log()).status, Status::Ok);
}
