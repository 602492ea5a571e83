// `locus resume RUN --upgrade` (fix-forward): a failed run moves onto fixed code and only its
// failed step runs again; a waiting run moves onto a program that adds steps after its position;
// a program that removed a completed step or added one before the run's position is refused,
// and the run is left on its own program; `locusc build --inflight-db` applies the same rules
// before anything is written. About 4 s (short `locus` and `locusc` runs on SQLite).
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace locus::test {
namespace {

using nlohmann::json;

// Version 1: the gate is closed (a final failure); Review waits for an approval after `a`.
const char* kV1 = R"(
action gate(): Integer {
  throw { message: "gate closed", retryable: false }
}

workflow Ship {
  steps {
    const a = run record("packed", 1)
    const g = run gate()
    return g
  }
}

workflow Review {
  steps {
    const a = run record("drafted", 1)
    wait_for ok { approval: "ops" }
    return a
  }
}
)";

// Version 2, compatible: the gate is fixed; Review publishes after its approval.
const char* kV2 = R"(
action gate(): Integer {
  return 7
}

workflow Ship {
  steps {
    const a = run record("packed", 1)
    const g = run gate()
    return g
  }
}

workflow Review {
  steps {
    const a = run record("drafted", 1)
    wait_for ok { approval: "ops" }
    const p = run record("published", 1)
    return a
  }
}
)";

struct UpgradeProject : RuntimeProject {
  UpgradeProject() { write("upgrade.locus", kV1); }
  std::string column(const std::string& run, const std::string& name) const {
    return sql("SELECT " + name + " FROM locus_runs WHERE id = '" + run + "'");
  }
  bool traced(const std::string& run, const std::string& outcome) const {
    for (const json& e : trace(run))
      if (e["kind"] == "lifecycle" && e["outcome"] == outcome) return true;
    return false;
  }
};

TEST(RuntimeUpgrade, FailedRunMovesOntoFixedCodeAndOnlyItsFailedStepRunsAgain) {
  UpgradeProject p;
  ASSERT_EQ(p.locus("run Ship --run-id s1").exitCode, 1);
  std::string before = p.column("s1", "program");
  p.write("upgrade.locus", kV2);
  EXPECT_EQ(p.locus("resume s1").exitCode, 1); // the stored program still fails
  ProcessResult r = p.locus("resume s1 --upgrade");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "7\n");
  EXPECT_NE(r.err.find("moved onto the current program"), std::string::npos) << r.err;
  EXPECT_NE(p.column("s1", "program"), before);
  EXPECT_EQ(p.ledger("packed"), "1"); // the completed step was replayed, not called again
  EXPECT_TRUE(p.traced("s1", "upgraded"));
  EXPECT_EQ(p.locus("resume s1 --upgrade").exitCode, 0); // completed, already current
}

TEST(RuntimeUpgrade, WaitingRunTakesTheStepsAddedAfterItsPosition) {
  UpgradeProject p;
  ASSERT_EQ(p.locus("run Review --run-id r1").exitCode, 3);
  p.write("upgrade.locus", kV2);
  ProcessResult moved = p.locus("resume r1 --upgrade");
  EXPECT_EQ(moved.exitCode, 3) << moved.err; // still waiting for its approval
  ASSERT_EQ(p.locus("approve r1 Review/ok").exitCode, 0);
  ProcessResult done = p.locus("resume r1");
  EXPECT_EQ(done.exitCode, 0) << done.err;
  EXPECT_EQ(p.ledger("drafted"), "1");
  EXPECT_EQ(p.ledger("published"), "1");
}

TEST(RuntimeUpgrade, IncompatibleProgramsAreRefusedAndTheRunStaysOnItsOwn) {
  UpgradeProject p;
  ASSERT_EQ(p.locus("run Review --run-id r2").exitCode, 3);
  std::string before = p.column("r2", "program");
  struct Edit {
    std::string from, to, problem;
  };
  const std::vector<Edit> edits = {
      {"const a = run record(\"drafted\", 1)", "const b = run record(\"drafted\", 1)",
       "completed step Review/a was removed or moved"},
      {"const a = run record(\"drafted\", 1)",
       "const e = run record(\"early\", 1)\n    const a = run record(\"drafted\", 1)",
       "step Review/e is new before the run's position"},
  };
  for (const Edit& edit : edits) {
    std::string text = kV1;
    text.replace(text.find(edit.from), edit.from.size(), edit.to);
    p.write("upgrade.locus", text);
    ProcessResult r = p.locus("resume r2 --upgrade");
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(edit.problem), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("left as it was"), std::string::npos) << r.err;
    EXPECT_EQ(p.locus("upgrade-check").exitCode, 1); // the same rules, statically
    EXPECT_EQ(p.column("r2", "program"), before);
    EXPECT_EQ(p.column("r2", "status"), "waiting");
  }
  EXPECT_FALSE(p.traced("r2", "upgraded"));
}

TEST(RuntimeUpgrade, CompensatedFailureIsNotUpgraded) {
  UpgradeProject p;
  std::string v1 = std::string(kV1) + "\nworkflow Refunded {\n  steps { const g = run gate() }\n"
                                      "  on_failure { run record(\"refund\", 1) }\n}\n";
  p.write("upgrade.locus", v1);
  ASSERT_EQ(p.locus("run Refunded --run-id f1").exitCode, 1);
  std::string v2 = v1;
  v2.replace(v2.find("throw { message: \"gate closed\", retryable: false }"),
             std::string("throw { message: \"gate closed\", retryable: false }").size(),
             "return 1");
  p.write("upgrade.locus", v2);
  ProcessResult r = p.locus("resume f1 --upgrade");
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("compensation ran"), std::string::npos) << r.err;
  EXPECT_EQ(p.column("f1", "status"), "failed");
  EXPECT_EQ(p.ledger("refund"), "1");
}

TEST(RuntimeUpgrade, BuildWithInflightDbRefusesAProgramARunCouldNotContinueOn) {
  UpgradeProject p;
  ASSERT_EQ(p.locus("run Review --run-id r3").exitCode, 3);
  auto build = [&](const std::string& out, const std::string& db) {
    return runProcess(std::string(LOCUSC_PATH) + " build . -o " + out + " --inflight-db " + db,
                      p.dir);
  };
  p.write("upgrade.locus", kV2); // adds a step after the run's position: it can continue
  ProcessResult ok = build("out-ok", p.db());
  EXPECT_EQ(ok.exitCode, 0) << ok.err;

  std::string v3 = kV1; // removes the step r3 completed
  v3.replace(v3.find("const a = run record(\"drafted\", 1)"),
             std::string("const a = run record(\"drafted\", 1)").size(),
             "const b = run record(\"drafted\", 1)");
  p.write("upgrade.locus", v3);
  ProcessResult refused = build("out-refused", p.db());
  EXPECT_EQ(refused.exitCode, 1) << refused.err;
  EXPECT_NE(refused.err.find("E0810"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("run r3 (Review, waiting)"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("completed step Review/a was removed or moved"), std::string::npos)
      << refused.err;
  EXPECT_FALSE(std::filesystem::exists(p.dir + "/out-refused")); // nothing written

  ProcessResult missing = build("out-missing", p.dir + "/no-such.db");
  EXPECT_EQ(missing.exitCode, 1) << missing.err;
  EXPECT_NE(missing.err.find("E0811"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("no state database at"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(p.dir + "/no-such.db")); // not created by the check
}

} // namespace
} // namespace locus::test
