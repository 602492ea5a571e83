// `permissions.fs.read` through a real `locusc check` and the real sandbox: a probe plugin tries to
// read, write and escape, and reports what it saw as warnings. Granted project paths are readable
// at /project/<path> and read-only; everything else — other project files, protected files inside
// a granted folder, symlinks out of it, the host's absolute paths — is not there at all.
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

// Reports "PROBE <path>=ok:<first line>" or "=err:<errno name>" for every read, and the outcome
// of two writes, as warnings of onPostValidate. HOST_SECRET is replaced by a host path.
const char* kProbe = R"(import errno
from locus_plugin import Plugin
plugin = Plugin("probe", "1.0.0")

READS = ["/project/data/words.txt", "/project/data/sub/deep.txt", "/project/data/.env",
         "/project/secret.txt", "/project/data/up", "/project/data/abs", "/project/data/etc",
         "HOST_SECRET", "/project/Locus.toml", "/project/.locus/audit.log"]

def outcome(action, path):
    try:
        return "ok:" + action(path)
    except OSError as e:
        return "err:" + errno.errorcode.get(e.errno, str(e.errno))

def read(path):
    with open(path) as f:
        return f.read().strip()

def append(path):
    with open(path, "a") as f:
        f.write("changed")
    return "written"

@plugin.hook("onPostValidate")
def probe(params):
    lines = [p + "=" + outcome(read, p) for p in READS]
    lines.append("append=" + outcome(append, "/project/data/words.txt"))
    lines.append("create=" + outcome(append, "/project/data/new.txt"))
    return {"diagnostics": [{"severity": "warning", "code": "PROBE", "message": "PROBE " + l}
                            for l in lines]}

plugin.run()
)";

class PluginFsReadE2E : public FolderTest {
protected:
  PluginFsReadE2E() : FolderTest("fsread") {}
  void SetUp() override {
    FolderTest::SetUp();
    write(dir_ / "app.locus", "entity Word {\n  text: String\n}\n");
    write(dir_ / "data/words.txt", "hello\n");
    write(dir_ / "data/sub/deep.txt", "deep\n");
    write(dir_ / "data/.env", "TOKEN=in-a-granted-folder\n");
    write(dir_ / "secret.txt", "TOPSECRET\n");
    fs::create_symlink("../secret.txt", dir_ / "data/up");
    fs::create_symlink(dir_ / "secret.txt", dir_ / "data/abs");
    fs::create_symlink("/etc/passwd", dir_ / "data/etc");
    fs::path plugin = dir_ / "plugins/probe";
    fs::create_directories(plugin);
    fs::copy_file(kSource + "/hooks/sdk/locus_plugin.py", plugin / "locus_plugin.py");
    std::string main = kProbe;
    main.replace(main.find("HOST_SECRET"), 11, (dir_ / "secret.txt").string());
    write(plugin / "main.py", main);
    write(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/probe\"]\n");
  }

  // The manifest asks for `readList` and the project consents to the same patterns.
  void grant(const std::string& readList) {
    ask(readList);
    write(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/probe\"]\n[plugins.probe]\n"
                               "allow = { fs.read = " +
                                   readList + " }\n");
  }

