#!/usr/bin/env bash
# An HTTP registry between real processes: `locusc registry serve DIR` on 127.0.0.1 (a free port)
# serves a directory registry (imported into its database at start); a project installs from
# http://127.0.0.1:PORT (libcurl), builds with the installed plugin, and reinstalls from the lock;
# the API answers JSON errors and pages.
# ~5 s. Usage: http_registry_e2e.sh LOCUSC SOURCE_DIR
source "$(dirname "$0")/e2e_helpers.sh" "$@"
trap 'stop_registry; rm -rf "$WORK"' EXIT

cd "$WORK"
"$LOCUSC" plugin keygen -o publisher > /dev/null
for p in audit-fields naming-lint; do
  "$LOCUSC" plugin pack "$SRC/examples/plugins/$p" -o $p.tgz > /dev/null
  "$LOCUSC" plugin sign $p.tgz --key publisher.key > /dev/null
  "$LOCUSC" plugin publish $p.tgz --registry "file://$WORK/registry" --channel ga > /dev/null
done

start_registry "$WORK/registry"

# The API: listing with pages, a package document, JSON errors.
curl -sf "$URL/v1/plugins?per_page=1&page=2" > page.json
[ "$(jq -c '[.items[].name]' page.json)" = '["naming-lint"]' ] || fail "page 2: $(cat page.json)"
expect '"total":2' page.json
curl -sf "$URL/v1/plugins/audit-fields" > doc.json
expect '"version":"1.0.0"' doc.json
[ "$(curl -s -o err.json -w '%{http_code}' "$URL/v1/plugins/nope")" = 404 ] || fail "404 expected"
expect '"code":"not_found"' err.json
[ "$(curl -s -o err.json -w '%{http_code}' "$URL/v1/plugins?per_page=500")" = 400 ] || fail "400 expected"
expect '"code":"bad_request"' err.json
[ "$(curl -s -o err.json -w '%{http_code}' "$URL/v1/plugins?page=99999999999999999999")" = 400 ] ||
  fail "400 expected for a page beyond the limit"

new_project project "$URL" publisher.pub
cd project
"$LOCUSC" plugin search audit > search.out
expect "audit-fields 1.0.0 \[ga\]" search.out
"$LOCUSC" plugin install audit-fields naming-lint > install.out
expect "+ audit-fields 1.0.0" install.out
expect "source = \"$URL\"" locus.lock
"$LOCUSC" build . --generators sql > build.out 2>&1 || { cat build.out; fail "build"; }
grep -rq "created_at" generated/ || fail "audit-fields did not run"

# A fresh checkout installs exactly the lock over HTTP (the cache and store are gone).
rm -rf .locus generated
"$LOCUSC" plugin install > reinstall.out
"$LOCUSC" plugin list > list.out
expect "audit-fields 1.0.0 (locus.lock" list.out

# With the server gone, the error names the registry.
stop_registry
rm -rf .locus
if "$LOCUSC" plugin install > down.out 2>&1; then fail "install without a registry"; fi
expect "is the registry running?" down.out
echo "http registry: 1 passed, 0 failed"
