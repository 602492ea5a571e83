#include "tests/e2e/runtime_serve_process.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace locus::test {

int freeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

ServeProcess::ServeProcess(const RuntimeProject& p, const std::string& extra,
                           const std::string& env)
    : port(freeLoopbackPort()) {
  ProcessResult r =
      runProcess(env + " " + std::string(LOCUS_PATH) + " serve --port " + std::to_string(port) +
                     " " + extra + " >serve.log 2>&1 & echo $!",
                 p.dir);
  pid = std::stoi(r.out);
  httplib::Client c("127.0.0.1", port);
  for (int i = 0; i < 600 && !c.Get("/health"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

ServeProcess::~ServeProcess() {
  kill(pid, SIGTERM);
  for (int i = 0; i < 200 && kill(pid, 0) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  stoppedBySigterm = kill(pid, 0) != 0;
  if (!stoppedBySigterm) kill(pid, SIGKILL);
  EXPECT_TRUE(stoppedBySigterm) << "locus serve ignored SIGTERM";
}

httplib::Client ServeProcess::client() const {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(10, 0);
  return c;
}

} // namespace locus::test
