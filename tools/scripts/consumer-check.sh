#!/usr/bin/env bash
# Proof that the four libraries work outside this repository (issue 11 §1), run by CI:
#   1. build @its/auth, @its/transport, @its/models, @its/tickets (Nx, cached) and `pnpm pack` each;
#   2. check every tarball: only dist/, src/, README.md, LICENSE, package.json (no tests), no `workspace:`/`catalog:`
#      left in package.json, LICENSE equal to the repository's, `publint --strict` and `attw --profile esm-only` clean;
#   3. a scratch project OUTSIDE the workspace (mktemp under /tmp) `npm install`s the tarballs, their peers, typescript
#      and @types/node from the npm registry, typechecks tools/consumer/index.ts strictly against the published .d.ts
#      (`tsc --noEmit`, skipLibCheck off), compiles it and runs the JavaScript with plain `node` against the simulator
#      started as its own process (SIM_PORT=0): a token through TokenProvider, an LBS lookup through Models, a ticket
#      built, validated, placed and acked over the data plane through Tickets.
# Exits non-zero with a "consumer-check: FAILED …" line naming the step; prints one summary line on success.
# Works from any directory; removes its temp directory and stops the simulator on exit (KEEP_TMP=1 keeps the files).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LIBS=(auth transport models tickets)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/its-consumer-check.XXXXXX")
TARBALLS="$WORK/tarballs"
CONSUMER="$WORK/consumer"
SIM_LOG="$WORK/simulator.log"
SIM_PID=""
STARTED=$(date +%s)

cleanup() {
  local code=$?
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill -TERM "$SIM_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SIM_PID" 2>/dev/null || true
  fi
  if [ "${KEEP_TMP:-}" = 1 ]; then echo "consumer-check: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "consumer-check: FAILED $*" >&2
  exit 1
}
phase_start=$(date +%s)
phase() {
  local now
  now=$(date +%s)
  echo "consumer-check: $1 ($((now - phase_start)) s)"
  phase_start=$now
}

# The consumer's settings come only from this script, never from the caller's environment.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(ITS_|SIM_)' || true)

cd "$ROOT"

