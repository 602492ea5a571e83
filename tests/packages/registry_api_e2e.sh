#!/usr/bin/env bash
# The hosted registry's API contract over HTTP on 127.0.0.1, between real processes: `locusc
# registry serve` on a database (SQLite under --root, or the PostgreSQL server of
# $DATABASE_URL when the third argument is `postgres`), the locusc client and curl. Covers
# tokens (hashed at rest), owners, publish validation (pack, manifest, signature, fixtures in the
# sandbox without network, environment or secrets), provenance, pagination, search filters and ranking, channels, yank (new resolutions
# skip it, a lock that names it still installs), artifact and signature download, JSON error
# codes, and a restart keeping everything. ~15 s.
# Usage: registry_api_e2e.sh LOCUSC SOURCE_DIR sqlite|postgres
source "$(dirname "$0")/e2e_helpers.sh" "$@"
DBKIND=${3:-sqlite}
DB_ARGS=()
if [ "$DBKIND" = postgres ]; then
  [ -n "${DATABASE_URL:-}" ] || fail "postgres mode needs DATABASE_URL (run it under tests/support/pg_temp.sh run)"
  DB_ARGS=(--db "$DATABASE_URL")
fi
trap 'stop_registry; rm -rf "$WORK"' EXIT
# In the server's environment: a publisher's fixtures must not see it, whatever they ask for.
export LOCUS_PROBE=server-secret
cd "$WORK"
REG="$WORK/reg"

# status METHOD PATH [curl args...]: the HTTP status; the body is in body.json.
status() {
  local method=$1 path=$2
  shift 2
  curl -s -o body.json -w '%{http_code}' -X "$method" "$URL$path" "$@"
}
# want CODE ERROR_CODE METHOD PATH [curl args...]: the request answers CODE with that error code.
want() {
  local code=$1 err=$2 got
  shift 2
  got=$(status "$@")
  [ "$got" = "$code" ] || { cat body.json >&2; fail "$* answered $got, expected $code"; }
  [ -z "$err" ] || [ "$(jq -r .error.code body.json)" = "$err" ] ||
    { cat body.json >&2; fail "$* error code is not $err"; }
}
publish_as() { # publish_as TOKENFILE TGZ [CHANNEL]: the status of a raw PUT
  curl -s -o body.json -w '%{http_code}' -X PUT "$URL/v1/plugins" -H "Authorization: Bearer $(cat "$1")" \
    -F "package=@$2" -F "signature=@$2.minisig" -F "channel=${3:-draft}"
}
pack_sign() { # pack_sign DIR OUT KEY
  "$LOCUSC" plugin pack "$1" -o "$2" > /dev/null
  "$LOCUSC" plugin sign "$2" --key "$3" > /dev/null
}

# Owners and their keys; tokens are printed once.
"$LOCUSC" plugin keygen -o ada > /dev/null
"$LOCUSC" plugin keygen -o bob > /dev/null
"$LOCUSC" registry token add ada --pubkey ada.pub --root "$REG" "${DB_ARGS[@]}" > ada.token 2> token.err
expect "shown only now" token.err
"$LOCUSC" registry token add bob --pubkey bob.pub --root "$REG" "${DB_ARGS[@]}" > bob.token 2> /dev/null
"$LOCUSC" registry token add eve --root "$REG" "${DB_ARGS[@]}" > eve.token 2> /dev/null
grep -qE '^lrt_[0-9a-f]{64}$' ada.token || fail "token format: $(cat ada.token)"
if "$LOCUSC" registry token add 'no spaces' --root "$REG" "${DB_ARGS[@]}" > /dev/null 2> bad.err; then
  fail "an invalid owner name was accepted"
fi
expect "is not an owner name" bad.err
# Tokens are stored hashed: the token itself is nowhere in the database.
if [ "$DBKIND" = sqlite ]; then
  [ "$(sqlite3 "$REG/registry.db" 'SELECT count(*) FROM registry_tokens')" = 3 ] || fail "3 tokens expected"
  ! grep -qa "$(cat ada.token)" "$REG"/registry.db* || fail "a token is stored in the clear"
  sqlite3 "$REG/registry.db" 'SELECT hash FROM registry_tokens' | grep -q "$(printf %s "$(cat ada.token)" | sha256sum | cut -d' ' -f1)" ||
    fail "the SHA-256 of the token is not stored"
else
  psql "$DATABASE_URL" -Atc 'SELECT hash FROM registry_tokens' > hashes.txt
  ! grep -q "$(cat ada.token)" hashes.txt || fail "a token is stored in the clear"
  grep -q "$(printf %s "$(cat ada.token)" | sha256sum | cut -d' ' -f1)" hashes.txt || fail "no token hash"
fi

