#include "runtime/engine/auth_mail.h"

namespace locus::rt {

namespace {

Json textParam(const char* name, const char* type) {
  return {{"kind", "param"},
          {"name", name},
          {"type",
           {{"kind", "primitive"},
            {"name", type},
            {"alias", nullptr},
            {"list", false},
            {"optional", false},
            {"nullable", false}}},
          {"default", nullptr}};
}

Json inputName(const char* name) {
  return {{"kind", "name"}, {"name", name}};
}

} // namespace

Json authMailWorkflow() {
  Json send = {
      {"kind", "send_email"},
      {"id", std::string(kAuthMailWorkflow) + "/send_email#0"},
      {"binding", nullptr},
      {"name", nullptr},
      {"params",
       {{"to", inputName("to")}, {"subject", inputName("subject")}, {"body", inputName("body")}}}};
  return {{"kind", "workflow"},
          {"name", kAuthMailWorkflow},
          {"triggers", Json::array({{{"kind", "queue"}, {"topic", kAuthMailTopic}}})},
          {"input", Json::array({textParam("to", "Email"), textParam("subject", "String"),
                                 textParam("body", "String")})},
          {"state", Json::array()},
          {"steps", Json::array({send})},
          {"retry",
           {{"max", 5},
            {"backoff", "exponential"},
            {"factor", 2},
            {"delay", "1s"},
            {"delayMs", 1000},
            {"maxDelay", "5m"},
            {"maxDelayMs", 300000},
            {"jitter", false},
            {"declared", false}}},
          {"concurrency", nullptr},
          {"onError", Json::array()},
          {"onFailure", Json::array()}};
}

} // namespace locus::rt
