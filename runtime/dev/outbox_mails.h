// The mails the runtime's send_email wrote into the project's outbox folder during `locus dev`
// (.locus/outbox/*.eml), announced as they appear — recipient, subject, the first link — so a
// verification or password-reset mail is one click away without a mail server.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace locus::dev {

class OutboxMails {
public:
  // Mails already in `dir` are not announced.
  explicit OutboxMails(std::filesystem::path dir);
  // One line per mail that appeared since the last call.
  std::vector<std::string> newMailLines();

private:
  std::filesystem::path dir_;
  std::set<std::string> seen_;
};

// "mail to ann@example.com: Confirm your email address (.locus/outbox/X.eml) http://…" from the
// text of one .eml file.
std::string mailLine(const std::string& eml, const std::string& shownPath);

} // namespace locus::dev
