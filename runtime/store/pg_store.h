// The PostgreSQL state store: the Store interface on a PostgreSQL database shared by any number of
// `locus` processes on any number of machines (docs/runtime.md, "PostgreSQL store").
#pragma once

#include "runtime/store/store.h"

#include <memory>
#include <string>

namespace locus::rt {

// True for the URLs openPostgresStore takes: postgres://… and postgresql://….
bool isPostgresUrl(const std::string& url);

// Connects (throws StoreError naming the server and how to fix it when it cannot), and creates
// the engine's `locus_` tables when they are missing.
std::unique_ptr<Store> openPostgresStore(const std::string& url);

// Where a URL points ("host:port/database (user U)"), for messages; never the password.
std::string pgDescribeUrl(const std::string& url);

} // namespace locus::rt
