// `currentUser` and server actions in the generated web app: a component reads the shared
// signed-in user once per render (rt.useCurrentUser) only when its markup names it, an action
// or `on load` body binds it from the session first (so a null check narrows it), a store reads
// it the same way, and a server action called from a page posts its arguments to the API.
#include "generators/react/react_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

using testing::has;

const char* kApp = R"(
auth { user: User, identity: email, password: passwordHash }
database {
  entity User { email: Email @unique  passwordHash: String }
}
action rename(name: String): String { return name }
store Session {
  state { email: String = "" }
  action load() { if currentUser != null { email = currentUser.email } }
}
page Profile {
  state { shown: String = "" }
  action show() { if currentUser != null { shown = currentUser.email } }
  action save() { shown = rename(shown) }
  ui { <p>{currentUser?.email}</p> <button on:click={show}>Show</button> <button on:click={rename("x")}>R</button> }
}
page About { ui { <p>About</p> } }
)";

TEST(GenCurrentUser, PagesThatNameItReadTheSignedInUser) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(kApp));
  const std::string& profile = out.files.at("web/src/pages/Profile.tsx");
  EXPECT_TRUE(has(profile, "const currentUser = rt.useCurrentUser();")) << profile;
  EXPECT_TRUE(has(profile, "currentUser?.email")) << profile;
  EXPECT_TRUE(has(profile, "const currentUser = await rt.sessionUser();")) << profile;
  EXPECT_FALSE(has(profile, "rt.unsupported")) << profile;
  EXPECT_FALSE(has(out.files.at("web/src/pages/About.tsx"), "currentUser"));
  EXPECT_TRUE(has(out.files.at("web/src/runtime/stores.ts"), "await rt.sessionUser()"));
  const std::string& auth = out.files.at("web/src/runtime/auth.ts");
  EXPECT_TRUE(has(auth, "export async function sessionUser(): Promise<CurrentUser | null>"));
  EXPECT_TRUE(out.messages.empty()) << out.messages.front().message;
}

TEST(GenCurrentUser, PagesCallServerActionsThroughTheApi) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(kApp));
  const std::string& profile = out.files.at("web/src/pages/Profile.tsx");
  EXPECT_TRUE(
      has(profile, "(await rt.callServerAction<string>(\"rename\", { \"name\": shown$() }))"))
      << profile;
  EXPECT_TRUE(has(out.files.at("web/src/runtime/api.ts"), "\"/api/actions/\""));
  // A program whose pages call no server action keeps the runtime as it was.
  GeneratorOutput plain = runGenerator(reactGenerator(), irOf("page A { ui { <p>a</p> } }"));
  EXPECT_FALSE(has(plain.files.at("web/src/runtime/api.ts"), "callServerAction"));
}

} // namespace
} // namespace locus
