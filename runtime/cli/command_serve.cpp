// locus serve: an HTTP server (cpp-httplib) that starts runs of `on:webhook` workflows
// (POST /webhooks/<Workflow>, rt::startWebhookRun), reports runs (GET /runs/<id>), lets an
// operator cancel or terminate them (POST /runs/<id>/cancel|terminate with LOCUS_ADMIN_TOKEN),
// and exposes Prometheus metrics (GET /metrics) — while a WorkerLoop executes them, and every
// other due run, message and schedule, in the background. Connections are bounded in number and
// in how long they may sit idle or trickle (http_limits.h), so slow clients cannot starve
// /health.
#include "runtime/cli/cli.h"
#include "runtime/cli/http_limits.h"
#include "runtime/cli/serve_metrics.h"
#include "runtime/cli/worker_loop.h"
#include "runtime/engine/run_control.h"
#include "runtime/engine/webhook_request.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <sys/socket.h>

namespace locus::cli {

namespace {

constexpr const char* kAdminTokenHeader = "X-Locus-Admin-Token";

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// Operator routes need LOCUS_ADMIN_TOKEN set and sent; without it they are off (503).
bool adminAllowed(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> token = rt::processEnvironment()("LOCUS_ADMIN_TOKEN");
  if (!token || token->empty()) {
    reply(res, 503,
          rt::apiError("admin_not_configured",
                       "set LOCUS_ADMIN_TOKEN for locus serve to accept cancel and terminate"));
    return false;
  }
  if (!req.has_header(kAdminTokenHeader) ||
      !rt::secretMatches(*token, req.get_header_value(kAdminTokenHeader))) {
    reply(res, 401,
          rt::apiError("unauthorized", std::string("missing or wrong ") + kAdminTokenHeader));
    return false;
  }
  return true;
}

struct Routes {
  Session& s;
  const rt::Program& program;
  WorkerLoop& loop;
  ServeMetrics& metrics;

  template <class F> auto timedStore(F&& f) {
    auto t0 = std::chrono::steady_clock::now();
    auto result = f();
    metrics.observeStore(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return result;
  }

  void webhook(const httplib::Request& req, httplib::Response& res) {
    std::optional<std::string> secret;
    if (req.has_header(rt::kWebhookSecretHeader))
      secret = req.get_header_value(rt::kWebhookSecretHeader);
    std::string key = req.get_header_value(rt::kIdempotencyKeyHeader);
    rt::WebhookReply r = timedStore([&] {
      return rt::startWebhookRun(*s.store, program, req.matches[1], secret, req.body,
                                 rt::processEnvironment(), key);
    });
    if (!r.runId.empty()) loop.wake();
    reply(res, r.status, r.body);
  }

  void control(const httplib::Request& req, httplib::Response& res) {
    if (!adminAllowed(req, res)) return;
    std::optional<rt::RunRecord> run = s.store->getRun(req.matches[1]);
    if (!run) return reply(res, 404, rt::apiError("not_found", "no run " + req.matches[1].str()));
    Json body = req.body.empty() ? Json::object() : Json::parse(req.body, nullptr, false);
    std::string reason = body.is_object() ? body.value("reason", "") : "";
    std::string by = "http:" + req.remote_addr;
    rt::ControlResult r = req.matches[2] == "cancel" ? rt::requestCancel(*s.store, *run, reason, by)
                                                     : rt::terminateRun(*s.store, *run, reason, by);
    if (r.ok) loop.wake(); // a waiting run cancelled: the worker runs its cleanup now
    reply(res, r.ok ? 202 : 409,
          r.ok ? Json{{"run", run->id}, {"message", r.message}}
               : rt::apiError("run_ended", r.message));
  }
};

// Store errors answer 503 (retry later) on every route.
template <class F> httplib::Server::Handler guarded(F f) {
  return [f](const httplib::Request& req, httplib::Response& res) {
    try {
      f(req, res);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "locus serve: %s\n", e.what());
      reply(res, 503,
            rt::apiError("store_unavailable", "the state store cannot answer now; retry"));
    }
  };
}

void addRoutes(httplib::Server& server, Routes& routes) {
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (!LimitedTaskQueue::shedding()) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Connection", "close");
    reply(res, 503, rt::apiError("too_many_connections", "the server is at its connection limit"));
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, {{"status", "ok"}});
  });
  server.Get("/metrics", guarded([&](const httplib::Request&, httplib::Response& res) {
               res.set_content(routes.metrics.render(*routes.s.store), "text/plain; version=0.0.4");
             }));
  server.Post(R"(/webhooks/([^/]+))",
              guarded([&](const httplib::Request& req, httplib::Response& res) {
                routes.webhook(req, res);
              }));
  server.Get(R"(/runs/([^/]+))", guarded([&](const httplib::Request& req, httplib::Response& res) {
               std::optional<rt::RunRecord> run =
                   routes.timedStore([&] { return routes.s.store->getRun(req.matches[1]); });
               if (!run)
                 return reply(res, 404,
                              rt::apiError("not_found", "no run " + req.matches[1].str()));
               reply(res, 200, rt::runStatusJson(*run));
             }));
  server.Post(R"(/runs/([^/]+)/(cancel|terminate))",
              guarded([&](const httplib::Request& req, httplib::Response& res) {
                routes.control(req, res);
              }));
  // Errors the router or the body reader produced (unknown route, body too large) answer JSON too.
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413)
      reply(res, 413, rt::apiError("payload_too_large", "the request body is too large"));
    else if (res.status == 404)
      reply(res, 404, rt::apiError("not_found", "no route for " + req.method + " " + req.path));
    else
      reply(res, res.status, rt::apiError("bad_request", "the request cannot be read"));
  });
}

