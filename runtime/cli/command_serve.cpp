// locus serve: an HTTP server (cpp-httplib) that starts runs of `on:webhook` workflows
// (POST /webhooks/<Workflow>, rt::startWebhookRun) and reports runs (GET /runs/<id>), while a
// WorkerLoop executes them — and every other due run, message and schedule — in the background.
#include "runtime/cli/cli.h"
#include "runtime/cli/worker_loop.h"
#include "runtime/engine/webhook_request.h"

#include "runtime/cli/http_lib.h"

#include <csignal>
#include <cstdio>
#include <pthread.h>

namespace locus::cli {

namespace {

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void addRoutes(httplib::Server& server, Session& s, const rt::Program& program, WorkerLoop& loop) {
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, {{"status", "ok"}});
  });
  server.Post(R"(/webhooks/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::optional<std::string> secret;
    if (req.has_header(rt::kWebhookSecretHeader))
      secret = req.get_header_value(rt::kWebhookSecretHeader);
    try {
      rt::WebhookReply r = rt::startWebhookRun(*s.store, program, req.matches[1], secret, req.body,
                                               rt::processEnvironment());
      if (!r.runId.empty()) loop.wake();
      reply(res, r.status, r.body);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "locus serve: %s\n", e.what());
      reply(res, 503,
            rt::apiError("store_unavailable", "the state store cannot take the run now; retry"));
    }
  });
  server.Get(R"(/runs/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::optional<rt::RunRecord> run = s.store->getRun(req.matches[1]);
    if (!run) return reply(res, 404, rt::apiError("not_found", "no run " + req.matches[1].str()));
    reply(res, 200, rt::runStatusJson(*run));
  });
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

} // namespace

int commandServe(const SessionOptions& so, const WorkerConfig& config, const ServeOptions& o) {
  const std::string& host = o.host;
  const int port = o.port;
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* program = loadCurrentProgram(so, s);
  if (!program) return kUsage;

  // SIGINT/SIGTERM are taken by one thread with sigwait, so stopping needs no signal-safe code.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  httplib::Server server;
  server.set_payload_max_length(o.maxBody);
  try {
    WorkerLoop loop(s, program, config);
    addRoutes(server, s, *program, loop);
    if (!server.bind_to_port(host, port)) {
      std::fprintf(
          stderr,
          "locus serve: cannot listen on %s:%d (in use, or not an address of this machine)\n",
          host.c_str(), port);
      return kUsage;
    }
    std::thread signals([&] {
      int sig = 0;
      sigwait(&stopSignals, &sig);
      server.stop();
      loop.stop();
    });
    signals.detach(); // blocked in sigwait until the process ends
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
    loop.stop();
    worker.join();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus serve: %s\n", e.what());
    return kUsage;
  }
  return 0;
}

} // namespace locus::cli