start_registry --root "$REG" "${DB_ARGS[@]}"
for p in audit-fields naming-lint notify-step fastapi-gen compose-deploy; do
  pack_sign "$SRC/examples/plugins/$p" $p.tgz ada.key
done

# Authentication.
want 401 unauthorized PUT /v1/plugins -F "package=@audit-fields.tgz" -F "signature=@audit-fields.tgz.minisig"
want 401 unauthorized PUT /v1/plugins -H "Authorization: Bearer lrt_nope" -F "package=@audit-fields.tgz"
want 401 unauthorized PATCH /v1/plugins/audit-fields/1.0.0 -d '{"yanked":true}'
if LOCUS_REGISTRY_TOKEN= "$LOCUSC" plugin publish audit-fields.tgz --registry "$URL" > pub.out 2>&1; then
  fail "publish without a token"
fi
expect "no publish token" pub.out

# Publish through the client, with --token-file: a draft with provenance.
"$LOCUSC" plugin publish audit-fields.tgz --registry "$URL" --token-file ada.token > pub.out
expect "\[draft\]" pub.out
want 200 "" GET /v1/plugins/audit-fields/1.0.0
[ "$(jq -r .channel body.json)" = draft ] || fail "not a draft"
[ "$(jq -r .provenance.publisher body.json)" = ada ] || fail "provenance publisher"
[ "$(jq -r .provenance.publisherKey body.json)" = "$(jq -r .key body.json)" ] || fail "provenance key"
[ "$(jq -r .provenance.sourceDigest body.json | wc -c)" = 65 ] || fail "provenance source digest"
jq -e '.provenance.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")' body.json > /dev/null || fail "provenance time"
[ "$(jq -r .provenance.checks.signature body.json)" = "signed by $(jq -r .key body.json)" ] || fail "checks recorded"
[ "$(jq -r .sha256 body.json)" = "$(sha256sum audit-fields.tgz | cut -d' ' -f1)" ] || fail "sha256"
SHA=$(jq -r .sha256 body.json)
want 200 "" GET /v1/plugins/audit-fields
[ "$(jq -c .owners body.json)" = '["ada"]' ] || fail "the first publisher owns the package"

# Versions are immutable; owners only.
[ "$(publish_as ada.token audit-fields.tgz)" = 409 ] || fail "republish: $(cat body.json)"
[ "$(jq -r .error.code body.json)" = conflict ] || fail "conflict code"
pack_sign "$SRC/examples/plugins/audit-fields" bobs.tgz bob.key
[ "$(publish_as bob.token bobs.tgz)" = 403 ] || fail "a non-owner published: $(cat body.json)"
[ "$(jq -r .error.code body.json)" = forbidden ] || fail "forbidden code"

# The validation suite: signature by the owner's key, pack rules, manifest schema, fixtures.
[ "$(publish_as eve.token naming-lint.tgz)" = 422 ] || fail "eve without a key: $(cat body.json)"
expect "has no publisher key" body.json
[ "$(publish_as bob.token naming-lint.tgz)" = 422 ] || fail "ada's signature under bob's token"
[ "$(jq -r '.error.details[] | select(.check=="signature") | .ok' body.json)" = false ] || fail "signature check"
cp naming-lint.tgz tampered.tgz && printf 'x' >> tampered.tgz && cp naming-lint.tgz.minisig tampered.tgz.minisig
[ "$(publish_as ada.token tampered.tgz)" = 422 ] || fail "a tampered archive"
[ "$(jq -r '.error.details[0].check' body.json)" = pack ] || fail "pack check"
cp -r "$SRC/examples/plugins/naming-lint" badfix
echo '{"diagnostics": []}' > badfix/fixtures/onPostValidate.expected.json
pack_sign badfix badfix.tgz ada.key
[ "$(publish_as ada.token badfix.tgz)" = 422 ] || fail "a failing fixture: $(cat body.json)"
expect "DIFFERS from" body.json
[ "$(jq -r '.error.details[] | select(.check=="fixtures") | .ok' body.json)" = false ] || fail "fixtures check"
want 404 not_found GET /v1/plugins/naming-lint # nothing was stored
[ "$(publish_as ada.token naming-lint.tgz)" = 201 ] || fail "naming-lint: $(cat body.json)"
[ "$(jq -r '.checks[] | select(.check=="fixtures") | .message' body.json)" = "1 fixture(s) passed" ] ||
  fail "the fixtures did not run: $(cat body.json)"
