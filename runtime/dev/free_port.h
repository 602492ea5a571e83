// Loopback TCP ports for the parts of `locus dev`.
#pragma once

namespace locus::dev {

// A port on 127.0.0.1 that nothing listens on now (the kernel's choice for a bind to port 0);
// 0 when none can be had.
int freeLoopbackPort();
// True when something accepts connections on 127.0.0.1:port.
bool portAnswers(int port);

} // namespace locus::dev
