// The PostgreSQL store's hot paths: a checkpointed step (its own transaction: checkpoint + trace),
// a db_tx that moves money (two reads, two updates, checkpoint, outbox message), and a run's
// claim + finish. Needs a server: `tests/support/pg_temp.sh run -- build/bench/locus_bench
// --benchmark_filter=Pg` (pg_temp.sh exports DATABASE_URL; any empty database works).
#include "runtime/store/pg_store.h"
#include "runtime/store/pg_store_impl.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <unistd.h>

namespace {

using locus::rt::Json;

// A fresh database per benchmark process, created on the server DATABASE_URL points at.
std::string benchDatabase() {
  static std::string url = [] {
    const char* base = std::getenv("DATABASE_URL");
    if (!base) return std::string();
    std::string db = "locus_bench_" + std::to_string(getpid());
    locus::rt::PgConnection admin(base);
    admin.script("DROP DATABASE IF EXISTS " + db);
    admin.script("CREATE DATABASE " + db);
    std::string u = base;
    return u.substr(0, u.rfind('/') + 1) + db;
  }();
  return url;
}

std::unique_ptr<locus::rt::Store> openOrSkip(benchmark::State& state) {
  std::string url = benchDatabase();
  if (url.empty()) {
    state.SkipWithError("set DATABASE_URL (tests/support/pg_temp.sh run -- locus_bench …)");
    return nullptr;
  }
  return locus::rt::openPostgresStore(url);
}

void BM_PgCheckpointedStep(benchmark::State& state) {
  auto store = openOrSkip(state);
  if (!store) return;
  static int invocation = 0; // the library calls a benchmark several times: keys stay unique
  std::string run = "step-" + std::to_string(getpid()) + "-" + std::to_string(++invocation);
  int64_t i = 0;
  for (auto _ : state) {
    auto tx = store->begin();
    tx->putCheckpoint(run, "W/run#" + std::to_string(i), Json{{"i", i}});
    tx->appendTrace(run, Json{{"step", i}, {"outcome", "completed"}});
    tx->commit();
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PgCheckpointedStep)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_PgDbTxTransfer(benchmark::State& state) {
  auto store = openOrSkip(state);
  if (!store) return;
  {
    locus::rt::PgConnection c(benchDatabase());
    c.script("CREATE TABLE IF NOT EXISTS bench_accounts (id INTEGER PRIMARY KEY, "
             "balance_cents INTEGER NOT NULL); INSERT INTO bench_accounts VALUES (1, 1000000), "
             "(2, 1000000) ON CONFLICT DO NOTHING");
  }
  locus::rt::EntityMeta accounts{
      "Account",
      "bench_accounts",
      "id",
      "id",
      {{"id", "id", "Integer", false}, {"balanceCents", "balance_cents", "Integer", false}}};
  static int invocation = 0;
  std::string run = "tx-" + std::to_string(getpid()) + "-" + std::to_string(++invocation);
  int64_t i = 0;
  for (auto _ : state) {
    auto tx = store->begin();
    Json from = tx->findRows(accounts, {{"id", 1}}, nullptr, 1, std::nullopt)[0];
    Json to = tx->findRows(accounts, {{"id", 2}}, nullptr, 1, std::nullopt)[0];
    tx->updateRow(accounts, 1, {{"balanceCents", from["balanceCents"].get<int64_t>() - 1}});
    tx->updateRow(accounts, 2, {{"balanceCents", to["balanceCents"].get<int64_t>() + 1}});
    std::string step = "W/db_tx#" + std::to_string(i++);
    tx->publish({0, run + "/" + step, "transfers", Json{{"i", i}}, "", 0});
    tx->putCheckpoint(run, step, Json{{"steps", 2}});
    tx->commit();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PgDbTxTransfer)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_PgClaimAndFinishRun(benchmark::State& state) {
  auto store = openOrSkip(state);
  if (!store) return;
  auto alive = [](const std::string&) { return false; };
  static int64_t i = 0;
  for (auto _ : state) {
    locus::rt::RunRecord r;
    r.id = "claim-" + std::to_string(getpid()) + "-" + std::to_string(i++);
    r.workflow = "W";
    r.programHash = "h";
    store->createRun(r);
    if (!store->claimRun(r.id, "bench", 30000, alive, nullptr)) state.SkipWithError("claim failed");
    store->finishRun(r.id, "bench", "completed", nullptr, nullptr, 0);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PgClaimAndFinishRun)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace
