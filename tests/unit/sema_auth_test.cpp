// checkAuth: the auth block (E1001), access blocks (E1002) and typed policies (E1003), each rule
// with a passing and a failing program, located by code and line:col.
#include "tests/unit/sema_test_util.h"

#include <gmock/gmock.h>

namespace locus::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const char* kUsers = R"(
entity User {
  email: Email @unique
  passwordHash: String
  role: String @default("member")
  teamId: Integer?
}
)";

std::string withUsers(const std::string& rest) {
  return std::string(kUsers) + rest;
}

TEST(SemaAuth, ValidAuthAndPoliciesHaveNoDiagnostics) {
  auto d = check(withUsers(R"(
auth { user: User, identity: email, password: passwordHash, role: role }
entity Deal {
  title: String
  ownerId: Integer
  amount: Decimal
  open: Boolean
  access {
    read: currentUser != null && (open || currentUser.id == ownerId)
    create: currentUser.id == ownerId
    update: currentUser.id == ownerId || currentUser.role == "admin"
    delete: currentUser.role == "admin" and not open
  }
}
)"));
  EXPECT_THAT(d, IsEmpty()) << dump(d);
}

TEST(SemaAuth, AuthSettingsAreCheckedWithDidYouMean) {
  auto d = check(withUsers(R"(
auth { user: Usr, identity: email, pasword: passwordHash }
)"));
  EXPECT_THAT(codesAt(d), ElementsAre("E1001@9:1", "E1001@9:14", "E1001@9:36")) << dump(d);
  EXPECT_THAT(d[1].message, HasSubstr("did you mean 'User'"));
  EXPECT_THAT(d[2].message, HasSubstr("did you mean 'password'"));
  EXPECT_THAT(d[0].message, HasSubstr("needs `password: …`"));
}

TEST(SemaAuth, UserFieldsMustExistAndHaveTheRightTypes) {
  auto d = check(R"(entity User {
  email: Email
  passwordHash: Integer
}
auth { user: User, identity: email, password: passwrdHash, role: rol }
auth { user: User, identity: email, password: passwordHash }
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E1001@2:3", "E1001@5:47", "E1001@5:66", "E1001@6:1"))
      << dump(d);
  EXPECT_THAT(d[0].message, HasSubstr("must be @unique"));
  EXPECT_THAT(d[1].message, HasSubstr("did you mean 'passwordHash'"));
  EXPECT_THAT(d[3].message, HasSubstr("second one"));
}

TEST(SemaAuth, AccessNeedsAuthAndKnownOperations) {
  auto d = check(R"(entity Note {
  body: String
  access { read: true }
}
)");
  EXPECT_THAT(codesAt(d), ElementsAre("E1002@3:3")) << dump(d);
  d = check(withUsers(R"(
auth { user: User, identity: email, password: passwordHash }
entity Note {
  body: String
  access { reed: true, read: true, read: false }
}
)"));
  EXPECT_THAT(codesAt(d), ElementsAre("E1002@12:12", "E1002@12:36")) << dump(d);
  EXPECT_THAT(d[0].message, HasSubstr("did you mean 'read'"));
}

TEST(SemaAuth, PoliciesAreTyped) {
  auto d = check(withUsers(R"(
auth { user: User, identity: email, password: passwordHash, role: role }
entity Note {
  body: String
  ownerId: Integer
  owner: belongs_to User
  access {
    read: ownerId
    create: currentUser.id == body
    update: currentUser == ownerId
    delete: ownrId == currentUser.id || currentUser.rol == "x"
  }
}
)"));
  EXPECT_THAT(codesAt(d), ElementsAre("E1003@15:11", "E1003@16:13", "E1003@17:13", "E1003@18:13",
                                      "E1003@18:41"))
      << dump(d);
  EXPECT_THAT(d[0].message, HasSubstr("must be a boolean expression, not a number"));
  EXPECT_THAT(d[1].message, HasSubstr("cannot compare a number with a string"));
  EXPECT_THAT(d[2].message, HasSubstr("only be compared with null"));
  EXPECT_THAT(d[3].message, HasSubstr("did you mean 'ownerId'"));
  EXPECT_THAT(d[4].message, HasSubstr("did you mean 'role'"));
}

TEST(SemaAuth, PoliciesRejectWhatSqlCannotSay) {
  auto d = check(withUsers(R"(
auth { user: User, identity: email, password: passwordHash }
entity Note {
  ownerId: Integer
  owner: belongs_to User
  access {
    read: owner == null
    update: find(Note) == null
    delete: currentUser.passwordHash == "x"
  }
}
)"));
  EXPECT_THAT(codesAt(d), ElementsAre("E1003@14:11", "E1003@15:13", "E1003@16:13")) << dump(d);
  EXPECT_THAT(d[0].message, HasSubstr("compare its foreign key"));
  EXPECT_THAT(d[2].message, HasSubstr("password hash"));
}

} // namespace
} // namespace locus::testing
