// The mails of `auth { }` (email verification, password reset): the generated API cannot send
// mail itself, so it writes a message on the topic "locus.auth.mail" to the runtime's queue
// (locus_queue, the outbox table) and this built-in workflow sends it with the `send_email`
// step — into .locus/outbox in development, through SMTP with --smtp. Delivery is the queue's:
// each message starts one run, whose ID comes from the message, so a mail is sent once.
#pragma once

#include "compiler/base/auth_mail_topic.h"
#include "runtime/engine/program.h"

namespace locus::rt {

inline constexpr const char* kAuthMailWorkflow = "locus.auth.mail";

// The workflow (IR shape): input { to: Email, subject: String, body: String }, one send_email.
Json authMailWorkflow();

} // namespace locus::rt
