#!/usr/bin/env bash
# End-to-end life of plugin packages with the four example plugins, driving the real locusc:
# keygen -> pack -> sign (checked by Debian's minisign) -> publish (draft) -> promote to ga ->
# search -> install -> build with them -> publish audit-fields 1.1.0 asking for a new permission ->
# update refused, then accepted -> rollback. ~10 s (the build runs the plugins in the sandbox).
# Usage: lifecycle_e2e.sh LOCUSC SOURCE_DIR
source "$(dirname "$0")/e2e_helpers.sh" "$@"

REG="file://$WORK/registry"
mkdir -p "$WORK/registry/index" "$WORK/project"
cd "$WORK"
"$LOCUSC" plugin keygen -o "$WORK/publisher" > keygen.out
KEY=$(sed -n 2p "$WORK/publisher.pub")

for p in audit-fields naming-lint notify-step fastapi-gen; do
  "$LOCUSC" plugin pack "$SRC/examples/plugins/$p" -o "$WORK/$p.tgz" > /dev/null
  "$LOCUSC" plugin sign "$WORK/$p.tgz" --key "$WORK/publisher.key" > /dev/null
  if command -v minisign > /dev/null; then
    minisign -Vq -p "$WORK/publisher.pub" -m "$WORK/$p.tgz" || fail "minisign rejects $p"
  fi
  "$LOCUSC" plugin verify "$WORK/$p.tgz" --pubkey "$WORK/publisher.pub" > /dev/null
  "$LOCUSC" plugin publish "$WORK/$p.tgz" --registry "$REG" > /dev/null
done
# Packing is deterministic.
"$LOCUSC" plugin pack "$SRC/examples/plugins/audit-fields" -o "$WORK/again.tgz" > /dev/null
cmp -s "$WORK/again.tgz" "$WORK/audit-fields.tgz" || fail "pack is not deterministic"

cp "$SRC"/examples/scaffold/*.locus "$WORK/project/"
cat > "$WORK/project/Locus.toml" <<TOML
[registries.default]
url = "$REG"
keys = ["$KEY"]
TOML
cd "$WORK/project"

"$LOCUSC" plugin search audit > search.out
expect "no plugins match" search.out # still drafts
for p in audit-fields naming-lint notify-step fastapi-gen; do
  "$LOCUSC" plugin promote "$p" 1.0.0 beta --registry "$REG" > /dev/null
  "$LOCUSC" plugin promote "$p" 1.0.0 ga --registry "$REG" > /dev/null
done
"$LOCUSC" plugin search audit > search.out
expect "audit-fields 1.0.0 \[ga\]" search.out
"$LOCUSC" plugin search --step-kind notify > search.out
expect "notify-step" search.out

"$LOCUSC" plugin install audit-fields naming-lint notify-step fastapi-gen > install.out
expect "+ audit-fields 1.0.0" install.out
expect "notify-step 1.0.0 declares permissions: network" install.out
[ "$(grep -c '^\[\[plugin\]\]' locus.lock)" = 4 ] || fail "lock should name 4 plugins"
"$LOCUSC" plugin list > list.out
expect "audit-fields 1.0.0 (locus.lock" list.out

# Build with them: audit-fields adds timestamps, fastapi-gen writes a Python app.
"$LOCUSC" build . --generators sql,fastapi > build.out 2>&1 || { cat build.out; fail "build"; }
grep -rq "created_at" generated/ || fail "audit-fields did not run"
[ -d generated/python ] || fail "fastapi-gen did not run"
# The audit log names the exact packages the build ran (their SHA-256 from locus.lock).
AF_SHA=$(sed -n '/name = "audit-fields"/,/sha256/s/^sha256 = "\(.*\)"/\1/p' locus.lock)
[ -n "$AF_SHA" ] || fail "no sha256 for audit-fields in locus.lock"
grep '"build.packages"' .locus/audit.log | grep -q "\"sha256\":\"$AF_SHA\"" ||
  fail "the audit log does not name audit-fields' package hash"

# 1.1.0 asks for the network.
cp -r "$SRC/examples/plugins/audit-fields" "$WORK/af11"
sed -i 's/"version": "1.0.0"/"version": "1.1.0"/; s/"protocol": 1,/"protocol": 1,\n  "permissions": { "network": true },/' "$WORK/af11/locus-plugin.json"
"$LOCUSC" plugin pack "$WORK/af11" -o "$WORK/af11.tgz" > /dev/null
"$LOCUSC" plugin sign "$WORK/af11.tgz" --key "$WORK/publisher.key" > /dev/null
"$LOCUSC" plugin publish "$WORK/af11.tgz" --registry "$REG" --channel ga > /dev/null
"$LOCUSC" plugin outdated > outdated.out
expect "audit-fields 1.0.0 -> 1.1.0" outdated.out

cp locus.lock lock.before
if "$LOCUSC" plugin update audit-fields > update.out 2>&1; then fail "update without consent"; fi
expect "+ network" update.out
cmp -s locus.lock lock.before || fail "a refused update changed the lock"
"$LOCUSC" plugin update audit-fields --accept-permissions > update.out
expect "~ audit-fields 1.0.0 -> 1.1.0" update.out
expect 'consented = \["network"\]' locus.lock

"$LOCUSC" plugin rollback > rollback.out
expect "~ audit-fields 1.1.0 -> 1.0.0" rollback.out
cmp -s locus.lock lock.before || fail "rollback did not restore the lock"
"$LOCUSC" plugin list > list.out
expect "audit-fields 1.0.0" list.out
"$LOCUSC" audit verify > audit.out || fail "audit log broken"
grep -q '"package.update"' .locus/audit.log || fail "update not audited"
echo "lifecycle: 1 passed, 0 failed"
