// Test support: a `locus serve` process on a free loopback port, started in the background in a
// RuntimeProject's folder and stopped with SIGTERM at the end (SIGKILL, and a test failure, if it
// ignores that).
#pragma once

#include "tests/e2e/runtime_project.h"

#include <httplib.h>

#include <string>

namespace locus::test {

int freeLoopbackPort();

struct ServeProcess {
  // `env` is put before the command (VAR=value …), `extra` after `serve --port N`.
  ServeProcess(const RuntimeProject& p, const std::string& extra = "",
               const std::string& env = "DEPOSIT_SECRET=s3cret");
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  httplib::Client client() const;
  int port;
  int pid = 0;
  bool stoppedBySigterm = false;
};

} // namespace locus::test
