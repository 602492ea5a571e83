// checkCode: statement bodies of client actions, `on load` blocks and server actions — scopes,
// assignments, loops, returns, data functions, members, calls and the light type inference.
#include "tests/unit/sema_wf_test_util.h"

#include <gmock/gmock.h>

namespace locus::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Two lines of shared declarations; test bodies start on line 3.
const std::string kPrelude =
    R"(database { entity Post { title: String  views: Integer  published: Boolean  author: belongs_to User  authorId: Integer } entity User { name: String  posts: has_many Post } }
store Session { state { user: String = "" } action logout() { user = "" } }
)";

std::vector<Diagnostic> checkCodeOf(const std::string& source) {
  return check(kPrelude + source);
}

TEST(SemaCode, ValidBodiesHaveNoDiagnostics) {
  auto d = checkCodeOf(R"(page Blog {
  state { posts: Post[] = []  count: Integer = 0  title: String = "" }
  on load {
    posts = find(Post, where: { published: true }, orderBy: { views: "desc" }, take: 10)
    for p in posts {
      if p.views > 100 && p.author != null && p.author.name != "" { count += 1 } else { continue }
    }
    console.log("loaded", len(posts), Math.max(count, 1))
  }
  action rename(next: String, force: Boolean = false) {
    const old = title
    let n = 0
    while n < 3 { n = n + 1 if n == 2 { break } }
    setTitle(old + next)
    title = next
    Session.logout()
    if Session.user == "" { redirect("/login") }
    return old
  }
}
action publish(id: Integer): Post {
  const post = findOne(Post, where: { id: id })
  update(Post, id, { published: true, views: post.views + 1 })
  create(User, { name: "x" })
  delete(Post, id)
  return post
}
)");
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaCode, UnknownNameWithSuggestion) {
  auto d = checkCodeOf(R"(page P {
  state { count: Integer = 0 }
  action inc() { count = cout + 1 }
}
)");
  Diagnostic e = only(d, "E0103");
  EXPECT_EQ(e.span.line, 5u);
  EXPECT_EQ(e.span.col, 26u);
  EXPECT_EQ(e.suggestion, "count");
}

TEST(SemaCode, BlockScopesEndWithTheBlock) {
  auto d = checkCodeOf(R"(action a(flag: Boolean) {
  if flag { const inner = 1 }
  for x in [1, 2] { let y = x }
  log(inner, x, y)
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0103@6:7", "E0103@6:14", "E0103@6:17")) << dump(d);
}

TEST(SemaCode, DuplicateDeclarationInOneBlock) {
  auto d = checkCodeOf(R"(action a() {
  const x = 1
  let x = 2
  if true { let x = 3 }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0102@5:7")) << dump(d);
}

TEST(SemaCode, AssignmentTargets) {
  auto d = checkCodeOf(R"(component C {
  param label: String
  state { n: Integer = 0 }
  action go(k: Integer) {
    const c = 1
    let l = 2
    c = 2
    k = 3
    label = "x"
    go = 1
    len(l) = 4
    l = 5
    n = 6
  }
}
)");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0605@9:5", "E0605@10:5", "E0605@11:5", "E0605@12:5", "E0605@13:5"))
      << dump(d);
  EXPECT_EQ(withCode(d, "E0605")[0].notes.at(0).span.line, 7u);
}

