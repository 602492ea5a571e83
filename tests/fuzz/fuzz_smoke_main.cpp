// A small deterministic fuzzer for LLVMFuzzerTestOneInput, for machines and CI runs without
// libFuzzer (GCC has none): replays every corpus file, then mutates corpus files for N seconds.
// A crash or an input taking longer than the watchdog fails the run; the input is saved first.
//
// Usage: locus_parse_fuzz_smoke [seconds=20] [corpus-dir...]
//   env LOCUS_FUZZ_SEED (default 1), LOCUS_FUZZ_ARTIFACTS (directory for the failing input, "."),
//   LOCUS_FUZZ_KEEP_GOING=1: run each input in a child process and collect every failure
//   (fuzz-failure-N.locus) instead of stopping at the first; slower, for bug hunting.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

constexpr unsigned kWatchdogSeconds = 5;
constexpr size_t kMaxInputBytes = 256 * 1024; // keeps iterations fast; size is not the point here

// The input being run, for the signal handler (which may only use async-signal-safe calls).
const std::string* g_current = nullptr;
char g_artifactPath[4096] = "fuzz-failure.locus";

void onFatalSignal(int sig) {
  const char* what = sig == SIGALRM ? "hang (watchdog)" : "crash (signal)";
  int fd = open(g_artifactPath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0 && g_current != nullptr) {
    ssize_t ignored = write(fd, g_current->data(), g_current->size());
    (void)ignored;
    close(fd);
  }
  char msg[256];
  int n = snprintf(msg, sizeof msg, "\nFUZZ FAILURE: %s %d; input saved to %s\n", what, sig,
                   g_artifactPath);
  ssize_t ignored = write(2, msg, static_cast<size_t>(n));
  (void)ignored;
  _exit(1);
}

void installHandlers() {
  for (int sig : {SIGALRM, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
    std::signal(sig, onFatalSignal);
}

void runInProcess(const std::string& input) {
  g_current = &input;
  alarm(kWatchdogSeconds);
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  alarm(0);
  g_current = nullptr;
}

bool g_keepGoing = false;
std::string g_artifactDir = ".";
size_t g_failures = 0;

// Keep-going mode: the child dies instead of us; its input is saved under a numbered name.
void runInChild(const std::string& input) {
  pid_t pid = fork();
  if (pid == 0) {
    runInProcess(input);
    _exit(0);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  std::string path = g_artifactDir + "/fuzz-failure-" + std::to_string(g_failures++) + ".locus";
  std::ofstream(path, std::ios::binary)
      .write(input.data(), static_cast<std::streamsize>(input.size()));
  fprintf(stderr, "failure %zu (%s %d): %s\n", g_failures, WIFSIGNALED(status) ? "signal" : "exit",
          WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), path.c_str());
}

void runOne(const std::string& input) {
  if (g_keepGoing)
    runInChild(input);
  else
    runInProcess(input);
}

std::vector<std::string> loadCorpus(const std::vector<fs::path>& dirs) {
  std::vector<fs::path> paths;
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".locus") paths.push_back(it->path());
    }
  }
  std::sort(paths.begin(), paths.end()); // directory order varies; the run must not
  std::vector<std::string> out;
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.push_back(text.str());
  }
  return out;
}

// Fragments that stress the lexer modes and the nesting guard.
// clang-format off
const std::vector<std::string> kTokens = {
    "{", "}", "(", ")", "[", "]", "<", ">", "</", "/>", "\"", "'", "`", "/*", "*/", "//", "\\",
    "${", std::string(1, '\0'), "\xFF", "\xC3", "\xE2\x82", "\n", "@", "<div>", "</div>", "ui {",
    "style_override {", "{{{{", "((((", "if ", "else ", "!", "-", "=>", "?.", "??", "0x", "1e999",
    "entity ", "page ", "workflow ",
};
// clang-format on

class Mutator {
public:
  Mutator(const std::vector<std::string>& corpus, uint64_t seed) : corpus_(corpus), rng_(seed) {}

  std::string next() {
    std::string s = pick();
    size_t rounds = 1 + below(8);
    for (size_t r = 0; r < rounds; ++r) mutate(s);
    if (s.size() > kMaxInputBytes) s.resize(kMaxInputBytes);
    return s;
  }

private:
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  const std::string& pick() { return corpus_[below(corpus_.size())]; }

  void mutate(std::string& s) {
    size_t pos = below(s.size() + 1);
    switch (below(9)) {
    case 0: // bit flip
      if (!s.empty()) s[below(s.size())] ^= static_cast<char>(1u << below(8));
      break;
    case 1: // random byte inserted
      s.insert(pos, 1, static_cast<char>(below(256)));
      break;
    case 2: // run of bytes deleted
      if (!s.empty()) s.erase(below(s.size()), 1 + below(16));
      break;
    case 3: { // splice: our prefix + another file's suffix
      const std::string& other = pick();
      s = s.substr(0, pos) + other.substr(below(other.size() + 1));
      break;
    }
    case 4: // token inserted
      s.insert(pos, kTokens[below(kTokens.size())]);
      break;
    case 5: { // a chunk repeated (grows nesting and lists)
      size_t len = 1 + below(std::min<size_t>(64, s.size() + 1));
      std::string chunk = s.substr(pos, len);
      size_t times = 1 + below(64);
      for (size_t i = 0; i < times; ++i) s.insert(pos, chunk);
      break;
    }
    case 6: // truncated
      s.resize(pos);
      break;
    case 7: // byte overwritten with an interesting value
      if (!s.empty()) s[below(s.size())] = "\0\xFF\x7F\x80{}<>\"\n"[below(11)];
      break;
    default: // pure random bytes, occasionally
      if (below(8) == 0) {
        s.assign(below(512), '\0');
        for (char& c : s) c = static_cast<char>(below(256));
      }
      break;
    }
  }

  const std::vector<std::string>& corpus_;
  std::mt19937_64 rng_;
};

} // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 20.0;
  std::vector<fs::path> dirs;
  for (int i = 2; i < argc; ++i) dirs.emplace_back(argv[i]);
  if (dirs.empty()) dirs.emplace_back(fs::path(LOCUS_SHARED_DIR) / "conformance" / "peer-corpus");
  uint64_t seed = 1;
  if (const char* s = std::getenv("LOCUS_FUZZ_SEED")) seed = std::strtoull(s, nullptr, 10);
  if (const char* a = std::getenv("LOCUS_FUZZ_ARTIFACTS")) g_artifactDir = a;
  snprintf(g_artifactPath, sizeof g_artifactPath, "%s/fuzz-failure.locus", g_artifactDir.c_str());
  if (const char* k = std::getenv("LOCUS_FUZZ_KEEP_GOING")) g_keepGoing = std::string(k) == "1";

  installHandlers();
  std::vector<std::string> corpus = loadCorpus(dirs);
  if (corpus.empty()) {
    fprintf(stderr, "no .locus files found in the corpus directories\n");
    return 2;
  }
  for (const std::string& input : corpus) runOne(input);
  fprintf(stderr, "replayed %zu corpus files\n", corpus.size());

  Mutator mutator(corpus, seed);
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  size_t runs = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    runOne(mutator.next());
    ++runs;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fprintf(stderr, "seed %llu: %zu mutated inputs in %.1f s (%.0f/s), %zu failures\n",
          static_cast<unsigned long long>(seed), runs, elapsed, runs / std::max(elapsed, 1e-9),
          g_failures);
  return g_failures == 0 ? 0 : 1;
}
