// The uploads generator: one policy module per upload, the router and its helpers; nothing for a
// program without uploads; a warning for storage it cannot serve.
#include "gen_test_util.h"
#include "generators/uploads/uploads_generator.h"

namespace locus {
namespace {

using testing::irOf;
using testing::runGenerator;

const char* kUploads = R"(
upload Avatar {
  field image maxSize: 5MB mime: [image/png, image/jpeg] required
  store strategy: local path: "uploads/avatars" naming: uuid
}
upload Docs {
  field files maxCount: 3 mime: [application/pdf]
  store strategy: s3 path: "docs" naming: original
}
)";

TEST(GenUploads, OneModulePerPolicy) {
  GeneratorOutput out = runGenerator(uploadsGenerator(), irOf(kUploads));
  for (const char* path : {"server/src/uploads/index.ts", "server/src/uploads/policy.ts",
                           "server/src/uploads/multipart.ts", "server/src/uploads/policy_Avatar.ts",
                           "server/src/uploads/policy_Docs.ts"})
    EXPECT_TRUE(out.files.count(path)) << path;
  const std::string& avatar = out.files.at("server/src/uploads/policy_Avatar.ts");
  EXPECT_NE(avatar.find("maxSizeBytes: 5242880,"), std::string::npos);
  EXPECT_NE(avatar.find("maxCount: 1,"), std::string::npos);
  EXPECT_NE(avatar.find("mime: [\"image/png\", \"image/jpeg\"],"), std::string::npos);
  EXPECT_NE(avatar.find("required: true,"), std::string::npos);
  EXPECT_NE(avatar.find("path: \"uploads/avatars\", naming: \"uuid\""), std::string::npos);
  const std::string& docs = out.files.at("server/src/uploads/policy_Docs.ts");
  EXPECT_NE(docs.find("maxSizeBytes: 10485760,"), std::string::npos); // the default limit
  EXPECT_NE(docs.find("maxCount: 3,"), std::string::npos);
  const std::string& index = out.files.at("server/src/uploads/index.ts");
  EXPECT_NE(index.find("[avatarPolicy, docsPolicy]"), std::string::npos);
}

TEST(GenUploads, S3IsReportedAsUnsupported) {
  GeneratorOutput out = runGenerator(uploadsGenerator(), irOf(kUploads));
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].kind, DiagKind::GeneratorUnsupported);
  EXPECT_NE(out.messages[0].message.find("Docs"), std::string::npos);
  EXPECT_EQ(out.messages[0].span["line"], 6);
}

TEST(GenUploads, MaxUploadBytesOption) {
  GeneratorOutput out =
      runGenerator(uploadsGenerator(), irOf(kUploads), {{"maxUploadBytes", 1000}});
  EXPECT_NE(out.files.at("server/src/uploads/policy_Docs.ts").find("maxSizeBytes: 1000,"),
            std::string::npos);
}

TEST(GenUploads, NothingWithoutUploads) {
  GeneratorOutput out =
      runGenerator(uploadsGenerator(), irOf("database { entity A { n: Integer } }"));
  EXPECT_TRUE(out.files.empty());
  EXPECT_TRUE(out.messages.empty());
}

} // namespace
} // namespace locus
