// The worker's I/O pieces without a sandbox: poll-based exchange over real pipes (never blocks
// past the deadline) and the capped, attributed stderr capture.
#include "hooks/worker/pipe_exchange.h"
#include "hooks/worker/stderr_capture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace locus::hooks;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {
// Three pipes standing in for a plugin: the test holds the plugin's ends.
struct FakePlugin {
  int hostStdin = -1, hostStdout = -1, hostStderr = -1; // host ends
  int pluginStdin = -1, pluginStdout = -1, pluginStderr = -1;

  FakePlugin() {
    int in[2], out[2], err[2];
    EXPECT_EQ(pipe2(in, O_CLOEXEC), 0);
    EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
    EXPECT_EQ(pipe2(err, O_CLOEXEC), 0);
    pluginStdin = in[0], hostStdin = in[1];
    hostStdout = out[0], pluginStdout = out[1];
    hostStderr = err[0], pluginStderr = err[1];
    for (int fd : {hostStdin, hostStdout, hostStderr})
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  ~FakePlugin() {
    for (int fd : {hostStdin, hostStdout, hostStderr, pluginStdin, pluginStdout, pluginStderr})
      if (fd >= 0) close(fd);
  }
  PluginPipes pipes() { return {hostStdin, hostStdout, hostStderr}; }
};
} // namespace

TEST(HooksWorkerIo, ExchangeReturnsAFrameAlreadyWritten) {
  FakePlugin plugin;
  std::string frame = encodeFrame(R"({"ok":1})");
  ASSERT_EQ(write(plugin.pluginStdout, frame.data(), frame.size()),
            static_cast<ssize_t>(frame.size()));
  FrameReader reader;
  StderrCapture log("p", 1024, nullptr);
  PluginPipes pipes = plugin.pipes();
  Exchange result = exchangeFrame(pipes, encodeFrame("{}"), reader, log, Clock::now() + 1s);
  ASSERT_EQ(result.kind, Exchange::Kind::Frame);
  EXPECT_EQ(result.body, R"({"ok":1})");
  char request[64] = {};
  EXPECT_GT(read(plugin.pluginStdin, request, sizeof request), 0) << "the request was written";
}

TEST(HooksWorkerIo, PluginThatReadsNothingCannotBlockTheHost) {
  FakePlugin plugin;
  FrameReader reader;
  StderrCapture log("p", 1024, nullptr);
  PluginPipes pipes = plugin.pipes();
  std::string huge = encodeFrame(std::string(8 << 20, 'x')); // far more than a pipe buffer
  auto start = Clock::now();
  Exchange result = exchangeFrame(pipes, huge, reader, log, Clock::now() + 200ms);
  EXPECT_EQ(result.kind, Exchange::Kind::TimedOut);
  EXPECT_LT(Clock::now() - start, 1s);
}

TEST(HooksWorkerIo, ClosedStdoutIsReportedAndStderrIsCollected) {
  FakePlugin plugin;
  ASSERT_EQ(write(plugin.pluginStderr, "Traceback: boom\n", 16), 16);
  close(plugin.pluginStdout), plugin.pluginStdout = -1;
  close(plugin.pluginStderr), plugin.pluginStderr = -1;
  FrameReader reader;
  StderrCapture log("p", 1024, nullptr);
  PluginPipes pipes = plugin.pipes();
  Exchange result = exchangeFrame(pipes, "", reader, log, Clock::now() + 1s);
  EXPECT_EQ(result.kind, Exchange::Kind::Closed);
  drainStderr(pipes, log, Clock::now() + 1s);
  EXPECT_EQ(log.tail(), "Traceback: boom\n");
  EXPECT_EQ(plugin.hostStdout, -1) << "the host end is closed at EOF";
}

TEST(HooksWorkerIo, WriteToAPluginThatClosedStdinDoesNotKillTheHost) {
  FakePlugin plugin;
  close(plugin.pluginStdin), plugin.pluginStdin = -1; // SIGPIPE would end this test binary
  FrameReader reader;
  StderrCapture log("p", 1024, nullptr);
  PluginPipes pipes = plugin.pipes();
  Exchange result = exchangeFrame(pipes, encodeFrame("{}"), reader, log, Clock::now() + 100ms);
  EXPECT_EQ(result.kind, Exchange::Kind::TimedOut) << "EPIPE is absorbed; the answer never comes";
}

TEST(HooksWorkerStderr, LinesAreAttributedToThePlugin) {
  std::vector<std::string> lines;
  StderrCapture log("slack", 1024, [&](const std::string& plugin, const std::string& line) {
    lines.push_back(plugin + "|" + line);
  });
  log.append("one\ntw");
  log.append("o\nthree");
  EXPECT_EQ(lines, (std::vector<std::string>{"slack|one", "slack|two"}));
  EXPECT_EQ(log.tail(), "one\ntwo\nthree");
}

TEST(HooksWorkerStderr, VolumeIsCappedWithOneNote) {
  std::vector<std::string> lines;
  StderrCapture log("p", 100,
                    [&](const std::string&, const std::string& line) { lines.push_back(line); });
  for (int i = 0; i < 1000; ++i) log.append("0123456789\n");
  EXPECT_EQ(log.totalBytes(), 11000u);
  EXPECT_EQ(log.droppedBytes(), 10900u);
  EXPECT_LE(log.tail(1 << 20).size(), 100u);
  ASSERT_FALSE(lines.empty());
  EXPECT_LE(lines.size(), 11u);
  EXPECT_NE(lines.back().find("exceeded 100 bytes"), std::string::npos);
}

TEST(HooksWorkerStderr, VeryLongLinesAreTruncated) {
  std::vector<std::string> lines;
  StderrCapture log("p", 1 << 20,
                    [&](const std::string&, const std::string& line) { lines.push_back(line); });
  log.append(std::string(100000, 'a') + "\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_LT(lines[0].size(), 5000u);
  EXPECT_NE(lines[0].find("[line truncated]"), std::string::npos);
}
