// Child workflows: `run Other(…)` in a workflow's steps starts a child run with an ID derived
// from the parent's run and step, waits for it, and binds its output. A child that waits makes
// its parent wait until the child's end wakes it; a child's failure is the step's failure (and
// can be caught); cancelling a parent cancels its children; a kill -9 while the child runs in
// place loses and repeats nothing. About 3 s.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>

namespace locus::test {
namespace {

using nlohmann::json;

const char* kChildWorkflows = R"(
workflow Payment {
  input { cents: Integer }
  steps {
    const id = run record("paid", cents)
    return { ledger: id, doubled: cents * 2 }
  }
}

workflow Checkout {
  input { cents: Integer }
  steps {
    const receipt = run Payment(cents: cents)
    run record("receipt", receipt.doubled)
    return receipt.doubled
  }
}

workflow Review {
  steps {
    try {
      wait_for ok { approval: "ops" }
      run record("reviewed", 1)
    } finally {
      run record("review-finally", 1)
    }
    return "approved"
  }
}

workflow Publish {
  steps {
    const verdict = run Review()
    run record("published", 1)
    return verdict
  }
}

action decline() {
  throw { message: "card declined", retryable: false }
}

workflow Broken {
  steps {
    run record("broken", 1)
    run decline()
  }
}

workflow Careful {
  steps {
    try {
      run Broken()
    } catch e {
      run record("caught", 1)
    }
  }
}

workflow SlowPayment {
  input { cents: Integer }
  steps {
    run record("slow-paid", cents)
    delay 1s
    run record("slow-done", cents)
    return cents
  }
}

workflow SlowCheckout {
  input { cents: Integer }
  steps {
    const paid = run SlowPayment(cents: cents)
    run record("slow-receipt", paid)
    return paid
  }
}

workflow Careless {
  steps {
    run Broken()
  }
}
)";

struct ChildProject : RuntimeProject {
  ChildProject() { write("children.locus", kChildWorkflows); }
};

TEST(RuntimeChildWorkflow, ParentBindsTheChildsOutputAndAResumeReusesTheChild) {
  ChildProject p;
  ProcessResult r = p.locus("run Checkout --input '{\"cents\": 21}' --run-id c1 --json");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["output"], 42);
  const std::string child = "c1/Checkout/receipt";
  EXPECT_EQ(p.status(child), "completed");
  EXPECT_EQ(p.sql("SELECT workflow FROM locus_runs WHERE id = '" + child + "'"), "Payment");
  EXPECT_TRUE(p.traced(child, "started-by-parent"));
  EXPECT_EQ(p.sql("SELECT amount_cents FROM ledgers WHERE note = 'receipt'"), "42");
  // A parent that crashed before its step's checkpoint runs the step again and finds the child
  // it started: the child's output is used, nothing is paid twice.
  p.exec("UPDATE locus_runs SET status = 'running', lease_owner = 'gone:1:x', lease_until = 0 "
         "WHERE id = 'c1'; DELETE FROM locus_checkpoints WHERE run_id = 'c1';");
  ProcessResult resumed = p.locus("resume c1 --json");
  ASSERT_EQ(resumed.exitCode, 0) << resumed.err;
  EXPECT_EQ(json::parse(resumed.out)["output"], 42);
  EXPECT_EQ(p.ledger("paid"), "1");
}

TEST(RuntimeChildWorkflow, AKillDuringTheChildLosesAndRepeatsNothing) {
  ChildProject p;
  pid_t pid =
      spawnLocus(p.dir, {"run", "SlowCheckout", "--input", "{\"cents\": 7}", "--run-id", "k1"});
  const std::string child = "k1/SlowCheckout/paid";
  ASSERT_TRUE(waitFor([&] { return p.ledger("slow-paid") == "1"; }, 10000));
  kill(pid, SIGKILL); // the parent's process dies while it executes the child in place
  waitpid(pid, nullptr, 0);
  EXPECT_EQ(p.status(child), "running");
  ProcessResult r = p.locus("resume k1 --json");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["output"], 7);
  EXPECT_EQ(p.status(child), "completed");
  EXPECT_TRUE(p.traced(child, "crashed")); // taken over from the dead process
  for (const char* note : {"slow-paid", "slow-done", "slow-receipt"})
    EXPECT_EQ(p.ledger(note), "1") << note;
}

TEST(RuntimeChildWorkflow, AWaitingChildMakesItsParentWaitAndItsEndWakesIt) {
  ChildProject p;
  ProcessResult r = p.locus("run Publish --run-id pub");
  ASSERT_EQ(r.exitCode, 3) << r.err; // waiting
  const std::string child = "pub/Publish/verdict";
  EXPECT_NE(r.err.find("the end of child run " + child), std::string::npos) << r.err;
  EXPECT_EQ(p.status(child), "waiting");
  // The parent waits for its child, not for a signal of its own.
  EXPECT_EQ(p.locus("signal pub ok").exitCode, 1);
  ProcessResult approved = p.locus("approve " + child + " Review/try#0/try/ok");
  ASSERT_EQ(approved.exitCode, 0) << approved.err;
  ProcessResult worker = p.locus("worker --once --project .");
  ASSERT_EQ(worker.exitCode, 0) << worker.err;
  EXPECT_EQ(p.status(child), "completed");
  EXPECT_EQ(p.status("pub"), "completed");
  EXPECT_EQ(p.sql("SELECT output FROM locus_runs WHERE id = 'pub'"), "\"approved\"");
  EXPECT_EQ(p.ledger("published"), "1");
}

TEST(RuntimeChildWorkflow, AChildsFailureIsTheStepsFailure) {
  ChildProject p;
  EXPECT_EQ(p.locus("run Careful --run-id ok1").exitCode, 0);
  EXPECT_EQ(p.ledger("caught"), "1");
  EXPECT_EQ(p.status("ok1/Careful/try#0/try/run#0"), "failed");
  ProcessResult r = p.locus("run Careless --run-id bad1");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("child workflow Broken (run bad1/Careless/run#0) failed: card declined"),
            std::string::npos)
      << r.err;
}

TEST(RuntimeChildWorkflow, CancellingTheParentCancelsItsChild) {
  ChildProject p;
  ASSERT_EQ(p.locus("run Publish --run-id cx").exitCode, 3);
  ProcessResult r = p.locus("cancel cx --reason 'not needed'");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string child = "cx/Publish/verdict";
  EXPECT_EQ(p.status(child), "cancelled");
  EXPECT_EQ(p.status("cx"), "cancelled");
  EXPECT_EQ(p.ledger("review-finally"), "1"); // the child's cleanup ran
  EXPECT_EQ(p.ledger("published"), "0");
  EXPECT_TRUE(p.traced(child, "cancel-requested"));
}

} // namespace
} // namespace locus::test
