/**
 * The gateway (`apps/gateway`) under load on loopback, against the same ITS simulator reached directly, through two
 * plain reverse proxies, and against a bare `node:http` server, all measured in the same run:
 *
 * - **cached score lookup**: `GET /v1/scores/lbs?bookmaker=9999&customer=cust-000001,cust-000002` (cache warmed)
 *   vs the simulator's LBS REST path `GET /api/lbs/v1/bookmakers/9999/sub-bookmakers/{all}/source?customer=…`
 *   (`{all}` is `*`, what the gateway asks for when no sub-bookmaker is given), and vs a bare `node:http` server that
 *   answers every request with the gateway's own warmed response body, pre-serialised (Node's HTTP ceiling here);
 * - **uncached pass-through**: `GET /v1/scores/ccf?…` (CCF is not cached) vs `/api/ccf/…/source?…`, and one
 *   range page `GET /v1/scores/lbs/range?bookmaker=9999&lower=0&higher=1` (~70 KB upstream) vs `/api/lbs/…/range`;
 * - **ticket placement**: `POST /v1/tickets/placement` (a unique ticketId per request: the simulator rejects a
 *   duplicate) vs placements sent straight over the data-plane WebSocket with the same number in flight;
 * - **idle**: the gateway's CPU time and `effect_fiber_*` counters over `BENCH_IDLE_SECONDS` (default 5) with no
 *   traffic, before any load (one `/metrics` scrape's own fibers are measured and subtracted);
 * - **memory and start-up**: peak RSS (VmHWM) of every process, the gateway's time from spawn to a passing `/healthz`.
 *
 * Targets, each its own process (`gateway/processes.ts`): the simulator (with the tsx loader this script runs
 * under), the gateway as deployed — its production bundle, built first by this script with `tools/scripts/bundle.mjs
 * gateway` (into `apps/gateway/node_modules/.cache/its-bench/`, so a build running at the same time cannot delete it)
 * and run with plain `node`; `ITS_ENV=local`, `ITS_RATE_LIMITS=off` so client-side pacing does not cap it — and the
 * plain alternatives of `gateway/targets.ts` (this script re-run with `--role=…`). Load: autocannon,
 * `BENCH_CONNECTIONS` (default 32) connections, `BENCH_SECONDS` (default 10) per measurement after a
 * `BENCH_WARMUP`-second (default 1) warm-up (`gateway/load.ts`). The output ends with the issue's goals, each figure
 * next to its target (`gateway/report.ts`).
 *
 *   pnpm bench:gateway      (BENCH_SECONDS=10, BENCH_WARMUP=1, BENCH_CONNECTIONS=32, BENCH_IDLE_SECONDS=5,
 *                            BENCH_GATEWAY_NODE_FLAGS="" — node flags for the gateway process only)
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import {
  type AutocannonRequest,
  autocannon,
  connections,
  directPlacements,
  load,
  record,
  rows,
  seconds,
  warmupSeconds
} from "./gateway/load.ts"
import { cpuSeconds, freePort, repoRoot, start, started, statusKb, stopAll } from "./gateway/processes.ts"
import { goal, printGoals, printMeasurements } from "./gateway/report.ts"
import { runFastifyProxy, runNodeProxy, runStaticServer } from "./gateway/targets.ts"

const self = fileURLToPath(import.meta.url)
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 5)
/** Extra `node` flags for the gateway process only (e.g. `--max-semi-space-size=4`, to measure a heap setting). */
const gatewayNodeFlags = (process.env.BENCH_GATEWAY_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== "")
/** The production bundle, built by this script (the same build as `nx build @its/gateway`, another directory). */
const bundleDir = join(repoRoot, "apps/gateway/node_modules/.cache/its-bench")
const gatewayBundle = join(bundleDir, "main.js")
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const main = async () => {
  console.log(
    `gateway bench: ${seconds} s per run after ${warmupSeconds} s warm-up, ${connections} connections, loopback`
  )
  execFileSync(process.execPath, [join(repoRoot, "tools/scripts/bundle.mjs"), "gateway", `--outdir=${bundleDir}`], {
    stdio: "inherit"
  })

  const sim = await start(
    "simulator",
    [join(repoRoot, "tools/simulator/src/main.ts")],
    { SIM_PORT: "0", SIM_LOG_LEVEL: "Warn", SIM_TOKEN_TTL: "3600" },
    /listening on (http:\/\/\S+) .*data plane on (ws:\/\/\S+)/
  )
  const simUrl = sim.match[1] ?? ""
  const dataPlaneUrl = sim.match[2] ?? ""
  const token = async (audience: string) => {
    const response = await fetch(`${simUrl}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: "its-sim-client",
        client_secret: "its-sim-secret",
        audience
      })
    })
    return ((await response.json()) as { access_token: string }).access_token
  }
  const restToken = await token("mts-insight-tech-non-prod")
  const dataPlaneToken = await token("mbs-dp-non-prod-wss")

  const apiKey = "bench-gateway-key-0123456789"
  const dataDir = mkdtempSync(join(tmpdir(), "gateway-bench-"))
  try {
    const gatewayPort = await freePort()
    const spawnedAt = performance.now()
    const gatewayStarting = start(
      "gateway",
      [...gatewayNodeFlags, gatewayBundle],
      {
        PORT: String(gatewayPort),
        ITS_DATA_DIR: dataDir,
        ITS_ENV: "local",
        ITS_API_URL: simUrl,
        ITS_CLIENT_ID: "its-sim-client",
        ITS_CLIENT_SECRET: "its-sim-secret",
        ITS_OPERATOR_ID: "9999",
        ITS_BOOKMAKER_ID: "9999",
        ITS_RATE_LIMITS: "off",
        GATEWAY_API_KEYS: JSON.stringify({
          keys: [
            {
              consumer: "bench",
              key: apiKey,
              scopes: ["tickets:write", "tickets:read", "scores:read", "admin", "ops"]
            }
          ]
        })
      },
      /ITS gateway listening on (http:\/\/\S+)/,
      true
    )
    // Time from spawning the process to the first passing /healthz (polled every 10 ms from the spawn on).
    const healthzMs = await (async () => {
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${gatewayPort}/healthz`).then(
          (r) => r.status === 200,
          () => false
        )
        if (ok) return performance.now() - spawnedAt
        await sleep(10)
      }
    })()
    const gateway = await gatewayStarting
    const gatewayUrl = gateway.match[1] ?? ""
    const gatewayPid = gateway.child.pid ?? 0
    const gatewayHeaders = { authorization: `Bearer ${apiKey}` }

    // Idle: no traffic but our own scrapes. The cost of one scrape (b − a) is subtracted from the idle window.
    const fiberCounters = async () => {
      const text = await (await fetch(`${gatewayUrl}/metrics`, { headers: gatewayHeaders })).text()
      const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? 0)
      return {
        started: value("effect_fiber_started_total"),
        failed: value("effect_fiber_failures_total")
      }
    }
    await sleep(2_000)
    const a = await fiberCounters()
    const b = await fiberCounters()
    const cpuBefore = cpuSeconds(gatewayPid)
    await sleep(idleSeconds * 1000)
    const cpuAfter = cpuSeconds(gatewayPid)
    const c = await fiberCounters()
    const idle = {
      cpuPercent: ((cpuAfter - cpuBefore) / idleSeconds) * 100,
      startedPerSecond: Math.max(0, c.started - b.started - (b.started - a.started)) / idleSeconds,
      failedPerSecond: Math.max(0, c.failed - b.failed - (b.failed - a.failed)) / idleSeconds
    }
    console.log(
      `idle gateway: ${idle.cpuPercent.toFixed(2)} % of a core, fibers started ${idle.startedPerSecond.toFixed(1)}/s, failed or interrupted ${idle.failedPerSecond.toFixed(1)}/s`
    )

    const customers = "customer=cust-000001,cust-000002"
    const upstreamBase = "/v1/bookmakers/9999/sub-bookmakers/*"
    const simHeaders = { authorization: `Bearer ${restToken}` }
    const check = async (url: string, headers: Record<string, string>) => {
      const response = await fetch(url, { headers })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`${url} → ${response.status}: ${text.slice(0, 300)}`)
      return text
    }
    const lbsGateway = `/v1/scores/lbs?bookmaker=9999&${customers}`
    const lbsUpstream = `/api/lbs${upstreamBase}/source?${customers}`
    await check(`${gatewayUrl}${lbsGateway}`, gatewayHeaders)
    const warmedBody = await check(`${gatewayUrl}${lbsGateway}`, gatewayHeaders)
    const warmed = JSON.parse(warmedBody) as { accounts: ReadonlyArray<{ cached: boolean }> }
    console.log(`gateway LBS lookup cached after warm-up: ${warmed.accounts.every((account) => account.cached)}`)

    // The plain alternatives: the bare server answers with the gateway's own cached body.
    const bodyFile = join(dataDir, "lbs-body.json")
    writeFileSync(bodyFile, warmedBody)
    const bare = await start("bare node:http", [self, "--role=static", bodyFile], {}, /listening (\d+)/)
    const nodeProxy = await start("node:http proxy", [self, "--role=node-proxy", simUrl], {}, /listening (\d+)/)
    const fastifyProxy = await start("fastify proxy", [self, "--role=fastify-proxy", simUrl], {}, /listening (\d+)/)
    const bareUrl = `http://127.0.0.1:${bare.match[1]}`
    const nodeProxyUrl = `http://127.0.0.1:${nodeProxy.match[1]}`
    const fastifyProxyUrl = `http://127.0.0.1:${fastifyProxy.match[1]}`
    for (const base of [simUrl, nodeProxyUrl, fastifyProxyUrl]) await check(`${base}${lbsUpstream}`, simHeaders)

    let sampledPeakRss = 0
    const sampler = setInterval(() => {
      const rss = statusKb(gatewayPid, "VmRSS")
      if (rss > sampledPeakRss) sampledPeakRss = rss
    }, 200)

    const scoreScenario = async (scenario: string, gatewayPath: string, upstreamPath: string) => {
      record(scenario, "direct (simulator)", await load(`${simUrl}${upstreamPath}`, { headers: simHeaders }))
      record(scenario, "gateway", await load(`${gatewayUrl}${gatewayPath}`, { headers: gatewayHeaders }))
      record(scenario, "node:http proxy", await load(`${nodeProxyUrl}${upstreamPath}`, { headers: simHeaders }))
      record(scenario, "fastify proxy", await load(`${fastifyProxyUrl}${upstreamPath}`, { headers: simHeaders }))
    }

    // The simulator's handlers get JIT-warm before the first baseline (otherwise "direct" runs first, cold, and the
    // proxies behind it look faster than the simulator itself).
    console.log("warming the simulator and the gateway up…")
    for (const path of [lbsUpstream, `/api/ccf${upstreamBase}/source?${customers}`]) {
      await autocannon({ url: `${simUrl}${path}`, connections, duration: 2, headers: simHeaders })
    }
    await autocannon({ url: `${gatewayUrl}${lbsGateway}`, connections, duration: 2, headers: gatewayHeaders })
    console.log("running…")
    const cached = "LBS lookup (cached)"
    await scoreScenario(cached, lbsGateway, lbsUpstream)
    record(cached, "bare node:http (same body)", await load(`${bareUrl}${lbsGateway}`, {}))
    const ccf = "CCF lookup (uncached)"
    await scoreScenario(
      ccf,
      `/v1/scores/ccf?bookmaker=9999&${customers}`,
      `/api/ccf${upstreamBase}/source?${customers}`
    )
    await scoreScenario(
      "LBS range page (uncached)",
      "/v1/scores/lbs/range?bookmaker=9999&lower=0&higher=1",
      `/api/lbs${upstreamBase}/range?lower=0&higher=1`
    )

    // Ticket placement: one encoded `single` example, a fresh ticketId per request (duplicates are rejected).
    const { example, Ticket } = await import("@its/tickets")
    const { Schema } = await import("effect")
    const ticketJson = Schema.encodeSync(Ticket)(example("single")) as unknown as Record<string, unknown>
    const placement = "ticket placement"
    const direct = await directPlacements(dataPlaneUrl, dataPlaneToken, ticketJson)
    rows.push({
      scenario: placement,
      target: "direct (data-plane WS)",
      rps: direct.rps,
      p50: direct.p50,
      p99: direct.p99,
      non2xx: 0,
      errors: 0,
      note: `${direct.rejected} of ${direct.total} replies not accepted; one WebSocket, ${connections} in flight`
    })
    console.log(`  ${placement} / direct (data-plane WS): ${direct.rps.toFixed(0)} req/s`)
    let sequence = 0
    let notAccepted = 0
    let replies = 0
    const body = (id: string) => JSON.stringify({ ...ticketJson, ticketId: id })
    const gatewayPlacement = (prefix: string): AutocannonRequest => ({
      method: "POST",
      path: "/v1/tickets/placement",
      headers: { ...gatewayHeaders, "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: body(`bench-${prefix}-${++sequence}`) }),
      onResponse: (status, text) => {
        replies++
        if (status !== 200 || !text.includes('"status":"accepted"')) notAccepted++
      }
    })
    await autocannon({ url: gatewayUrl, connections, duration: warmupSeconds, requests: [gatewayPlacement("warmup")] })
    notAccepted = 0
    replies = 0
    const gatewayResult = await autocannon({
      url: gatewayUrl,
      connections,
      duration: seconds,
      requests: [gatewayPlacement("gateway")]
    })
    record(placement, "gateway", gatewayResult, `${notAccepted} of ${replies} replies not accepted`)

    clearInterval(sampler)
    const peaks = started().map(({ name, child }) => ({ name, hwm: statusKb(child.pid ?? 0, "VmHWM") }))
    const gatewayHwmMiB = statusKb(gatewayPid, "VmHWM") / 1024

    printMeasurements(rows)
    console.log("")
    console.log(`gateway (bundle ${gatewayBundle}): process start → passing /healthz in ${healthzMs.toFixed(0)} ms`)
    console.log(
      `gateway peak RSS: ${gatewayHwmMiB.toFixed(1)} MiB (VmHWM; sampled every 200 ms under load: ${(sampledPeakRss / 1024).toFixed(1)} MiB)`
    )
    console.log(`peak RSS (VmHWM): ${peaks.map((p) => `${p.name} ${(p.hwm / 1024).toFixed(1)} MiB`).join(", ")}`)

    const row = (scenario: string, target: string) =>
      rows.find((r) => r.scenario === scenario && r.target.startsWith(target)) ?? {
        rps: Number.NaN,
        p99: Number.NaN
      }
    const gatewayCached = row(cached, "gateway")
    const gatewayCcf = row(ccf, "gateway")
    const ratio = (a: number, b: number) => a / b
    printGoals(
      [
        goal(
          "1 cached lookup",
          "gateway / bare node:http",
          ratio(gatewayCached.rps, row(cached, "bare").rps),
          ">=",
          0.5
        ),
        goal(
          "1 cached lookup",
          "gateway / node:http proxy",
          ratio(gatewayCached.rps, row(cached, "node").rps),
          ">=",
          3
        ),
        goal("1 cached lookup", "gateway p99", gatewayCached.p99, "<=", 10, " ms"),
        goal("2 uncached CCF", "gateway / fastify proxy", ratio(gatewayCcf.rps, row(ccf, "fastify").rps), ">=", 0.8),
        goal("2 uncached CCF", "gateway p99 / fastify p99", ratio(gatewayCcf.p99, row(ccf, "fastify").p99), "<=", 2),
        goal("3 placement", "gateway / direct WS", ratio(row(placement, "gateway").rps, direct.rps), ">=", 0.5),
        goal("6 idle", "CPU, % of a core", idle.cpuPercent, "<", 1, " %"),
        goal("6 idle", "fibers started per s", idle.startedPerSecond, "<=", 0, "/s"),
        goal("6 idle", "fibers failed/interrupted per s", idle.failedPerSecond, "<=", 0, "/s"),
        goal("7 memory", "gateway peak RSS", gatewayHwmMiB, "<", 150, " MiB")
      ],
      (g) =>
        g.figure.includes(" / ")
          ? `${g.value.toFixed(2)}×`
          : `${g.value.toFixed(g.target.endsWith("/s") || g.target.endsWith("%") ? 2 : 1)}`
    )
  } finally {
    await stopAll()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const roleArg = process.argv.find((arg) => arg.startsWith("--role="))
const lastArg = process.argv[process.argv.length - 1] ?? ""
if (roleArg === "--role=node-proxy") {
  runNodeProxy(new URL(lastArg))
} else if (roleArg === "--role=fastify-proxy") {
  await runFastifyProxy(new URL(lastArg))
} else if (roleArg === "--role=static") {
  runStaticServer(lastArg)
} else {
  const stopOnSignal = () => {
    void stopAll().then(() => process.exit(130))
  }
  process.once("SIGINT", stopOnSignal)
  process.once("SIGTERM", stopOnSignal)
  try {
    await main()
  } catch (error) {
    console.error(error)
    process.exitCode = 1
  } finally {
    await stopAll()
  }
}
