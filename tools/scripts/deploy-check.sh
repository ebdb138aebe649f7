#!/usr/bin/env bash
# The production gateway, deployed the way the Dockerfile does it, checked end to end (CI runs this):
#
#   1. build the bundle (`apps/gateway/dist/main.js`, tools/scripts/bundle.mjs);
#   2. production install into a fresh directory: `pnpm deploy --filter @its/gateway --prod DIR` (see below);
#   3. verify the deploy: the bundle is there, no sources, no simulator, no demo-key code, the SQLite addon is;
#   4. start the ITS simulator as its own process (port 0), then `node DIR/dist/main.js` with plain node, a clean
#      environment and production-style settings (ITS_ENV=local pointing at that simulator, explicit credentials,
#      API keys in GATEWAY_API_KEYS, loopback bind);
#   5. check /healthz, /readyz, one score lookup and one ticket placement with the API key; SIGTERM → exit 0;
#   6. print the time from process start to a passing /healthz, the bundle size and the peak RSS.
#
# Why `--config.inject-workspace-packages=true`: pnpm 10 deploys only from workspaces with injected workspace
# packages. `--legacy` also works but re-resolves every dependency against the registry (not the lockfile: it picked
# a newer @opentelemetry/api here); with the setting given on the command line, deploy installs exactly the
# lockfile's versions from the store (offline, native addon from the side-effects cache) and the workspace's own
# install stays as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/its-deploy-check-XXXXXX")
sim_pid=""
gw_pid=""
cleanup() {
  for pid in $gw_pid $sim_pid; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "deploy-check: FAILED: $*" >&2
  for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 40 "$log" >&2; }; done
  exit 1
}

echo "deploy-check: build"
pnpm --filter @its/gateway run build >"$work/build.log" 2>&1 || fail "build"
tail -n 1 "$work/build.log"

echo "deploy-check: pnpm deploy --prod"
pnpm --config.inject-workspace-packages=true deploy --filter @its/gateway --prod "$work/app" >"$work/deploy.log" 2>&1 ||
  fail "pnpm deploy"
app="$work/app"

# 3. What was deployed.
[ -f "$app/dist/main.js" ] || fail "no dist/main.js in the deploy directory"
[ ! -e "$app/src" ] || fail "sources were deployed (package.json files should ship dist only)"
[ ! -e "$app/node_modules/@its/simulator" ] || fail "the simulator is installed as a production dependency"
for marker in "its_demo_" "demo-api-key" "ITS simulator listening" "TicketLedger"; do
  if grep -q -- "$marker" "$app/dist/main.js"; then fail "the production bundle contains '$marker'"; fi
done
find "$app/node_modules/.pnpm" -name better_sqlite3.node -path "*Release*" | grep -q . || fail "no better-sqlite3 addon"
bundle_bytes=$(stat -c %s "$app/dist/main.js")

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
# `probe URL [KEY] [BODY]`: prints "STATUS BODY" (BODY: JSON posted when given).
probe() {
  node -e '
    const [url, key, body] = process.argv.slice(1)
    const headers = key ? { authorization: `Bearer ${key}` } : {}
    if (body) headers["content-type"] = "application/json"
    fetch(url, { method: body ? "POST" : "GET", headers, body: body || undefined, signal: AbortSignal.timeout(20000) })
      .then(async (r) => console.log(r.status, (await r.text()).replace(/\s+/g, " ")))
      .catch((e) => console.log(0, String(e)))' "$@"
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND…
  local until=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    [ $SECONDS -lt $until ] || fail "timed out waiting for $what"
    sleep 0.1
  done
}

