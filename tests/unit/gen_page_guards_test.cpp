// Page guards (docs/auth.md "Guarded pages"): which entities a page uses, which routes the
// express generator puts requireRole in front of, the next generator's Guard around guarded
// routes and its auth pages and proxies, the react runtime's CSRF header, sema's E1004, and the
// W0809 with a fix for a guard without `auth { }`.
#include "gen_test_util.h"
#include "generators/common/page_guards.h"
#include "generators/express/express_generator.h"
#include "generators/next/next_generator.h"
#include "generators/react/react_generator.h"
#include "tests/unit/sema_test_util.h"

#include <gmock/gmock.h>

namespace locus {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::irOf;
using testing::runGenerator;

const char* kEntities = R"(
entity User {
  email: Email @unique
  passwordHash: String
  name: String
  role: String @default("member")
}
entity Deal { title: String  ownerId: Integer }
entity Note { text: String }
entity Tag { label: String }
component DealRow {
  param id: Integer
  action remove() { delete(Deal, id) }
  ui { <Button on:click={remove}>x</Button> }
}
component Notes {
  state { notes: Note[] = [] }
  on load { notes = find(Note) }
  ui { <DealRow id={1} /> }
}
page Team(guard: [admin, "lead"]) {
  state { users: User[] = [] }
  on load { users = find(User) }
  ui { <Notes /> }
}
page Home {
  state { tags: Tag[] = [] }
  action load() { tags = find(Tag) }
  ui { <DealRow id={2} /> }
}
)";

const std::string kAuth =
    "auth { user: User, identity: email, password: passwordHash, role: role }\n";

const OrderedJson* pageNamed(const OrderedJson& ir, const std::string& name) {
  for (const OrderedJson& p : ir["pages"])
    if (p["name"] == name) return &p;
  return nullptr;
}

TEST(PageGuards, EntitiesComeFromThePageAndTheComponentsItRenders) {
  OrderedJson ir = irOf(kAuth + kEntities);
  EXPECT_THAT(guards::guardRoles(*pageNamed(ir, "Team")), ElementsAre("admin", "lead"));
  EXPECT_TRUE(guards::guardRoles(*pageNamed(ir, "Home")).empty());
  EXPECT_THAT(guards::entitiesUsedBy(*pageNamed(ir, "Team"), ir),
              ElementsAre("Deal", "Note", "User"));
  // Deal is used by the unguarded Home (through DealRow) too: it stays open.
  auto guarded = guards::guardedEntities(ir);
  EXPECT_EQ(guarded.size(), 2u);
  EXPECT_THAT(guarded["User"], ElementsAre("admin", "lead"));
  EXPECT_THAT(guarded["Note"], ElementsAre("admin", "lead"));
}

TEST(PageGuards, ExpressGuardsTheRoutesOnlyGuardedPagesUse) {
  GeneratorOutput out = runGenerator(expressGenerator(), irOf(kAuth + kEntities));
  const std::string& routes = out.files.at("server/src/routes.ts");
  EXPECT_THAT(routes, HasSubstr("import { requireRole } from \"./auth\";"));
  EXPECT_THAT(routes, HasSubstr("app.use(\"/api/users\", requireRole([\"admin\", \"lead\"]), "));
  EXPECT_THAT(routes, HasSubstr("app.use(\"/api/notes\", requireRole([\"admin\", \"lead\"]), "));
  EXPECT_THAT(routes, HasSubstr("app.use(\"/api/deals\", dealRouter(listLimits));"));
  EXPECT_THAT(routes, HasSubstr("app.use(\"/api/tags\", tagRouter(listLimits));"));
}