# 0. The READMEs' "Install and use outside this repository" excerpts are lines of tools/consumer/index.ts.
for lib in "${LIBS[@]}"; do
  excerpt=$(awk '/^## Install and use outside this repository/ { section = 1 }
    section && /^```ts/ { code = 1; next }  code && /^```/ { exit }  code' "packages/$lib/README.md")
  [ -n "$excerpt" ] || fail "packages/$lib/README.md has no \"Install and use outside this repository\" excerpt"
  while IFS= read -r line; do
    [[ -z "${line// /}" || "$line" =~ ^\ *//\ …$ ]] && continue
    grep -qxF -- "$line" tools/consumer/index.ts ||
      fail "packages/$lib/README.md excerpt line not in tools/consumer/index.ts: $line"
  done <<<"$excerpt"
done

# 1. Build and pack.
projects=$(printf '@its/%s,' "${LIBS[@]}")
pnpm exec nx run-many -t build --projects="${projects%,}" --outputStyle=static >"$WORK/build.log" 2>&1 ||
  { cat "$WORK/build.log" >&2; fail "build (nx run-many -t build)"; }
phase "built ${LIBS[*]}"

mkdir -p "$TARBALLS"
for lib in "${LIBS[@]}"; do
  (cd "packages/$lib" && pnpm pack --pack-destination "$TARBALLS" >/dev/null) || fail "pnpm pack of @its/$lib"
done
phase "packed"

# 2. Tarball contents, publint and attw.
sizes=()
for lib in "${LIBS[@]}"; do
  tarball=$(ls "$TARBALLS"/its-"$lib"-*.tgz)
  files=$(tar tzf "$tarball")
  unexpected=$(grep -vE '^package/(dist/.+|src/.+|README\.md|LICENSE|package\.json)$' <<<"$files" || true)
  [ -z "$unexpected" ] || fail "@its/$lib ships unexpected files: $unexpected"
  ! grep -qE '(^|/)test/|\.test\.|tsconfig|\.tsbuildinfo' <<<"$files" || fail "@its/$lib ships tests or build files"
  grep -qx 'package/dist/index.js' <<<"$files" || fail "@its/$lib has no dist/index.js (not built?)"
  grep -qx 'package/dist/index.d.ts' <<<"$files" || fail "@its/$lib has no dist/index.d.ts"
  tar xzOf "$tarball" package/LICENSE | cmp -s - LICENSE || fail "@its/$lib LICENSE differs from the repository's"
  manifest=$(tar xzOf "$tarball" package/package.json)
  ! grep -qE '"(workspace|catalog):' <<<"$manifest" || fail "@its/$lib package.json still has workspace:/catalog: specs"
  ! grep -q '"private"' <<<"$manifest" || fail "@its/$lib is marked private"
  pnpm exec publint run "$tarball" --strict >"$WORK/publint-$lib.log" 2>&1 ||
    { cat "$WORK/publint-$lib.log" >&2; fail "publint @its/$lib"; }
  # ESM-only on purpose ("type": "module", only an `import` condition): the profile skips the CommonJS resolutions
  # (node10, node16 from CJS) and checks types for node16-ESM and bundler resolution.
  pnpm exec attw "$tarball" --profile esm-only --format table-flipped --no-emoji --no-color \
    >"$WORK/attw-$lib.log" 2>&1 || { cat "$WORK/attw-$lib.log" >&2; fail "attw @its/$lib"; }
  sizes+=("@its/$lib $(($(stat -c %s "$tarball") / 1024)) KiB, $(wc -l <<<"$files") files")
done
phase "tarballs checked (contents, publint --strict, attw --profile esm-only)"

# 3. A consumer outside the workspace: npm install, strict typecheck, plain node against the simulator.
mkdir -p "$CONSUMER"
cp tools/consumer/index.ts tools/consumer/tsconfig.json "$CONSUMER/"
printf '{ "name": "its-consumer-check", "private": true, "type": "module" }\n' >"$CONSUMER/package.json"
peers=$(tar xzOf "$(ls "$TARBALLS"/its-transport-*.tgz)" package/package.json |
  node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8")).peerDependencies
    console.log(Object.entries(p).map(([n, v]) => `${n}@${v}`).join(" "))')
typescript=$(node -p 'require("./package.json").devDependencies.typescript')
# shellcheck disable=SC2086 # $peers is a list of package specs
(cd "$CONSUMER" && npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "$TARBALLS"/its-*.tgz $peers "typescript@$typescript" "@types/node@^20.19.0" >"$WORK/npm.log" 2>&1) ||
  { cat "$WORK/npm.log" >&2; fail "npm install in the scratch project"; }
[ ! -e "$CONSUMER/node_modules/@its/auth/test" ] || fail "tests were installed"
phase "npm install (tarballs + $peers + typescript@$typescript)"

(cd "$CONSUMER" && ./node_modules/.bin/tsc -p tsconfig.json --noEmit) || fail "tsc --noEmit (strict) of the consumer"
(cd "$CONSUMER" && ./node_modules/.bin/tsc -p tsconfig.json --noCheck) || fail "tsc (emit) of the consumer"
phase "consumer typechecked (strict, skipLibCheck off) and compiled"

SIM_PORT=0 SIM_HOST=127.0.0.1 node --conditions=@its/source --import tsx tools/simulator/src/main.ts >"$SIM_LOG" 2>&1 &
SIM_PID=$!
url=""
for _ in $(seq 300); do
  url=$(sed -nE 's/^ITS simulator listening on (http:\/\/[^ ]+) .*/\1/p' "$SIM_LOG" | head -n1)
  [ -n "$url" ] && break
  kill -0 "$SIM_PID" 2>/dev/null || { cat "$SIM_LOG" >&2; fail "the simulator exited before listening"; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$SIM_LOG" >&2; fail "the simulator did not report its URL within 30 s"; }
phase "simulator on $url"

rc=0
result=$(cd "$CONSUMER" && ITS_ENV=local ITS_API_URL="$url" ITS_CLIENT_ID=its-sim-client ITS_CLIENT_SECRET=its-sim-secret \
  ITS_OPERATOR_ID=9985 CONSUMER_BOOKMAKER_ID=77 timeout 60 node out/index.js 2>&1) || rc=$?
[ "$rc" = 0 ] || { echo "$result" >&2; fail "the consumer run with plain node (exit $rc)"; }
grep -q '^consumer ok: ' <<<"$result" || { echo "$result" >&2; fail "the consumer printed no success line"; }
echo "$result"
phase "consumer ran with plain node"

echo "consumer-check: OK in $(($(date +%s) - STARTED)) s — tarballs: $(IFS=';'; echo "${sizes[*]}" | sed 's/;/; /g'); publint+attw clean; tsc strict; node run: token, LBS, ticket placed+acked"
