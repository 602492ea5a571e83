// send_email: to, subject, body (or template: a file under the project, rendered with mustache
// over `data`), from, cc. By default the message is written as an .eml file into the outbox folder
// (settings.outboxDir, default .locus/outbox), named after the run and step so a retry overwrites
// rather than duplicates. With settings.smtpUrl (smtp://host:port) it is sent through libcurl.
#include "stdlib-steps/kinds.h"

#include <curl/curl.h>
#include <kainjow/mustache.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus::steps {

namespace {

namespace fs = std::filesystem;

kainjow::mustache::data toMustache(const Json& v) {
  using kainjow::mustache::data;
  if (v.is_object()) {
    data d{data::type::object};
    for (const auto& [k, x] : v.items()) d.set(k, toMustache(x));
    return d;
  }
  if (v.is_array()) {
    data d{data::type::list};
    for (const Json& x : v) d.push_back(toMustache(x));
    return d;
  }
  if (v.is_boolean()) return v.get<bool>() ? data(data::type::bool_true) : data(data::type::bool_false);
  if (v.is_null()) return data(std::string());
  return data(rt::displayText(v));
}

std::vector<std::string> recipients(const Json& v) {
  std::vector<std::string> out;
  if (v.is_array())
    for (const Json& x : v) out.push_back(rt::displayText(x));
  else if (!v.is_null())
    out.push_back(rt::displayText(v));
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string fileSafe(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return s;
}

struct ReadState {
  const std::string* text;
  size_t pos = 0;
};

size_t readMessage(char* buffer, size_t size, size_t n, void* user) {
  auto* st = static_cast<ReadState*>(user);
  size_t len = std::min(size * n, st->text->size() - st->pos);
  std::memcpy(buffer, st->text->data() + st->pos, len);
  st->pos += len;
  return len;
}

void sendSmtp(const std::string& url, const std::string& from, const std::vector<std::string>& to,
              const std::string& message) {
  CURL* curl = curl_easy_init();
  if (!curl) throw StepError("libcurl could not start", true, "smtp");
  curl_slist* rcpt = nullptr;
  for (const std::string& r : to) rcpt = curl_slist_append(rcpt, ("<" + r + ">").c_str());
  ReadState st{&message};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, readMessage);
  curl_easy_setopt(curl, CURLOPT_READDATA, &st);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw StepError(std::string("SMTP ") + url + " failed: " + curl_easy_strerror(rc), true, "smtp");
}

class SendEmailStep : public rt::StepKind {
public:
  bool leaf() const override { return true; }
  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    std::vector<std::string> to = recipients(cx.param(step, "to")), cc = recipients(cx.param(step, "cc"));
    if (to.empty()) throw StepError("send_email needs `to`", false, "evaluation");
    const Json& settings = cx.settings();
    Json fromParam = cx.param(step, "from");
    std::string from = fromParam.is_string() ? fromParam.get<std::string>()
                                             : settings.value("smtpFrom", std::string("locus@localhost"));
    std::string subject = rt::displayText(cx.param(step, "subject"));
    std::string body = rt::displayText(cx.param(step, "body"));
    if (body == "null") body.clear();
    Json tmpl = cx.param(step, "template");
    if (tmpl.is_string()) body = renderTemplate(tmpl.get<std::string>(), cx.param(step, "data"), settings);
    std::string id = cx.runId() + "/" + cx.frame.currentStep;
    std::ostringstream msg;
    msg << "From: " << from << "\r\nTo: " << join(to) << "\r\n";
    if (!cc.empty()) msg << "Cc: " << join(cc) << "\r\n";
    msg << "Subject: " << subject << "\r\nMessage-ID: <" << fileSafe(id) << "@locus>\r\n"
        << "X-Locus-Step: " << id << "\r\nMIME-Version: 1.0\r\n"
        << "Content-Type: text/" << (body.find("<html") != std::string::npos ? "html" : "plain")
        << "; charset=utf-8\r\n\r\n" << body << "\r\n";
    std::vector<std::string> all = to;
    all.insert(all.end(), cc.begin(), cc.end());
    if (settings.contains("smtpUrl")) {
      sendSmtp(settings["smtpUrl"].get<std::string>(), from, all, msg.str());
      result = Json{{"sent", "smtp"}, {"to", all}, {"messageId", fileSafe(id) + "@locus"}};
      return Flow::Next;
    }
    fs::path dir = settings.value("outboxDir", std::string(".locus/outbox"));
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::path file = dir / (fileSafe(id) + ".eml");
    fs::path tmp = file;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary);
      out << msg.str();
      if (!out) throw StepError("cannot write " + tmp.string(), true, "email");
    }
    fs::rename(tmp, file, ec);
    if (ec) throw StepError("cannot write " + file.string() + ": " + ec.message(), true, "email");
    result = Json{{"sent", "outbox"}, {"to", all}, {"file", file.string()}};
    return Flow::Next;
  }

private:
  static std::string renderTemplate(const std::string& name, const Json& data, const Json& settings) {
    fs::path file = fs::path(settings.value("projectDir", std::string("."))) / name;
    std::ifstream in(file, std::ios::binary);
    if (!in) return "(template " + name + ")"; // a template outside the project: named, not failed
    std::stringstream text;
    text << in.rdbuf();
    kainjow::mustache::mustache tmpl(text.str());
    if (!tmpl.is_valid()) throw StepError("template " + file.string() + ": " + tmpl.error_message(), false, "email");
    return tmpl.render(toMustache(data.is_null() ? Json::object() : data));
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeSendEmailStep() { return std::make_unique<SendEmailStep>(); }

} // namespace locus::steps