# 4. The simulator, its own process.
echo "deploy-check: simulator"
SIM_PORT=0 SIM_HOST=127.0.0.1 node --conditions=@its/source --import tsx tools/simulator/src/main.ts >"$work/simulator.log" 2>&1 &
sim_pid=$!
wait_for 120 "the simulator" grep -q "ITS simulator listening on" "$work/simulator.log"
sim_url=$(sed -n 's/.*ITS simulator listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$work/simulator.log" | head -n 1)

api_key="deploy-check-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
port=$(free_port)
keys="{\"keys\":[{\"consumer\":\"deploy-check\",\"key\":\"$api_key\",\"scopes\":[\"scores:read\",\"tickets:write\",\"tickets:read\",\"admin\"]}]}"

echo "deploy-check: node $app/dist/main.js (ITS_ENV=local → $sim_url)"
started_ms=$(date +%s%3N)
(cd "$app" && exec env -i PATH="$PATH" HOME="$work" \
  ITS_ENV=local ITS_API_URL="$sim_url" ITS_CLIENT_ID=its-sim-client ITS_CLIENT_SECRET=its-sim-secret \
  ITS_OPERATOR_ID=9999 ITS_BOOKMAKER_ID=9999 ITS_DATA_DIR="$work/data" GATEWAY_API_KEYS="$keys" \
  HOST=127.0.0.1 PORT="$port" node dist/main.js) >"$work/gateway.log" 2>&1 &
gw_pid=$!
base="http://127.0.0.1:$port"
# One poller (every 20 ms), so the measured time is the gateway's, not that of starting a probe per attempt.
healthy_ms=$(node -e '
  const [url, started] = process.argv.slice(1)
  const deadline = Date.now() + 60000
  const poll = () => fetch(url).then((r) => r.status === 200, () => false).then((ok) => {
    if (ok) return console.log(Date.now() - Number(started))
    if (Date.now() > deadline) process.exit(1)
    setTimeout(poll, 20)
  })
  poll()' "$base/healthz" "$started_ms") || fail "no passing /healthz within 60 s"
ready() { [ "$(probe "$base/readyz" | cut -d' ' -f1)" = 200 ]; }
wait_for 60 "/readyz" ready

# 5. One score lookup and one placement with the API key.
lookup=$(probe "$base/v1/scores/lbs?bookmaker=9999&customer=cust-000001" "$api_key")
[[ $lookup == 200* && $lookup == *'"lbs"'* ]] || fail "score lookup: $lookup"
ticket_id="DeployCheck_$(date +%s%N)"
ticket='{"type":"ticket","ticketId":"'$ticket_id'","bets":[{"selections":[{"type":"uf","productId":"3","eventId":"sr:match:15050881","marketId":"1","outcomeId":"2","odds":{"type":"decimal","value":"1.32"}}],"stake":[{"type":"cash","currency":"EUR","amount":"10"}]}],"context":{"channel":{"type":"internet","ip":"212.7.5.2","lang":"EN"},"endCustomer":{"id":"user_3454"},"limitId":1409}}'
placement=$(probe "$base/v1/tickets/placement" "$api_key" "$ticket")
[[ $placement == 200* && $placement == *"$ticket_id"* && $placement == *'"accepted"'* ]] || fail "placement: $placement"
# The docs' script is a file of the deploy directory (dist/scalar-ui.js), not part of the bundle.
docs_script=$(probe "$base/docs/scalar.js" | head -c 200)
[[ $docs_script == 200* && $docs_script == *"@scalar/api-reference"* ]] || fail "/docs/scalar.js: $docs_script"
unauthenticated=$(probe "$base/v1/scores/lbs?bookmaker=9999&customer=cust-000001")
[[ $unauthenticated == 401* ]] || fail "a lookup without a key: $unauthenticated"

peak_rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$gw_pid/status" 2>/dev/null || echo 0)
kill -TERM "$gw_pid"
code=0
wait "$gw_pid" || code=$?
gw_pid=""
[ "$code" = 0 ] || fail "exit code $code after SIGTERM (expected 0)"
grep -q "ITS gateway listening on" "$work/gateway.log" || fail "no listening line"
if grep -q -e "$api_key" -e its-sim-secret "$work/gateway.log"; then fail "a secret appears in the gateway's output"; fi

echo "deploy-check: OK — healthz, readyz, score lookup, placement ($ticket_id accepted), docs script, 401 without key, SIGTERM → exit 0"
echo "deploy-check: bundle $((bundle_bytes / 1024)) KiB; start → /healthz ${healthy_ms} ms; peak RSS $((peak_rss_kib / 1024)) MiB; deploy directory $(du -sm "$app" | cut -f1) MiB"