// cpp-httplib listens with a backlog of 5 (compiled into Debian's library): a burst of
// connections overflows it, the kernel then drops the handshake's last ACK and the client waits
// a second for the retransmit. The listening socket is captured here and given a deep backlog.
void captureListenSocket(httplib::Server& server, int& fd) {
  server.set_socket_options([&fd](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes); // what the default does
    fd = sock;
  });
}

void applyLimits(httplib::Server& server, const ServeOptions& o, const WorkerConfig& config) {
  size_t threads = o.httpThreads ? o.httpThreads : std::max<size_t>(16, 4 * config.concurrency);
  size_t limit = o.maxConnections;
  server.new_task_queue = [threads, limit] { return new LimitedTaskQueue(threads, limit); };
  server.set_payload_max_length(o.maxBody);
  auto ms = [](int64_t v) { return std::chrono::milliseconds(v); };
  server.set_read_timeout(ms(o.readTimeoutMs));
  server.set_write_timeout(ms(o.writeTimeoutMs));
  server.set_keep_alive_timeout(std::max<int64_t>(1, (o.idleTimeoutMs + 999) / 1000));
  server.set_keep_alive_max_count(100);
}

} // namespace

int commandServe(const SessionOptions& so, const WorkerConfig& config, const ServeOptions& o) {
  const std::string& host = o.host;
  const int port = o.port;
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* program = loadCurrentProgram(so, s);
  if (!program) return kUsage;
  ServeMetrics metrics;
  auto printTrace = s.options.onTrace;
  s.options.onTrace = [&metrics, printTrace](const Json& e) {
    metrics.observeStep(e);
    if (printTrace) printTrace(e);
  };

  // SIGINT/SIGTERM are taken by one thread with sigwait, so stopping needs no signal-safe code.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  httplib::Server server;
  applyLimits(server, o, config);
  int listenFd = -1;
  captureListenSocket(server, listenFd);
  try {
    WorkerLoop loop(s, program, config);
    Routes routes{s, *program, loop, metrics};
    addRoutes(server, routes);
    if (!server.bind_to_port(host, port)) {
      std::fprintf(
          stderr,
          "locus serve: cannot listen on %s:%d (in use, or not an address of this machine)\n",
          host.c_str(), port);
      return kUsage;
    }
    if (listenFd >= 0) ::listen(listenFd, SOMAXCONN);
    // The signal thread only stops the server; this thread then stops the loop and wakes the
    // signal thread itself if no signal came, so no thread outlives `server` and `loop`.
    std::atomic<bool> stopping{false};
    std::thread signals([&] {
      int sig = 0;
      sigwait(&stopSignals, &sig);
      if (!stopping) server.stop();
    });
    std::thread worker([&] {
      try {
        loop.run();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "locus serve: the background worker stopped: %s\n", e.what());
        server.stop();
      }
    });
    if (!s.quiet)
      std::fprintf(stderr, "locus serve: listening on http://%s:%d\n", host.c_str(), port);
    server.listen_after_bind();
    stopping = true;
    pthread_kill(signals.native_handle(), SIGTERM); // ends its sigwait (blocked: not delivered)
    signals.join();
    loop.stop();
    worker.join();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus serve: %s\n", e.what());
    return kUsage;
  }
  return 0;
}

} // namespace locus::cli