TEST(PageGuards, NextWrapsGuardedRoutesAndAddsTheAuthPagesAndProxy) {
  GeneratorOutput out = runGenerator(nextGenerator(), irOf(kAuth + kEntities));
  EXPECT_TRUE(out.messages.empty());
  const std::string& team = out.files.at("web/app/team/page.tsx");
  EXPECT_THAT(team, HasSubstr("import { Guard } from \"../guard\";"));
  EXPECT_THAT(team, HasSubstr("<Guard roles={ [\"admin\",\"lead\"] }><Page /></Guard>"));
  EXPECT_THAT(out.files.at("web/app/page.tsx"), ::testing::Not(HasSubstr("Guard")));
  for (const char* file :
       {"web/app/login/page.tsx", "web/app/signup/page.tsx", "web/app/logout/page.tsx",
        "web/app/verify/page.tsx", "web/app/forgot/page.tsx", "web/app/reset/page.tsx",
        "web/app/guard.tsx", "web/app/auth-status.tsx"})
    EXPECT_TRUE(out.files.count(file)) << file;
  // The sign-up form asks for the user's other text fields, never the password or role.
  const std::string& signup = out.files.at("web/app/signup/page.tsx");
  EXPECT_THAT(signup, HasSubstr("label=\"Name\" {...field(\"name\")}"));
  EXPECT_THAT(signup, ::testing::Not(HasSubstr("passwordHash")));
  EXPECT_THAT(signup, ::testing::Not(HasSubstr("field(\"role\")")));
  const std::string& authProxy = out.files.at("web/app/auth/[...path]/route.ts");
  EXPECT_THAT(authProxy, HasSubstr("`${apiBase()}/auth/${path}"));
  EXPECT_THAT(authProxy, HasSubstr("getSetCookie()"));
  const std::string& apiProxy = out.files.at("web/app/api/[...path]/route.ts");
  EXPECT_THAT(apiProxy, HasSubstr("if (crossSite(req))"));
  // The API's per-client login limit: the proxy names the client it saw, never what the
  // browser wrote in X-Forwarded-For.
  EXPECT_THAT(authProxy, HasSubstr("headers: forwardedFor(req, copyHeaders(req.headers)),"));
  EXPECT_THAT(authProxy, HasSubstr("\"x-forwarded-for\","));
  EXPECT_THAT(out.files.at("web/app/layout.tsx"), HasSubstr("<AuthStatus />"));
}

TEST(PageGuards, ProgramsWithoutAuthGetNoneOfIt) {
  GeneratorOutput next = runGenerator(nextGenerator(), irOf(kEntities));
  EXPECT_FALSE(next.files.count("web/app/login/page.tsx"));
  EXPECT_FALSE(next.files.count("web/app/auth/[...path]/route.ts"));
  EXPECT_THAT(next.files.at("web/app/api/[...path]/route.ts"),
              ::testing::Not(HasSubstr("crossSite")));
  EXPECT_THAT(next.files.at("web/app/team/page.tsx"), ::testing::Not(HasSubstr("Guard")));
  GeneratorOutput react = runGenerator(reactGenerator(), irOf(kEntities));
  EXPECT_FALSE(react.files.count("web/src/runtime/auth.ts"));
  EXPECT_THAT(react.files.at("web/src/runtime/api.ts"), ::testing::Not(HasSubstr("csrf")));
  // The guard is not enforced: a warning that names the fix.
  bool warned = false;
  for (const GeneratorMessage& m : react.messages)
    warned = warned || (m.kind == DiagKind::GeneratorUnsupported &&
                        m.message.find("add `auth { user: User") != std::string::npos);
  EXPECT_TRUE(warned);
}

TEST(PageGuards, ReactSendsTheCsrfTokenAndExportsTheAuthModule) {
  GeneratorOutput out = runGenerator(reactGenerator(), irOf(kAuth + kEntities));
  for (const GeneratorMessage& m : out.messages) ADD_FAILURE() << m.message;
  EXPECT_THAT(out.files.at("web/src/runtime/api.ts"), HasSubstr("...csrfHeader() };"));
  EXPECT_THAT(out.files.at("web/src/runtime/index.ts"), HasSubstr("export * from \"./auth\";"));
  EXPECT_THAT(out.files.at("web/src/runtime/auth.ts"),
              HasSubstr("export type CurrentUser = Omit<User, \"passwordHash\">;"));
}

TEST(PageGuards, GuardsMustNameRolesAndAuthARoleField) {
  auto bad = testing::check(kAuth + kEntities + "page A(guard: 3) { ui { <p>a</p> } }\n");
  EXPECT_THAT(testing::codesAt(bad), ElementsAre("E1004@32:15")) << testing::dump(bad);
  std::string noRole = "auth { user: User, identity: email, password: passwordHash }\n";
  auto missing = testing::check(noRole + kEntities);
  EXPECT_THAT(testing::codesAt(missing), ElementsAre("E1004@22:18")) << testing::dump(missing);
  EXPECT_TRUE(testing::codesAt(testing::check(kAuth + kEntities)).empty());
  EXPECT_TRUE(testing::codesAt(testing::check(kEntities)).empty()); // W0809 comes from the build
}

} // namespace
} // namespace locus
