// The command line of `locus`, on LLVM `cl` as `locusc` uses it: one SubCommand per command, an
// option belongs to the commands that read it, so an option a command does not know is an error
// with a did-you-mean, every command has --help, and numbers are typed (a negative --limit is an
// error, not a wrap-around). What `cl` cannot check (enumerations, ranges) is checked in
// validate() below. The parsed values are handed to the commands as the structs of
// command_options.h.
#include "runtime/cli/cli.h"
#include "runtime/cli/worker_loop.h"
#include "runtime/engine/run_query.h"
#include "runtime/engine/time_values.h"
#include "runtime/version.h"

#include <llvm/Support/CommandLine.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace locus::cli {

namespace {

cl::OptionCategory category("locus options");

cl::SubCommand runCmd("run", "Start a run of WORKFLOW and execute it until it ends or waits");
cl::SubCommand resumeCmd("resume", "Continue an interrupted, waiting or failed run");
cl::SubCommand runsCmd("runs", "List runs, newest first");
cl::SubCommand traceCmd("trace", "One line per step attempt of RUN");
cl::SubCommand approveCmd("approve", "Approve (or --reject) the approval step STEP of RUN");
cl::SubCommand signalCmd("signal", "Send the signal NAME to RUN");
cl::SubCommand workerCmd("worker", "Execute due runs, queue messages and schedules");
cl::SubCommand serveCmd("serve",
                        "HTTP: webhooks (POST /webhooks/WORKFLOW), run status (GET /runs/ID), and "
                        "a background worker");
cl::SubCommand messagesCmd("messages", "List the queue messages");
cl::SubCommand devCmd("dev", "Build the project and run the whole app (database, runtime, API, "
                             "web) on one database; rebuild on change");
cl::SubCommand seedCmd("seed", "Apply the project's seed/*.json files (idempotent)");
cl::SubCommand secretsCmd("secrets",
                          "The project's encrypted secrets: set NAME [VALUE] | get NAME | list | "
                          "rm NAME (docs/plugins.md \"Secrets\")");
cl::SubCommand cancelCmd("cancel", "Stop RUN at its next step boundary, running its finally "
                                   "blocks and on_error/on_failure");
cl::SubCommand upgradeCheckCmd("upgrade-check",
                               "Can the runs in flight continue on the current program? Exit 1 "
                               "listing each that cannot");
cl::SubCommand pruneCmd("prune", "Delete runs that ended long ago (retention)");
cl::SubCommand terminateCmd("terminate", "End RUN at once, without any cleanup");
cl::SubCommand schedulesCmd("schedules", "List the on:schedule triggers and their next minute; "
                                         "pause|resume WORKFLOW stops or restarts its schedules");

// Options shared by several commands name every command they belong to.
#define LOCUS_ALL_COMMANDS                                                                         \
  cl::sub(runCmd), cl::sub(resumeCmd), cl::sub(runsCmd), cl::sub(traceCmd), cl::sub(approveCmd),   \
      cl::sub(signalCmd), cl::sub(workerCmd), cl::sub(serveCmd), cl::sub(messagesCmd),             \
      cl::sub(cancelCmd), cl::sub(terminateCmd), cl::sub(pruneCmd), cl::sub(upgradeCheckCmd),      \
      cl::sub(seedCmd), cl::sub(schedulesCmd)
#define LOCUS_EXECUTING_COMMANDS                                                                   \
  cl::sub(runCmd), cl::sub(resumeCmd), cl::sub(workerCmd), cl::sub(serveCmd), cl::sub(cancelCmd)

cl::opt<std::string> projectOpt("project", cl::desc("Project folder (default: .)"),
                                cl::value_desc("DIR"), cl::init("."), LOCUS_ALL_COMMANDS,
                                cl::cat(category));
cl::opt<std::string>
    dbOpt("db",
          cl::desc("State store: a SQLite file or postgres://USER:PASSWORD@HOST:PORT/DB (default: "
                   "<project>/.locus/state.db)"),
          cl::value_desc("PATH|URL"), LOCUS_ALL_COMMANDS, cl::sub(devCmd), cl::cat(category));
cl::opt<std::string> durabilityOpt("durability",
                                   cl::desc("SQLite: normal (survives process crashes) or full "
                                            "(survives power loss)"),
                                   cl::init("normal"), LOCUS_ALL_COMMANDS, cl::cat(category));
cl::opt<bool> quietOpt("quiet", cl::desc("Print only results and errors"), LOCUS_ALL_COMMANDS,
                       cl::cat(category));
cl::opt<bool> jsonOpt("json", cl::desc("Print JSON lines"), cl::sub(runCmd), cl::sub(resumeCmd),
                      cl::sub(cancelCmd), cl::sub(runsCmd), cl::sub(traceCmd),
                      cl::sub(upgradeCheckCmd), cl::sub(schedulesCmd), cl::cat(category));
cl::opt<std::string> bundleOpt("bundle",
                               cl::desc("Execute this IR file instead of compiling the project"),
                               cl::value_desc("IR.json"), cl::sub(runCmd), cl::sub(workerCmd),
                               cl::sub(serveCmd), cl::sub(upgradeCheckCmd), cl::sub(resumeCmd),
                               cl::cat(category));
cl::opt<std::string> schemaOpt("schema",
                               cl::desc("Migrations folder (default: the project's generated one)"),
                               cl::value_desc("DIR"), cl::sub(runCmd), cl::sub(workerCmd),
                               cl::sub(serveCmd), cl::cat(category));
cl::opt<std::string> outboxOpt("outbox",
                               cl::desc("Folder of sent e-mails (default: .locus/outbox)"),
                               cl::value_desc("DIR"), LOCUS_EXECUTING_COMMANDS, cl::cat(category));
cl::opt<std::string> smtpOpt("smtp", cl::desc("Send e-mail through this SMTP server"),
                             cl::value_desc("URL"), LOCUS_EXECUTING_COMMANDS, cl::cat(category));
cl::opt<std::string> smtpFromOpt("smtp-from", cl::desc("Sender address of e-mails"),
                                 cl::value_desc("ADDRESS"), LOCUS_EXECUTING_COMMANDS,
                                 cl::cat(category));
cl::opt<unsigned long long> maxIterationsOpt("max-iterations",
                                             cl::desc("Loop iterations allowed per run"),
                                             LOCUS_EXECUTING_COMMANDS, cl::cat(category));
cl::opt<long long> inlineWaitOpt("inline-wait-ms",
                                 cl::desc("Sleep in-process for timers up to this long"),
                                 LOCUS_EXECUTING_COMMANDS, cl::cat(category));
cl::opt<long long> leaseOpt("lease-ms", cl::desc("Run lease length (at least 300)"),
                            LOCUS_EXECUTING_COMMANDS, cl::cat(category));
cl::opt<long long> stepTimeoutOpt("step-timeout-ms", cl::desc("Default step timeout"),
                                  LOCUS_EXECUTING_COMMANDS, cl::cat(category));
cl::opt<bool> noProgressOpt("no-progress",
                            cl::desc("No progress line (it is drawn only on a terminal)"),
                            cl::sub(runCmd), cl::sub(resumeCmd), cl::cat(category));

// run
cl::opt<std::string> runWorkflow(cl::Positional, cl::desc("WORKFLOW"), cl::Required,
                                 cl::sub(runCmd), cl::cat(category));
cl::opt<std::string> runInput("input", cl::desc("The run's input: JSON, or @FILE"),
                              cl::value_desc("JSON|@FILE"), cl::init("{}"), cl::sub(runCmd),
                              cl::cat(category));
cl::opt<std::string>
    runIdOpt("run-id",
             cl::desc("The run's ID, an idempotency key: the same ID with the "
                      "same input returns that run, a different input is an error"),
             cl::value_desc("ID"), cl::sub(runCmd), cl::cat(category));
cl::opt<bool> noWaitOpt("no-wait",
                        cl::desc("Exit 4 instead of waiting when the concurrency group is full"),
                        cl::sub(runCmd), cl::cat(category));

// resume, trace
cl::opt<std::string> resumeRun(cl::Positional, cl::desc("RUN"), cl::Required, cl::sub(resumeCmd),
                               cl::cat(category));
cl::opt<std::string> traceRun(cl::Positional, cl::desc("RUN"), cl::Required, cl::sub(traceCmd),
                              cl::cat(category));

cl::opt<bool> retryFailedOpt("retry-failed",
                             cl::desc("Call the step that failed the run again (without it, a "
                                      "failed run reports its failure)"),
                             cl::sub(resumeCmd), cl::cat(category));
cl::opt<bool> upgradeOpt("upgrade",
                         cl::desc("Move the failed or waiting run onto the current program first, "
                                  "when its completed steps allow it (a failed step runs again)"),
                         cl::sub(resumeCmd), cl::cat(category));

cl::opt<bool> allowPluginChangeOpt(
    "allow-plugin-change",
    cl::desc("Continue the run although its plugins' code changed since it started (the change "
             "is recorded in its trace)"),
    cl::sub(resumeCmd), cl::cat(category));

// runs
cl::opt<std::string> statusOpt("status", cl::desc("Only runs with this status"),
                               cl::value_desc("STATUS"), cl::sub(runsCmd), cl::cat(category));
cl::opt<std::string> workflowOpt("workflow", cl::desc("Only runs of this workflow"),
                                 cl::value_desc("NAME"), cl::sub(runsCmd), cl::cat(category));
cl::opt<std::string> sinceOpt("since",
                              cl::desc("Only runs created since: a duration ago (2h, 30m) or a "
                                       "time (2026-12-01T10:00:00Z, epoch ms)"),
                              cl::value_desc("WHEN"), cl::sub(runsCmd), cl::cat(category));
cl::opt<std::string> whereOpt("where",
                              cl::desc("Conditions on the input: 'input.orderId = 7 and "
                                       "input.region != \"eu\"'"),
                              cl::value_desc("CONDITIONS"), cl::sub(runsCmd), cl::cat(category));
cl::opt<unsigned> limitOpt("limit", cl::desc("At most N runs (default 50)"), cl::value_desc("N"),
                           cl::init(50), cl::sub(runsCmd), cl::cat(category));

// approve, signal
cl::opt<std::string> approveRun(cl::Positional, cl::desc("RUN"), cl::Required, cl::sub(approveCmd),
                                cl::cat(category));
cl::opt<std::string> approveStep(cl::Positional, cl::desc("STEP"), cl::Required,
                                 cl::sub(approveCmd), cl::cat(category));
cl::opt<bool> rejectOpt("reject", cl::desc("Reject instead of approving"), cl::sub(approveCmd),
                        cl::cat(category));
cl::opt<std::string> byOpt("by", cl::desc("Who decided"), cl::value_desc("NAME"),
                           cl::sub(approveCmd), cl::cat(category));
cl::opt<std::string> signalRun(cl::Positional, cl::desc("RUN"), cl::Required, cl::sub(signalCmd),
                               cl::cat(category));
cl::opt<std::string> signalName(cl::Positional, cl::desc("NAME"), cl::Required, cl::sub(signalCmd),
                                cl::cat(category));
cl::opt<std::string> dataOpt("data", cl::desc("The signal's payload"), cl::value_desc("JSON"),
                             cl::init("null"), cl::sub(signalCmd), cl::cat(category));

// cancel, terminate
cl::opt<std::string> cancelRun(cl::Positional, cl::desc("RUN"), cl::Required, cl::sub(cancelCmd),
                               cl::cat(category));
cl::opt<std::string> terminateRun(cl::Positional, cl::desc("RUN"), cl::Required,
                                  cl::sub(terminateCmd), cl::cat(category));
cl::opt<std::string> reasonOpt("reason", cl::desc("Why (recorded in the run's trace)"),
                               cl::value_desc("TEXT"), cl::sub(cancelCmd), cl::sub(terminateCmd),
                               cl::sub(schedulesCmd), cl::cat(category));

// schedules
cl::list<std::string> schedulesArgs(cl::Positional, cl::desc("[pause|resume WORKFLOW]"),
                                    cl::sub(schedulesCmd), cl::cat(category));

// prune
cl::opt<std::string> olderThanOpt("older-than",
                                  cl::desc("Delete runs that ended longer ago than this (30d)"),
                                  cl::value_desc("DURATION"), cl::Required, cl::sub(pruneCmd),
                                  cl::cat(category));
cl::opt<std::string> archiveOpt("archive",
                                cl::desc("Append each pruned run (with checkpoints and trace) to "
                                         "this JSON-lines file first"),
                                cl::value_desc("FILE.jsonl"), cl::sub(pruneCmd), cl::cat(category));
cl::opt<bool> dryRunOpt("dry-run", cl::desc("Count what would go, delete nothing"),
                        cl::sub(pruneCmd), cl::cat(category));

// worker, serve
cl::opt<bool> onceOpt("once", cl::desc("Stop when there is nothing left to do"), cl::sub(workerCmd),
                      cl::cat(category));
cl::opt<unsigned> pollOpt("poll-ms", cl::desc("Idle wait between two looks at the store"),
                          cl::init(200), cl::sub(workerCmd), cl::sub(serveCmd), cl::cat(category));
cl::opt<unsigned> concurrencyOpt("concurrency", cl::desc("Runs executed at once (1-256)"),
                                 cl::init(1), cl::sub(workerCmd), cl::sub(serveCmd),
                                 cl::cat(category));
cl::opt<unsigned> cronCatchUpOpt("cron-catch-up",
                                 cl::desc("Missed cron minutes fired after downtime (1-1000)"),
                                 cl::init(1), cl::sub(workerCmd), cl::sub(serveCmd),
                                 cl::cat(category));
cl::opt<unsigned> deadLetterOpt("dead-letter-after",
                                cl::desc("Dead-letter a queue message after N deliveries no "
                                         "subscriber accepted (1-1000, default 5)"),
                                cl::init(5), cl::sub(workerCmd), cl::sub(serveCmd),
                                cl::cat(category));
cl::opt<std::string> retentionOpt("retention",
                                  cl::desc("Delete runs that ended longer ago than this, hourly "
                                           "(30d; default: keep everything)"),
                                  cl::value_desc("DURATION"), cl::sub(workerCmd), cl::sub(serveCmd),
                                  cl::cat(category));
cl::opt<unsigned> httpThreadsOpt("http-threads",
                                 cl::desc("HTTP threads (default max(16, 4 x --concurrency))"),
                                 cl::sub(serveCmd), cl::cat(category));
cl::opt<unsigned> maxConnectionsOpt("max-connections",
                                    cl::desc("Open connections served at once; more get 503 "
                                             "(default 256)"),
                                    cl::init(256), cl::sub(serveCmd), cl::cat(category));
cl::opt<unsigned> readTimeoutOpt("read-timeout-ms",
                                 cl::desc("Longest wait for a request's bytes (default 5000)"),
                                 cl::init(5000), cl::sub(serveCmd), cl::cat(category));
cl::opt<unsigned> writeTimeoutOpt("write-timeout-ms",
                                  cl::desc("Longest wait to send a response (default 5000)"),
                                  cl::init(5000), cl::sub(serveCmd), cl::cat(category));
cl::opt<unsigned> idleTimeoutOpt("idle-timeout-ms",
                                 cl::desc("How long a kept-alive connection may idle (default "
                                          "5000)"),
                                 cl::init(5000), cl::sub(serveCmd), cl::cat(category));
cl::opt<std::string> hostOpt("host", cl::desc("Address to listen on"), cl::init("127.0.0.1"),
                             cl::sub(serveCmd), cl::cat(category));
cl::opt<unsigned> portOpt("port", cl::desc("Port to listen on"), cl::init(8787), cl::sub(serveCmd),
                          cl::cat(category));
cl::opt<unsigned long long> maxBodyOpt("max-body", cl::desc("Largest request body in bytes"),
                                       cl::init(1 << 20), cl::sub(serveCmd), cl::cat(category));

// dev, seed
cl::opt<std::string> devProject(cl::Positional, cl::desc("[DIR]"), cl::init("."), cl::sub(devCmd),
                                cl::cat(category));
cl::opt<unsigned> devPortOpt("port",
                             cl::desc("The web app's port; the API takes the next one (0: free "
                                      "ports for both; default 3000)"),
                             cl::init(3000), cl::sub(devCmd), cl::cat(category));
cl::opt<bool> noWebOpt("no-web", cl::desc("Run the database, the runtime and the API only"),
                       cl::sub(devCmd), cl::cat(category));
cl::opt<std::string> seedDirOpt("seed", cl::desc("Seed folder (default: <project>/seed)"),
                                cl::value_desc("DIR"), cl::sub(seedCmd), cl::cat(category));
// secrets
cl::list<std::string> secretsArgs(cl::Positional,
                                  cl::desc("set NAME [VALUE] | get NAME | list | rm NAME"),
                                  cl::OneOrMore, cl::sub(secretsCmd), cl::cat(category));
cl::opt<std::string> secretsProject("project", cl::desc("Project folder (default: .)"),
                                    cl::value_desc("DIR"), cl::init("."), cl::sub(secretsCmd),
                                    cl::cat(category));
// The environment whose `[env.NAME.plugins.*.config]` applies; the plugin host reads LOCUS_ENV.
cl::opt<std::string> envOpt("env",
                            cl::desc("Environment of the plugin configuration ([env.NAME] in "
                                     "Locus.toml; also LOCUS_ENV)"),
                            cl::value_desc("NAME"), LOCUS_ALL_COMMANDS, cl::cat(category));

// messages
cl::opt<std::string> topicOpt("topic", cl::desc("Only messages of this topic"),
                              cl::sub(messagesCmd), cl::cat(category));
cl::opt<bool> deadOpt("dead", cl::desc("Only dead-lettered messages"), cl::sub(messagesCmd),
                      cl::cat(category));
cl::opt<long long> retryMessageOpt("retry", cl::desc("Deliver the dead message SEQ again"),
                                   cl::value_desc("SEQ"), cl::sub(messagesCmd), cl::cat(category));
cl::opt<long long> dropMessageOpt("drop", cl::desc("Drop the dead message SEQ"),
                                  cl::value_desc("SEQ"), cl::sub(messagesCmd), cl::cat(category));

const char* const kRunStatuses[] = {"queued", "running",   "waiting",    "completed",
                                    "failed", "cancelled", "terminated", "skipped"};

int usageError(const char* command, const std::string& message) {
  std::fprintf(stderr, "locus%s%s: %s\n", *command ? " " : "", command, message.c_str());
  return kUsage;
}

// The checks `cl` cannot express; prints the problem and returns kUsage, else 0.
int validate() {
  if (durabilityOpt != "normal" && durabilityOpt != "full")
    return usageError("", "--durability is `normal` (survives process crashes) or `full` "
                          "(survives power loss), not `" +
                              durabilityOpt + "`");
  if (runsCmd && !statusOpt.empty()) {
    bool known = false;
    std::string list;
    for (const char* s : kRunStatuses) {
      known |= statusOpt == s;
      list += std::string(list.empty() ? "" : ", ") + s;
    }
    if (!known)
      return usageError("runs", "--status is one of " + list + "; not `" + statusOpt + "`");
  }
  if (runsCmd && limitOpt < 1) return usageError("runs", "--limit is at least 1");
  const char* loop = workerCmd ? "worker" : "serve";
  if ((workerCmd || serveCmd) && (concurrencyOpt < 1 || concurrencyOpt > 256))
    return usageError(loop,
                      "--concurrency is between 1 and 256, not " + std::to_string(concurrencyOpt));
  if ((workerCmd || serveCmd) && (cronCatchUpOpt < 1 || cronCatchUpOpt > 1000))
    return usageError(loop, "--cron-catch-up is between 1 (fire only the latest missed minute) "
                            "and 1000, not " +
                                std::to_string(cronCatchUpOpt));
  if ((workerCmd || serveCmd) && pollOpt < 1) return usageError(loop, "--poll-ms is at least 1");
  if ((workerCmd || serveCmd) && (deadLetterOpt < 1 || deadLetterOpt > 1000))
    return usageError(loop, "--dead-letter-after is between 1 and 1000, not " +
                                std::to_string(deadLetterOpt));
  for (const cl::opt<std::string>* o : {&retentionOpt, &olderThanOpt})
    if (!o->empty() && !rt::durationMsOf(Json(o->getValue())))
      return usageError("", "--" + o->ArgStr.str() +
                                " is a duration such as 30d, 12h or 90m, "
                                "not `" +
                                o->getValue() + "`");
  if (runsCmd && !sinceOpt.empty() && !rt::durationMsOf(Json(sinceOpt.getValue())) &&
      !rt::timeMsOf(Json(sinceOpt.getValue())))
    return usageError("runs", "--since is a duration ago (2h) or a time (2026-12-01T10:00:00Z), "
                              "not `" +
                                  sinceOpt + "`");
  if (runsCmd && !whereOpt.empty()) {
    std::string error;
    if (!rt::parseInputWhere(whereOpt, error)) return usageError("runs", "--where: " + error);
  }
  if (messagesCmd && retryMessageOpt.getNumOccurrences() && dropMessageOpt.getNumOccurrences())
    return usageError("messages", "--retry and --drop go one at a time");
  if (serveCmd &&
      (maxConnectionsOpt < 1 || readTimeoutOpt < 1 || writeTimeoutOpt < 1 || idleTimeoutOpt < 1 ||
       (httpThreadsOpt.getNumOccurrences() && (httpThreadsOpt < 1 || httpThreadsOpt > 1024))))
    return usageError("serve", "--max-connections and the timeouts are at least 1, "
                               "--http-threads between 1 and 1024");
  if (devCmd && devPortOpt > 65534)
    return usageError("dev", "--port is between 1 and 65534 (0: free ports), not " +
                                 std::to_string(devPortOpt));
  if (serveCmd && (portOpt < 1 || portOpt > 65535))
    return usageError("serve", "--port is between 1 and 65535, not " + std::to_string(portOpt));
  for (const cl::opt<long long>* o : {&inlineWaitOpt, &leaseOpt, &stepTimeoutOpt})
    if (o->getNumOccurrences() && *o < 0)
      return usageError("", "--" + o->ArgStr.str() + " is not negative");
  return 0;
}

SessionOptions sessionOptions() {
  SessionOptions o;
  o.projectDir = projectOpt;
  o.projectGiven = projectOpt.getNumOccurrences() > 0;
  o.db = dbOpt;
  o.durability = durabilityOpt;
  o.bundle = bundleOpt;
  o.schema = schemaOpt;
  o.outbox = outboxOpt;
  o.smtp = smtpOpt;
  o.smtpFrom = smtpFromOpt;
  o.quiet = quietOpt;
  o.json = jsonOpt;
  if (maxIterationsOpt.getNumOccurrences()) o.maxIterations = maxIterationsOpt;
  if (inlineWaitOpt.getNumOccurrences()) o.inlineWaitMs = inlineWaitOpt;
  if (leaseOpt.getNumOccurrences()) o.leaseMs = std::max(300LL, leaseOpt.getValue());
  if (stepTimeoutOpt.getNumOccurrences()) o.stepTimeoutMs = stepTimeoutOpt;
  return o;
}

WorkerConfig workerConfig(const char* name) {
  WorkerConfig c;
  c.name = name;
  c.pollMs = pollOpt;
  c.concurrency = concurrencyOpt;
  c.cronCatchUp = static_cast<int>(cronCatchUpOpt);
  c.once = onceOpt;
  c.deadLetterAfter = static_cast<int>(deadLetterOpt);
  if (!retentionOpt.empty()) c.retentionMs = *rt::durationMsOf(Json(retentionOpt.getValue()));
  return c;
}

int dispatch() {
  if (secretsCmd) return commandSecrets(secretsProject, {secretsArgs.begin(), secretsArgs.end()});
  if (!envOpt.empty()) ::setenv("LOCUS_ENV", envOpt.c_str(), 1);
  SessionOptions session = sessionOptions();
  if (runCmd)
    return commandRun(session,
                      RunOptions{runWorkflow, runInput, runIdOpt, noWaitOpt, noProgressOpt});
  if (resumeCmd)
    return commandResume(session, ResumeOptions{resumeRun, noProgressOpt, retryFailedOpt,
                                                upgradeOpt, allowPluginChangeOpt});
  if (runsCmd)
    return commandRuns(session, RunsQuery{statusOpt, workflowOpt, sinceOpt, whereOpt, limitOpt});
  if (upgradeCheckCmd) return commandUpgradeCheck(session);
  if (pruneCmd) return commandPrune(session, PruneOptions{olderThanOpt, archiveOpt, dryRunOpt});
  if (traceCmd) return commandTrace(session, TraceOptions{traceRun});
  if (approveCmd)
    return commandApprove(session, ApproveOptions{approveRun, approveStep, byOpt, rejectOpt});
  if (signalCmd) return commandSignal(session, SignalOptions{signalRun, signalName, dataOpt});
  if (workerCmd) return commandWorker(session, workerConfig("locus worker"));
  if (serveCmd)
    return commandServe(session, workerConfig("locus serve"),
                        ServeOptions{hostOpt, static_cast<int>(portOpt),
                                     static_cast<size_t>(maxBodyOpt.getValue()), httpThreadsOpt,
                                     maxConnectionsOpt, readTimeoutOpt, writeTimeoutOpt,
                                     idleTimeoutOpt});
  if (messagesCmd)
    return commandMessages(session,
                           MessagesOptions{topicOpt, deadOpt, retryMessageOpt, dropMessageOpt});
  if (cancelCmd) return commandCancel(session, ControlOptions{cancelRun, reasonOpt});
  if (terminateCmd) return commandTerminate(session, ControlOptions{terminateRun, reasonOpt});
  if (schedulesCmd)
    return commandSchedules(session, {{schedulesArgs.begin(), schedulesArgs.end()}, reasonOpt});
  if (devCmd) return commandDev(DevCommandOptions{devProject, dbOpt, devPortOpt, noWebOpt});
  if (seedCmd) return commandSeed(session, SeedOptions{seedDirOpt});
  cl::PrintHelpMessage();
  return kUsage;
}

// `locus bogus`: name the nearest command instead of cl's "too many positional arguments".
int unknownCommand(const char* word) {
  std::string nearest;
  unsigned best = 3;
  for (cl::SubCommand* sub : cl::getRegisteredSubcommands()) {
    if (sub->getName().empty()) continue;
    unsigned d = StringRef(word).edit_distance(sub->getName(), true, best);
    if (d < best) best = d, nearest = sub->getName().str();
  }
  std::fprintf(stderr, "locus: unknown command `%s`%s (locus --help lists them)\n", word,
               nearest.empty() ? "" : ("; did you mean `" + nearest + "`?").c_str());
  return kUsage;
}

} // namespace

int runCommandLine(int argc, char** argv) {
  if (argc >= 2 && (!std::strcmp(argv[1], "help"))) argv[1] = const_cast<char*>("--help");
  if (argc >= 2 && !std::strcmp(argv[1], "version")) argv[1] = const_cast<char*>("--version");
  if (argc >= 2 && argv[1][0] != '-') {
    bool known = false;
    for (cl::SubCommand* sub : cl::getRegisteredSubcommands())
      known |= !sub->getName().empty() && sub->getName() == argv[1];
    if (!known) return unknownCommand(argv[1]);
  }
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](raw_ostream& os) { os << "locus " << locus::runtimeVersion() << "\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "Locus workflow runtime\n\n"
                                   "exit status: 0 completed, 1 failed, 2 usage/input/store "
                                   "error, 3 waiting, 4 queued, 5 busy\n",
                                   &errs()))
    return kUsage;
  if (int bad = validate()) return bad;
  return dispatch();
}

} // namespace locus::cli
