#pragma once

// cpp-httplib as Debian compiles it: libcpp-httplib was built with TLS, zlib and brotli support
// (its pkg-config Cflags), which changes the layout of its classes. Every user of httplib.h must
// see the same macros, or a Client built here frees memory the library laid out differently.
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>
