// `currentUser` in the react generator's pages and components: the component reads the shared
// signed-in user once per render (rt.useCurrentUser, re-rendered on login and logout) only when
// its code names it, and the runtime's auth module keeps that user up to date.
#include "generators/react/react_generator.h"
#include "tests/unit/gen_test_util.h"

#include <gtest/gtest.h>

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kApp = R"(
auth { user: User, identity: email, password: passwordHash }
database {
  entity User { email: Email @unique  passwordHash: String }
}
page Profile {
  state { shown: String = "" }
  action show() { if currentUser != null { shown = currentUser.email } }
  ui { <p>{currentUser?.email}</p> <button on:click={show}>Show</button> }
}
page About { ui { <p>About</p> } }
)";

TEST(GenReactCurrentUser, PagesThatNameItReadTheSignedInUser) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(kApp));
  const std::string& profile = out.files.at("web/src/pages/Profile.tsx");
  EXPECT_TRUE(has(profile, "const currentUser = rt.useCurrentUser();")) << profile;
  EXPECT_TRUE(has(profile, "currentUser?.email")) << profile;
  EXPECT_FALSE(has(profile, "rt.unsupported")) << profile;
  EXPECT_FALSE(has(out.files.at("web/src/pages/About.tsx"), "useCurrentUser"));
  const std::string& auth = out.files.at("web/src/runtime/auth.ts");
  EXPECT_TRUE(has(auth, "export function useCurrentUser(): CurrentUser | null")) << auth;
}

} // namespace
} // namespace locus
