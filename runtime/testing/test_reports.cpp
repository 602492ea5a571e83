#include "runtime/testing/test_reports.h"

#include <cstdio>

namespace locus::rt::testing {

namespace {

std::string xmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      // XML 1.0 allows no control characters but tab, newline and carriage return.
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
        out += ' ';
      else
        out += c;
    }
  }
  return out;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

std::string failureText(const TestFailure& f) {
  std::string where = spanText(f.span);
  return (where.empty() ? "" : where + ": ") + f.message;
}

} // namespace

std::string spanText(const Json& span) {
  if (!span.is_object() || !span.contains("file")) return "";
  return span.value("file", std::string()) + ":" + std::to_string(span.value("line", 0)) + ":" +
         std::to_string(span.value("col", 0));
}

std::string junitXml(const TestReport& report, const std::string& suiteName) {
  double total = 0;
  for (const TestResult& t : report.tests) total += t.seconds;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"locusc test\" tests=\"" + std::to_string(report.tests.size()) +
         "\" failures=\"" + std::to_string(report.failed()) + "\" time=\"" + seconds(total) +
         "\">\n";
  out += "  <testsuite name=\"" + xmlEscape(suiteName) + "\" tests=\"" +
         std::to_string(report.tests.size()) + "\" failures=\"" + std::to_string(report.failed()) +
         "\" errors=\"0\" skipped=\"0\" time=\"" + seconds(total) + "\">\n";
  for (const TestResult& t : report.tests) {
    std::string file = t.span.is_object() ? t.span.value("file", std::string()) : "";
    int line = t.span.is_object() ? t.span.value("line", 0) : 0;
    out += "    <testcase name=\"" + xmlEscape(t.name) + "\" classname=\"" + xmlEscape(suiteName) +
           "\" file=\"" + xmlEscape(file) + "\" line=\"" + std::to_string(line) + "\" time=\"" +
           seconds(t.seconds) + "\"";
    if (t.passed) {
      out += "/>\n";
      continue;
    }
    std::string all;
    for (const TestFailure& f : t.failures) all += failureText(f) + "\n";
    out += ">\n      <failure message=\"" + xmlEscape(failureText(t.failures.front())) +
           "\" type=\"AssertionFailed\">" + xmlEscape(all) + "</failure>\n    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

Json reportJson(const TestReport& report) {
  Json tests = Json::array();
  for (const TestResult& t : report.tests) {
    Json failures = Json::array();
    for (const TestFailure& f : t.failures) {
      Json j = {{"message", f.message}};
      if (f.span.is_object()) {
        j["file"] = f.span.value("file", std::string());
        j["line"] = f.span.value("line", 0);
        j["col"] = f.span.value("col", 0);
      }
      failures.push_back(std::move(j));
    }
    tests.push_back({{"name", t.name},
                     {"passed", t.passed},
                     {"seconds", t.seconds},
                     {"status", t.status},
                     {"output", t.output},
                     {"error", t.error},
                     {"steps", t.path},
                     {"failures", std::move(failures)}});
  }
  return {{"tests", std::move(tests)},
          {"passed", report.tests.size() - report.failed()},
          {"failed", report.failed()},
          {"filteredOut", report.filteredOut},
          {"coverage", coverageJson(report.coverage)}};
}

} // namespace locus::rt::testing