  void ask(const std::string& readList) {
    write(dir_ / "plugins/probe/locus-plugin.json",
          R"({"name": "probe", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
              "entry": ["python3", "main.py"], "hooks": {"onPostValidate": {}},
              "permissions": {"fs": {"read": )" +
              readList + "}}}");
  }

  ProcessResult check() { return runProcess(kLocusc + " check . --color never", dir_.string()); }
};

bool saw(const ProcessResult& r, const std::string& probe) {
  return r.err.find("PROBE " + probe) != std::string::npos;
}

TEST_F(PluginFsReadE2E, GrantedFolderIsReadableReadOnlyAndNothingElse) {
  grant(R"(["data/**"])");
  ProcessResult r = check();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string secret = (dir_ / "secret.txt").string();
  for (const std::string& probe : std::vector<std::string>{
           "/project/data/words.txt=ok:hello", "/project/data/sub/deep.txt=ok:deep",
           // a protected file inside the granted folder is not bound
           "/project/data/.env=err:ENOENT",
           // not granted; symlinks out of the folder resolve inside the sandbox, where nothing is
           "/project/secret.txt=err:ENOENT", "/project/data/up=err:ENOENT",
           "/project/data/abs=err:ENOENT", "/project/data/etc=err:ENOENT", secret + "=err:ENOENT",
           "/project/Locus.toml=err:ENOENT", "/project/.locus/audit.log=err:ENOENT",
           // read-only
           "append=err:EROFS", "create=err:EROFS"})
    EXPECT_TRUE(saw(r, probe)) << probe << "\n" << r.err;
  EXPECT_EQ(slurp(dir_ / "data/words.txt"), "hello\n");
  EXPECT_FALSE(fs::exists(dir_ / "data/new.txt"));
  // Audited: what was bound, and the protected file that was not.
  std::string log = slurp(dir_ / ".locus/audit.log");
  EXPECT_NE(log.find("\"sandbox.bind\""), std::string::npos) << log;
  EXPECT_NE(log.find("/project/data/words.txt"), std::string::npos) << log;
  EXPECT_NE(log.find("fs.read:data/.env"), std::string::npos) << log;
}

TEST_F(PluginFsReadE2E, InspectShowsWhatTheGrantBinds) {
  grant(R"(["data/**"])");
  ProcessResult r = runProcess(kLocusc + " plugin inspect probe", dir_.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const char* line :
       {"fs.read binds (read-only):\n", "    /project/data/words.txt\n", "    /project/data/sub\n",
        "    /project/data/up -> ../secret.txt (symlink)\n",
        "    not bound: data/.env: a protected path, never bound\n"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
}

TEST_F(PluginFsReadE2E, WithoutTheGrantNothingOfTheProjectIsReadable) {
  grant("[]");
  ProcessResult r = check();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(saw(r, "/project/data/words.txt=err:ENOENT")) << r.err;
  EXPECT_TRUE(saw(r, "/project/data/sub/deep.txt=err:ENOENT")) << r.err;
}

TEST_F(PluginFsReadE2E, AManifestAskingIsNotEnoughTheProjectMustConsent) {
  ask(R"(["data/**"])"); // Locus.toml lists the plugin and grants nothing
  ProcessResult r = check();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(saw(r, "/project/data/words.txt=err:ENOENT")) << r.err;
  std::string log = slurp(dir_ / ".locus/audit.log");
  EXPECT_NE(log.find("\"permission.deny\""), std::string::npos) << log;
  EXPECT_NE(log.find("allow = { fs.read = [...] }"), std::string::npos) << log;
  EXPECT_EQ(log.find("\"sandbox.bind\""), std::string::npos) << log;
}

TEST_F(PluginFsReadE2E, OneFileGrantBindsThatFileOnly) {
  grant(R"(["data/words.txt", "data/up"])");
  ProcessResult r = check();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(saw(r, "/project/data/words.txt=ok:hello")) << r.err;
  EXPECT_TRUE(saw(r, "/project/data/sub/deep.txt=err:ENOENT")) << r.err;
  // The granted symlink is recreated, not followed: its target is not granted.
  EXPECT_TRUE(saw(r, "/project/data/up=err:ENOENT")) << r.err;
}

TEST_F(PluginFsReadE2E, GrantsOutsideTheProjectOrIntoProtectedPathsAreLoadErrors) {
  struct Case {
    const char* pattern;
    const char* message;
  };
  for (const Case& c : {Case{"/usr/share/dict/words", "must be relative, not absolute"},
                        Case{"../outside/**", "may not contain '..'"},
                        Case{".locus/**", "'.locus' holds the host's state"},
                        Case{"config/.env", "'.env' is a secrets file"},
                        Case{"keys/server.pem", "is a key or certificate file"}}) {
    grant(std::string("[\"") + c.pattern + "\"]");
    ProcessResult r = check();
    EXPECT_EQ(r.exitCode, 1) << c.pattern << "\n" << r.err;
    EXPECT_NE(r.err.find("permissions.fs.read"), std::string::npos) << c.pattern << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.pattern << "\n" << r.err;
    EXPECT_EQ(r.err.find("PROBE"), std::string::npos) << "a refused plugin ran: " << r.err;
  }
}

} // namespace
} // namespace locus::test
