// `locus dev` end to end, as a user runs it: the real binary on a copy of an example project,
// with its private PostgreSQL cluster, the runtime, the API (node) and, for crm, the web app
// (next dev). Waits for the one ready line, drives the API over HTTP (seed data present, a
// create starting its on:create workflow, whose effect is read back through the API, a .locus
// edit reaching the served page), then
// SIGTERM: exit 0 and no process left whose working folder or command line is in the project.
// A part killed from outside makes `locus dev` report it and exit 1, again leaving nothing.
// Cost: about 50 s for crm (next dev compiles the first page twice) and 10 s for shop on 2 cores.
#include "tests/e2e/dev_session.h"
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using locus::test::copyExample;
using locus::test::DevSession;
using locus::test::expectNoProcessLeft;
using locus::test::processWithCwd;
using locus::test::waitReady;

std::string readText(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

json getJson(int port, const std::string& path) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(std::chrono::seconds(60));
  auto r = c.Get(path);
  if (!r) return json();
  json j = json::parse(r->body, nullptr, false);
  return j.is_discarded() ? json(r->body) : j;
}

TEST(LocusDev, CrmRunsAsOneSystemAndStopsCleanly) {
  fs::path project = copyExample("crm");
  {
    DevSession dev(project, {});
    locus::test::DevReady ready = waitReady(dev);
    ASSERT_GT(ready.api, 0);
    // Seed data (seed/01_team.json) is there, through the API and through the web app's proxy.
    json companies = getJson(ready.api, "/api/companies?name=Acme");
    ASSERT_EQ(companies["data"].size(), 1u) << companies.dump();
    // next dev compiles the proxy route on its first call: tens of seconds on a busy host.
    json viaWeb;
    for (auto until = Clock::now() + std::chrono::seconds(180);
         Clock::now() < until && !viaWeb.contains("data");)
      viaWeb = getJson(ready.web, "/api/companies?name=Acme");
    EXPECT_EQ(viaWeb["data"].size(), 1u) << viaWeb.dump();
    httplib::Client web("127.0.0.1", ready.web);
    web.set_read_timeout(std::chrono::seconds(60));
    auto home = web.Get("/");
    ASSERT_TRUE(home);
    EXPECT_EQ(home->status, 200);
    // Next's Pages Router does not serve the page components (web/src/pages).
    auto duplicate = web.Get("/Home");
    ASSERT_TRUE(duplicate);
    EXPECT_EQ(duplicate->status, 404);

    // A create through the API starts WelcomeContact (on:create(Contact)) once.
    httplib::Client api("127.0.0.1", ready.api);
    json contact = {{"firstName", "Grace"},
                    {"lastName", "Hopper"},
                    {"email", "grace@example.com"},
                    {"companyId", companies["data"][0]["id"]}};
    auto created = api.Post("/api/contacts", contact.dump(), "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    int id = json::parse(created->body)["id"];
    json activities;
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      activities = getJson(ready.api, "/api/activities?contactId=" + std::to_string(id));
      if (activities.contains("data") && !activities["data"].empty()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(activities["data"].size(), 1u) << activities.dump() << dev.stderrText();
    EXPECT_EQ(activities["data"][0]["kind"], "welcome");

    // A .locus edit rebuilds and reaches the page: the build replaces the changed files in place
    // and next dev recompiles them itself, without a restart.
    const fs::path webDir = project / "generated" / "web";
    const pid_t webBefore = processWithCwd(webDir);
    ASSERT_GT(webBefore, 0);
    std::string pages = (project / "pages.locus").string();
    std::string source = readText(pages);
    size_t heading = source.find(">Pipeline<");
    ASSERT_NE(heading, std::string::npos);
    source.replace(heading, 10, ">Pipeline edited<");
    std::ofstream(pages) << source;
    std::string body;
    deadline = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < deadline && body.find("Pipeline edited<") == std::string::npos) {
      auto page = web.Get("/");
      body = page ? page->body : "";
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_NE(body.find("Pipeline edited<"), std::string::npos) << dev.stderrText();
    EXPECT_EQ(processWithCwd(webDir), webBefore) << "the web app was restarted";

    kill(dev.pid(), SIGTERM);
    EXPECT_EQ(dev.waitExit(std::chrono::seconds(30)), 0) << dev.stderrText();
  }
  expectNoProcessLeft(project.parent_path());
  fs::remove_all(project.parent_path());
}

TEST(LocusDev, ShopRunsAndAPartThatDiesStopsEverything) {
  fs::path project = copyExample("shop");
  {
    DevSession dev(project, {"--no-web"});
    locus::test::DevReady ready = waitReady(dev);
    ASSERT_GT(ready.api, 0);
    json health = getJson(ready.api, "/health");
    EXPECT_TRUE(health.is_object()) << health.dump();
    // The API's node process, found by its working folder, is killed from outside.
    std::string server = (project / "generated" / "server").string();
    pid_t api = processWithCwd(server);
    ASSERT_GT(api, 0);
    kill(api, SIGKILL);
    EXPECT_EQ(dev.waitExit(std::chrono::seconds(30)), 1);
    EXPECT_NE(dev.stderrText().find("api stopped"), std::string::npos) << dev.stderrText();
  }
  expectNoProcessLeft(project.parent_path());
  fs::remove_all(project.parent_path());
}

} // namespace