# Fixtures run untrusted: a plugin asking for env:LOCUS_PROBE (and the network) gets neither.
cp -r "$SRC/examples/plugins/naming-lint" probe
sed -i 's/"name": "naming-lint"/"name": "env-probe"/; s/"protocol": 1,/"protocol": 1, "permissions": {"env": ["LOCUS_PROBE"], "network": true},/' probe/locus-plugin.json
sed -i 's/^    found = \[\]$/    found = [diagnostic("error", "LEAK", os.environ["LOCUS_PROBE"], None)] if "LOCUS_PROBE" in os.environ else []/; s/^import re$/import os, re/; s/Plugin("naming-lint"/Plugin("env-probe"/' probe/main.py
if "$LOCUSC" plugin test probe > probe.out 2>&1; then fail "the probe does not see its granted variable"; fi
expect "server-secret" probe.out
"$LOCUSC" plugin test probe --untrusted > probe.out 2>&1 || { cat probe.out; fail "untrusted probe"; }
pack_sign probe probe.tgz ada.key
[ "$(publish_as ada.token probe.tgz)" = 201 ] || fail "the probe's fixtures saw the server's environment: $(cat body.json)"
for p in notify-step fastapi-gen compose-deploy; do
  [ "$(publish_as ada.token $p.tgz ga)" = 201 ] || fail "$p: $(cat body.json)"
done

# Pagination.
want 200 "" GET "/v1/plugins?per_page=4&page=2"
[ "$(jq -c '[.items[].name]' body.json)" = '["naming-lint","notify-step"]' ] || fail "page 2: $(cat body.json)"
[ "$(jq .total body.json)" = 6 ] || fail "total"
want 200 "" GET "/v1/plugins?per_page=2"
[ "$(jq -c '[.items[].name]' body.json)" = '["audit-fields","compose-deploy"]' ] || fail "page 1"
[ "$(jq -r '.items[0].latest' body.json)" = null ] || fail "a draft is no ga release"
want 200 "" GET "/v1/plugins?per_page=2&page=9"
[ "$(jq '.items | length' body.json)" = 0 ] || fail "a page past the end"
want 400 bad_request GET "/v1/plugins?page=0"
want 400 bad_request GET "/v1/plugins?per_page=101"
want 400 bad_request GET "/v1/plugins?per_page=abc"

# Channels: drafts are hidden from search until promoted; channels only move forward.
want 200 "" GET "/v1/search?q=audit"
[ "$(jq .total body.json)" = 0 ] || fail "a draft was found"
want 200 "" GET "/v1/search?q=audit&channel=draft"
[ "$(jq -r '.items[0].name' body.json)" = audit-fields ] || fail "draft search"
"$LOCUSC" plugin promote audit-fields 1.0.0 beta --registry "$URL" --token-file ada.token > /dev/null
LOCUS_REGISTRY_TOKEN=$(cat ada.token) "$LOCUSC" plugin promote naming-lint 1.0.0 ga --registry "$URL" > /dev/null
want 409 conflict PATCH /v1/plugins/audit-fields/1.0.0 -H "Authorization: Bearer $(cat ada.token)" -d '{"channel":"draft"}'
want 403 forbidden PATCH /v1/plugins/audit-fields/1.0.0 -H "Authorization: Bearer $(cat bob.token)" -d '{"channel":"ga"}'
want 400 bad_request PATCH /v1/plugins/audit-fields/1.0.0 -H "Authorization: Bearer $(cat ada.token)" -d '{"channel":"gold"}'
want 400 bad_request PATCH /v1/plugins/audit-fields/1.0.0 -H "Authorization: Bearer $(cat ada.token)" -d 'not json'
want 400 bad_request PATCH /v1/plugins/audit-fields/1.0.0 -H "Authorization: Bearer $(cat ada.token)" -d '{"owner":"eve"}'
want 404 not_found PATCH /v1/plugins/audit-fields/9.9.9 -H "Authorization: Bearer $(cat ada.token)" -d '{"channel":"ga"}'
want 404 not_found PATCH /v1/plugins/nothing-here/1.0.0 -H "Authorization: Bearer $(cat ada.token)" -d '{"channel":"ga"}'
want 200 "" PATCH /v1/plugins/audit-fields/1.0.0 -H "Authorization: Bearer $(cat ada.token)" -d '{"channel":"ga"}'
[ "$(jq -r .channel body.json)" = ga ] || fail "promoted"

# An owner added by the operator (another process writing the database) may change the package
# once the server noticed the write (within a second).
want 403 forbidden PATCH /v1/plugins/compose-deploy/1.0.0 -H "Authorization: Bearer $(cat bob.token)" -d '{"yanked":false}'
"$LOCUSC" registry owner add compose-deploy bob --root "$REG" "${DB_ARGS[@]}" > owner.out
expect "bob now owns compose-deploy" owner.out
sleep 1.2
want 200 "" PATCH /v1/plugins/compose-deploy/1.0.0 -H "Authorization: Bearer $(cat bob.token)" -d '{"yanked":false}'
want 200 "" GET /v1/plugins/compose-deploy
[ "$(jq -c .owners body.json)" = '["ada","bob"]' ] || fail "owners: $(cat body.json)"

