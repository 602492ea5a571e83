// The runtime's built-in workflow for the mails of `auth { }`: present only in programs with
// auth, subscribed to the topic the generated API queues mails on, kept out of the stored IR and
// its hash, and sending through send_email into the outbox.
#include "compiler/base/auth_mail_topic.h"
#include "runtime/engine/entity_events.h"
#include "runtime_test_util.h"

#include <fstream>
#include <sstream>

namespace locus::test {
namespace {

constexpr const char* kAuth = R"(
auth { user: Member, identity: email, password: passwordHash }
entity Member { email: Email @unique  passwordHash: String }
)";

TEST(AuthMail, ProgramsWithAuthSendTheirMailsThroughTheOutbox) {
  RuntimeHarness h(kAuth);
  EXPECT_EQ(rt::subscribersOf(*h.program, kAuthMailTopic),
            std::vector<std::string>{"locus.auth.mail"});
  EXPECT_EQ(h.program->ir.dump().find("locus.auth.mail"), std::string::npos)
      << "the built-in is not part of the program's IR";
  EXPECT_EQ(h.program->hash, rt::irHash(h.program->ir.dump()));
  rt::Json payload = {{"to", "ann@example.com"}, {"subject", "Reset"}, {"body", "the link"}};
  rt::Json input =
      rt::inputFromMessage(*h.program->workflow("locus.auth.mail"), kAuthMailTopic, payload);
  rt::RunOutcome o = h.run("locus.auth.mail", input);
  ASSERT_EQ(o.status, "completed") << o.error.dump();
  std::string mail;
  for (const auto& f : std::filesystem::directory_iterator(h.dir + "/outbox")) {
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    mail += text.str();
  }
  EXPECT_NE(mail.find("To: ann@example.com\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: Reset\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("the link"), std::string::npos) << mail;
}

TEST(AuthMail, ProgramsWithoutAuthHaveNoBuiltInWorkflow) {
  RuntimeHarness h("");
  EXPECT_TRUE(rt::subscribersOf(*h.program, kAuthMailTopic).empty());
  EXPECT_EQ(h.program->workflow("locus.auth.mail"), nullptr);
}

} // namespace
} // namespace locus::test
