// Publish's fixtures check for `locusc registry serve`: runs `locusc plugin test DIR --untrusted`
// (this very executable) on the unpacked plugin in a child process, so the plugin runs in the same
// sandbox as an author's own test — but without the network, the server's environment or secrets
// — and a misbehaving plugin cannot take the server down. A run longer than the limit is killed
// and fails the check.
#pragma once

#include "hooks/registry/publish_validation.h"

namespace locus {

registry::FixtureRunner pluginTestRunner(int timeoutSeconds = 120);

} // namespace locus