# Search: ranked, filtered, paginated.
want 200 "" GET "/v1/search?q=audit"
[ "$(jq -r '.items[0].name' body.json)" = audit-fields ] || fail "audit first"
want 200 "" GET "/v1/search?q=lint%20entities"
[ "$(jq -r '.items[0].name' body.json)" = naming-lint ] || fail "lint: $(cat body.json)"
[ "$(jq '.items[0].score' body.json)" -gt "$(jq '.items[1].score // 0' body.json)" ] || fail "ranked"
want 200 "" GET "/v1/search?step_kind=notify"
[ "$(jq -c '[.items[].name]' body.json)" = '["notify-step"]' ] || fail "step_kind: $(cat body.json)"
want 200 "" GET "/v1/search?hook=onPostValidate"
[ "$(jq -c '[.items[].name]' body.json)" = '["naming-lint"]' ] || fail "hook"
want 200 "" GET "/v1/search?capability=generators"
[ "$(jq -c '[.items[].name]' body.json)" = '["fastapi-gen"]' ] || fail "capability: $(cat body.json)"
want 200 "" GET "/v1/search?compatible=0.1.5&per_page=2&page=2"
[ "$(jq .total body.json)" = 5 ] && [ "$(jq '.items | length' body.json)" = 2 ] || fail "compatible: $(cat body.json)"
want 200 "" GET "/v1/search?compatible=1.0.0"
[ "$(jq .total body.json)" = 0 ] || fail "requiresCore ^0.1.0 does not accept 1.0.0"
want 400 bad_request GET "/v1/search?capability=wings"
want 400 bad_request GET "/v1/search?compatible=soon"
want 400 bad_request GET "/v1/search?channel=gold"
"$LOCUSC" plugin search notify --registry "$URL" > search.out
expect "notify-step 1.0.0 \[ga\]" search.out
# The client asks the server to search (words and filters travel URL-encoded).
"$LOCUSC" plugin search "lint entities" --capability hooks --registry "$URL" > search.out
[ "$(head -1 search.out | cut -d' ' -f1)" = naming-lint ] || { cat search.out; fail "CLI search over HTTP"; }
if "$LOCUSC" plugin search x --capability wings --registry "$URL" > search.out 2>&1; then fail "a bad filter"; fi
expect "HTTP 400: capability must be hooks, steps or generators" search.out

# Downloads: the artifact by its SHA-256, its signature (checked by Debian's minisign).
curl -sf "$URL/v1/artifacts/$SHA" -o got.tgz && cmp -s got.tgz audit-fields.tgz || fail "artifact bytes"
curl -sf "$URL/v1/artifacts/$SHA/signature" -o got.tgz.minisig
minisign -Vq -p ada.pub -m got.tgz -x got.tgz.minisig || fail "minisign rejects the served signature"
[ -f "$REG/artifacts/$SHA.tgz" ] || fail "artifacts are not content-addressed on disk"
want 404 not_found GET "/v1/artifacts/$(printf '0%.0s' $(seq 64))"
want 404 not_found GET /v1/plugins/audit-fields/2.0.0
want 404 not_found GET /v1/nothing

# Yank: a lock that names the version still installs; a new resolution does not choose it.
new_project project "$URL" ada.pub
cd project
"$LOCUSC" plugin install audit-fields > install.out
expect "+ audit-fields 1.0.0" install.out
"$LOCUSC" plugin yank audit-fields 1.0.0 --registry "$URL" --token-file ../ada.token > yank.out
expect "is yanked" yank.out
rm -rf .locus
"$LOCUSC" plugin install > reinstall.out || { cat reinstall.out; fail "a lock naming a yanked version"; }
"$LOCUSC" plugin list > list.out
expect "audit-fields 1.0.0 (locus.lock" list.out
cd .. && new_project fresh "$URL" ada.pub && cd fresh
if "$LOCUSC" plugin install audit-fields > install.out 2>&1; then fail "a new resolution chose a yanked version"; fi
cd ..
want 200 "" GET "/v1/search?q=audit"
[ "$(jq .total body.json)" = 0 ] || fail "search shows a yanked version"

# A restart keeps everything (the database and the artifacts).
stop_registry
start_registry --root "$REG" "${DB_ARGS[@]}"
want 200 "" GET /v1/plugins/audit-fields/1.0.0
[ "$(jq -r .yanked body.json)" = true ] && [ "$(jq -r .channel body.json)" = ga ] || fail "after restart"
want 200 "" GET /v1/plugins
[ "$(jq .total body.json)" = 6 ] || fail "6 packages after restart"
echo "registry api ($DBKIND): 1 passed, 0 failed"
