// Registry API latency under concurrency: C clients (default 50), each a thread with its own
// kept-alive connection, send R requests each to a running `locusc registry serve` on loopback —
// a mix of the reads an install and a search make (package document, version document, listing
// page, search) — and the latency of every request is recorded. Prints p50, p95, p99, the
// throughput, and the slowest request on an already open connection. Usage:
// locus_registry_api_bench URL [clients] [requests-per-client] [names...]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: locus_registry_api_bench URL [clients] [requests] [names...]\n");
    return 2;
  }
  std::string url = argv[1];
  int clients = argc > 2 ? std::atoi(argv[2]) : 50;
  int requests = argc > 3 ? std::atoi(argv[3]) : 200;
  std::vector<std::string> names;
  for (int i = 4; i < argc; ++i) names.push_back(argv[i]);
  if (names.empty()) names.push_back("audit-fields");
  std::vector<std::vector<double>> perClient(clients);
  std::atomic<int> failures{0};
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      httplib::Client client(url);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      for (int i = 0; i < requests; ++i) {
        const std::string& name = names[static_cast<std::size_t>(c + i) % names.size()];
        std::string path;
        switch (i % 4) {
        case 0:
          path = "/v1/plugins/" + name;
          break;
        case 1:
          path = "/v1/plugins/" + name + "/1.0.0";
          break;
        case 2:
          path = "/v1/plugins?per_page=30&page=" + std::to_string(1 + i % 2);
          break;
        default:
          path = "/v1/search?q=" + name.substr(0, 4);
          break;
        }
        auto t0 = std::chrono::steady_clock::now();
        httplib::Result r = client.Get(path.c_str());
        auto t1 = std::chrono::steady_clock::now();
        if (!r || r->status != 200) ++failures;
        perClient[static_cast<std::size_t>(c)].push_back(
            std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  for (std::thread& t : threads) t.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<double> all, connected; // connected: without each client's first request
  for (const auto& v : perClient) {
    all.insert(all.end(), v.begin(), v.end());
    if (v.size() > 1) connected.insert(connected.end(), v.begin() + 1, v.end());
  }
  std::sort(all.begin(), all.end());
  std::sort(connected.begin(), connected.end());
  auto at = [&](double q) { return all[static_cast<std::size_t>(q * (all.size() - 1))]; };
  std::printf("%zu requests, %d clients, %d failed: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max "
              "%.2f ms, %.0f requests/s\n",
              all.size(), clients, failures.load(), at(0.5), at(0.95), at(0.99), all.back(),
              static_cast<double>(all.size()) / seconds);
  // A burst of connects can outrun the listen backlog: those first requests wait for a SYN retry.
  if (!connected.empty())
    std::printf("on open connections (each client's first request left out): max %.2f ms\n",
                connected.back());
  return failures.load() == 0 ? 0 : 1;
}
