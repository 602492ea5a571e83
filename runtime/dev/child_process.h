// One part of the application under `locus dev` (the runtime, the API, the web app, PostgreSQL's
// tools): a child process in its own process group, so stopping it stops everything it started,
// with its output read line by line, prefixed by the part's name, and the last lines kept for the
// report when it dies.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace locus::dev {

struct ChildSpec {
  ChildSpec(std::string name, std::vector<std::string> argv, std::string cwd = "")
      : name(std::move(name)), argv(std::move(argv)), cwd(std::move(cwd)) {}

  std::string name;                       // the log prefix ("api", "web", "runtime")
  std::vector<std::string> argv;          // argv[0] is a path (no PATH search, no shell)
  std::string cwd;                        // empty: the current folder
  std::map<std::string, std::string> env; // added to (and overriding) this process's environment
  bool asNobody = false;                  // drop to `nobody` (PostgreSQL refuses to run as root)
  int stopSignal = 15;                    // SIGTERM; PostgreSQL stops fastest on SIGINT
};

// Serialises the prefixed log lines of all parts onto stdout.
class LogSink {
public:
  void line(const std::string& part, const std::string& text);
  // Until released, lines are kept back (the ready line comes first, then the logs).
  void hold(bool holding);

private:
  std::mutex mutex_;
  bool holding_ = false;
  std::vector<std::string> held_;
};

class Child {
public:
  Child(ChildSpec spec, LogSink& sink);
  ~Child(); // stops the process group if it still runs
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Starts the process; false with `error` set when it cannot be started.
  bool start(std::string& error);
  // True while the process has not exited (reaps it when it did).
  bool running();
  int exitStatus() const { return status_; } // valid once running() is false
  // SIGTERM to the whole group, then SIGKILL after `graceMs`; waits for the process and reaps it.
  void stop(int graceMs = 5000);
  std::vector<std::string> lastLines() const;
  const std::string& name() const { return spec_.name; }
  pid_t pid() const { return pid_; }

private:
  void readOutput(int fd);

  ChildSpec spec_;
  LogSink& sink_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
  std::thread reader_;
  mutable std::mutex linesMutex_;
  std::deque<std::string> lines_;
};

// A wait for a child that must finish (initdb, tsc): runs it to the end; its exit status, or -1
// when it could not start (then `error` says why) or `cancelled` said stop (then it is stopped).
int runToEnd(const ChildSpec& spec, LogSink& sink, std::string& error,
             std::vector<std::string>* lastLines = nullptr,
             const std::function<bool()>& cancelled = {});

} // namespace locus::dev