TEST(SemaCode, BreakContinueOnlyInLoops) {
  auto d = checkCodeOf(R"(action a() {
  break
  for x in [1] { if x > 0 { continue } }
  while true { break }
  continue
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0513@4:3", "E0513@7:3")) << dump(d);
}

TEST(SemaCode, ReturnOnlyInActions) {
  auto d = checkCodeOf(R"(page P {
  on load { return 1 }
  action a() { return 2 }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0607@4:13")) << dump(d);
}

TEST(SemaCode, DataFunctionsNeedAnEntity) {
  auto d = checkCodeOf(R"(action a(id: Integer) {
  find(Pst)
  findOne("Post", where: { id: id })
  create(Post)
  update(Post, { title: "x" })
  delete(id, Post)
  find(Post, limit: 3)
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0606@4:8", "E0606@5:11", "E0606@6:3", "E0606@7:3",
                                      "E0606@8:10", "E0606@9:14"))
      << dump(d);
  EXPECT_EQ(withCode(d, "E0606")[0].suggestion, "Post");
}

TEST(SemaCode, WhereAndDataKeysAreFields) {
  auto d = checkCodeOf(R"(action a() {
  find(Post, where: { titl: "x", OR: [] })
  create(User, { name: "n", email: "e" })
  update(Post, 1, { views: "many" })
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0604@4:23", "E0604@5:29", "E0601@6:28")) << dump(d);
  EXPECT_EQ(withCode(d, "E0604")[0].suggestion, "title");
}

TEST(SemaCode, MembersOfEntityValues) {
  auto d = checkCodeOf(R"(action a() {
  const p = findOne(Post, where: { id: 1 })
  log(p.title, p.author.name, p.author.nam, p.body)
  const ps = find(Post)
  log(ps.length, ps[0].views, ps[0].vews)
}
)");
  // A relation may be absent (not loaded), so reading through it needs a check (E0608).
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0608@5:16", "E0608@5:31", "E0604@5:31", "E0604@5:45", "E0604@7:31"))
      << dump(d);
  // The span covers the whole member expression, so the fix is in the message only.
  EXPECT_TRUE(contains(withCode(d, "E0604")[0].message, "did you mean 'name'?")) << dump(d);
}

TEST(SemaCode, StoreMembers) {
  auto d = checkCodeOf(R"(page P { on load { log(Session.user, Session.usr) Session.logout(1) } }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0604@3:38", "E0603@3:51")) << dump(d);
}

TEST(SemaCode, CertainTypeMismatches) {
  auto d = checkCodeOf(R"(page P {
  state { count: Integer = 0  name: String = "" }
  action a() {
    log("a" - 1)
    if "yes" { log(1) }
    let n: Integer = "x"
    setCount("many")
    count = name
    name = name + count
    log(-true)
    while [1] { break }
  }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0601@6:9", "E0601@7:8", "E0601@8:22", "E0601@9:14",
                                      "E0601@10:13", "E0601@12:9", "E0601@13:11"))
      << dump(d);
}

TEST(SemaCode, AnyFlowsWithoutDiagnostics) {
  auto d = checkCodeOf(R"(action a(x, y) {
  let v = x
  v = "s"
  v = v - 1
  log(x - y, x.anything.goes, y[3] * 2)
}
)");
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaCode, UnknownFunctions) {
  auto d = checkCodeOf(R"(page P {
  state { n: Integer = 0 }
  action go() { }
  action a() { go() setN(1) now() uuid() goo() fetchAll() }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0602@6:42", "E0602@6:48")) << dump(d);
  EXPECT_EQ(withCode(d, "E0602")[0].suggestion, "go");
}

TEST(SemaCode, WrongArgumentCounts) {
  auto d = checkCodeOf(R"(page P {
  state { n: Integer = 0 }
  action two(a: Integer, b: Integer = 1) { }
  action a() { two() two(1) two(1, 2) two(1, 2, 3) two(c: 1) setN() }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0603@6:16", "E0603@6:39", "E0603@6:56", "E0603@6:62"))
      << dump(d);
}

TEST(SemaCode, ServerActionsSeeEntitiesNotStores) {
  auto d = checkCodeOf(R"(action s() { log(Session.user, User) }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E0103@3:18")) << dump(d);
}

TEST(SemaCode, FiveMistakesFiveDiagnostics) {
  auto d = checkCodeOf(R"(page P {
  state { n: Integer = 0 }
  on load {
    n = m
    find(Psot)
    return
    "a" * 2
    nope()
  }
}
)");
  EXPECT_THAT(codesAt(d),
              ElementsAre("E0103@6:9", "E0606@7:10", "E0607@8:5", "E0601@9:5", "E0602@10:5"))
      << dump(d);
}

} // namespace
} // namespace locus::testing
