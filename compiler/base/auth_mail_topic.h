// The queue topic of the mails of `auth { }` (verification, password reset), shared by the
// express generator, whose server writes them to the runtime's queue, and the runtime, whose
// built-in workflow on that topic sends them (runtime/engine/auth_mail.h).
#pragma once

namespace locus {

inline constexpr const char* kAuthMailTopic = "locus.auth.mail";

} // namespace locus
