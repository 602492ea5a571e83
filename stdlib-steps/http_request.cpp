// http_request (libcurl): url, method (GET, or POST when there is a body), headers, body (an
// object is sent as JSON), timeout (default 30s), failOnStatus (default true). The response
// {status, headers, body} is the step's checkpointed result, so a replay sees the same response.
// Status handling: 2xx/3xx succeed; 408, 429 and 5xx fail retryably; other 4xx fail for good.
#include "runtime/engine/time_values.h"
#include "stdlib-steps/kinds.h"

#include <curl/curl.h>

namespace locus::steps {

namespace {

size_t appendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t appendHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string key = line.substr(0, colon), value = line.substr(colon + 1);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    (*static_cast<Json*>(out))[key] = value;
  }
  return size * n;
}

class HttpRequestStep : public rt::StepKind {
public:
  HttpRequestStep() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  bool leaf() const override { return true; }

  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    Json url = cx.param(step, "url");
    if (!url.is_string()) throw StepError("http_request needs a `url`, got " + url.dump(), false, "evaluation");
    Json body = cx.param(step, "body"), headers = cx.param(step, "headers");
    Json method = cx.param(step, "method");
    std::string verb = method.is_string() ? method.get<std::string>() : body.is_null() ? "GET" : "POST";
    int64_t timeoutMs = rt::durationMsOf(cx.param(step, "timeout")).value_or(30000);
    Json failOnStatus = cx.param(step, "failOnStatus");

    CURL* curl = curl_easy_init();
    if (!curl) throw StepError("libcurl could not start a request", true, "http");
    std::string text, payload;
    Json responseHeaders = Json::object();
    curl_slist* list = nullptr;
    if (headers.is_object())
      for (const auto& [k, v] : headers.items()) list = curl_slist_append(list, (k + ": " + rt::displayText(v)).c_str());
    if (!body.is_null()) {
      payload = body.is_string() ? body.get<std::string>() : body.dump();
      if (!body.is_string() && !(headers.is_object() && headers.contains("Content-Type")))
        list = curl_slist_append(list, "Content-Type: application/json");
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.get<std::string>().c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, verb.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeoutMs));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &text);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, appendHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &responseHeaders);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK)
      throw StepError(verb + " " + url.get<std::string>() + " failed: " + curl_easy_strerror(rc), true,
                      rc == CURLE_OPERATION_TIMEDOUT ? "timeout" : "http");
    Json parsed = Json::parse(text, nullptr, false);
    result = Json{{"status", status}, {"headers", responseHeaders},
                  {"body", parsed.is_discarded() ? Json(text) : parsed}};
    if (status >= 400 && failOnStatus != false) {
      bool retryable = status == 408 || status == 429 || status >= 500;
      throw StepError(verb + " " + url.get<std::string>() + " answered " + std::to_string(status), retryable,
                      "http", result);
    }
    return Flow::Next;
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeHttpRequestStep() { return std::make_unique<HttpRequestStep>(); }

} // namespace locus::steps
