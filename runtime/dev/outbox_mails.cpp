#include "runtime/dev/outbox_mails.h"

#include <fstream>
#include <sstream>

namespace locus::dev {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> emlFiles(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".eml") out.push_back(e.path().filename().string());
  return out;
}

// The value of the header `name` ("" when missing); headers end at the first empty line.
std::string header(const std::string& eml, const std::string& name) {
  std::istringstream in(eml);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
  }
  return "";
}

std::string firstLink(const std::string& eml) {
  size_t body = eml.find("\r\n\r\n");
  for (const char* scheme : {"https://", "http://"}) {
    size_t at = eml.find(scheme, body == std::string::npos ? 0 : body);
    if (at == std::string::npos) continue;
    size_t end = eml.find_first_of(" \t\r\n\"<>", at);
    return eml.substr(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return "";
}

} // namespace

std::string mailLine(const std::string& eml, const std::string& shownPath) {
  std::string line =
      "mail to " + header(eml, "To") + ": " + header(eml, "Subject") + " (" + shownPath + ")";
  std::string link = firstLink(eml);
  return link.empty() ? line : line + " " + link;
}

OutboxMails::OutboxMails(fs::path dir) : dir_(std::move(dir)) {
  for (std::string& name : emlFiles(dir_)) seen_.insert(std::move(name));
}

std::vector<std::string> OutboxMails::newMailLines() {
  std::vector<std::string> lines;
  for (std::string& name : emlFiles(dir_)) {
    if (!seen_.insert(name).second) continue;
    std::ifstream in(dir_ / name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    lines.push_back(
        mailLine(text.str(), (dir_.parent_path().filename() / dir_.filename() / name).string()));
  }
  return lines;
}

} // namespace locus::dev
