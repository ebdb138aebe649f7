/**
 * The gateway (`apps/gateway`) under load on loopback, against the same ITS simulator reached directly and through
 * two plain reverse proxies, all measured in the same run:
 *
 * - **cached score lookup**: `GET /v1/scores/lbs?bookmaker=9999&customer=cust-000001,cust-000002` (cache warmed)
 *   vs the simulator's LBS REST path `GET /api/lbs/v1/bookmakers/9999/sub-bookmakers/{all}/source?customer=…`
 *   (`{all}` is `*`, what the gateway asks for when no sub-bookmaker is given);
 * - **uncached pass-through**: `GET /v1/scores/ccf?…` (CCF is not cached) vs `/api/ccf/…/source?…`, and one
 *   range page `GET /v1/scores/lbs/range?bookmaker=9999&lower=0&higher=1` (~70 KB upstream) vs `/api/lbs/…/range`;
 * - **ticket placement**: `POST /v1/tickets/placement` (a unique ticketId per request: the simulator rejects a
 *   duplicate) vs placements sent straight over the data-plane WebSocket by a client loop in this script with the
 *   same number in flight. The proxies do not apply to the WebSocket.
 *
 * Targets, each its own process (so nothing shares an event loop with the load generator or with each other): the
 * simulator (`tools/simulator/src/main.ts`, with the tsx loader this script runs under), the gateway as deployed (its
 * production bundle `apps/gateway/dist/main.js`, built first by this script, run with plain `node`; `ITS_ENV=local`,
 * `ITS_API_URL` = the simulator, `ITS_RATE_LIMITS=off` so client-side pacing does not cap it), a bare `node:http` pass-through proxy and fastify + `@fastify/http-proxy` (both: this script re-run with
 * `--role=…`). Direct and proxied requests carry a simulator bearer token fetched once from `/oauth/token`; the
 * gateway gets an API key and holds its own token. Load: autocannon, `BENCH_CONNECTIONS` (default 32) connections,
 * `BENCH_SECONDS` (default 10) per measurement after a `BENCH_WARMUP`-second (default 1) warm-up of the same target,
 * plus 2-second warm-ups of the simulator's LBS and CCF paths and of the gateway before the first measurement.
 *
 * Prints req/s, p50/p99 (ms), non-2xx, ratio of req/s to the direct call, the peak RSS (VmHWM) of every process, and
 * the gateway's time from process start to a passing `/healthz`.
 *
 *   pnpm bench:gateway      (BENCH_SECONDS=10, BENCH_WARMUP=1, BENCH_CONNECTIONS=32)
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import http from "node:http"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32)
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 1)

const self = fileURLToPath(import.meta.url)
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const require = createRequire(import.meta.url)
/** The production gateway as deployed: the bundle, built by the main role before the run (`bundle.mjs gateway`). */
const gatewayBundle = join(repoRoot, "apps/gateway/dist/main.js")

// ---------------------------------------------------------------------------------------------------------------
// Untyped dependencies: autocannon ships no types, and `ws` is not a dependency of this package (it is resolved
// from `@its/transport`, whose data plane — the one the gateway uses — is built on it).

interface AutocannonRequest {
  readonly method?: string
  readonly path?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly setupRequest?: (request: AutocannonRequest) => AutocannonRequest
  readonly onResponse?: (status: number, body: string) => void
}

interface AutocannonOptions {
  readonly url: string
  readonly connections: number
  readonly duration: number
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly requests?: ReadonlyArray<AutocannonRequest>
}

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number }
  readonly latency: { readonly p50: number; readonly p99: number }
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
}

const autocannon = require("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>

interface WebSocketLike {
  on(event: "open", listener: () => void): void
  on(event: "error", listener: (error: Error) => void): void
  on(event: "message", listener: (data: { toString(): string }) => void): void
  send(text: string): void
  close(): void
}

const WebSocketClass = createRequire(join(repoRoot, "packages/transport/package.json"))("ws") as new (
  url: string,
  options: { readonly headers: Record<string, string> }
) => WebSocketLike

// ---------------------------------------------------------------------------------------------------------------
// Child roles: the two pass-through proxies. Heavy modules are imported where they are used, so a proxy process
// loads only what it runs (plus the tsx loader every process here has).

const roleArg = process.argv.find((arg) => arg.startsWith("--role="))

/** Bare `node:http`: keep-alive agent upstream, headers copied minus the hop-by-hop ones, bodies piped. */
const runNodeProxy = (upstream: URL) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const hopByHop = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer"])
  const strip = (headers: http.IncomingHttpHeaders) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)))
  const server = http.createServer((req, res) => {
    const upstreamRequest = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: strip(req.headers),
        agent
      },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, strip(upstreamResponse.headers))
        upstreamResponse.pipe(res)
      }
    )
    upstreamRequest.on("error", () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(upstreamRequest)
  })
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    console.log(`listening ${typeof address === "object" && address !== null ? address.port : 0}`)
  })
}

/** fastify 5 + `@fastify/http-proxy` 11 with its defaults (undici pool upstream), logger off. */
const runFastifyProxy = async (upstream: URL) => {
  const { default: Fastify } = await import("fastify")
  const { default: proxy } = await import("@fastify/http-proxy")
  const app = Fastify({ logger: false })
  await app.register(proxy, { upstream: upstream.origin })
  await app.listen({ port: 0, host: "127.0.0.1" })
  const address = app.server.address()
  console.log(`listening ${typeof address === "object" && address !== null ? address.port : 0}`)
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

const children: Array<{ readonly name: string; readonly child: ChildProcess }> = []

/**
 * Starts `script` with this process's node and loader flags (`plain`: with plain `node`, for the gateway's bundle);
 * resolves with the first stdout match of `ready`.
 */
const start = (name: string, args: ReadonlyArray<string>, env: Record<string, string>, ready: RegExp, plain = false) =>
  new Promise<{ readonly child: ChildProcess; readonly match: RegExpMatchArray }>((resolve, reject) => {
    const child = spawn(process.execPath, [...(plain ? [] : process.execArgv), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    children.push({ name, child })
    let out = ""
    let err = ""
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${out}\n${err}`)), 60_000)
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const match = out.match(ready)
      if (match !== null) {
        clearTimeout(timer)
        resolve({ child, match })
      }
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited (${code}) before it was ready:\n${out}\n${err}`))
    })
  })

const stopAll = async () => {
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const force = setTimeout(() => child.kill("SIGKILL"), 5_000)
          child.once("exit", () => {
            clearTimeout(force)
            resolve()
          })
          child.kill("SIGTERM")
        })
    )
  )
}

/** A port that was free a moment ago (the gateway's `PORT` must be 1–65535). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = http.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

const statusKb = (pid: number, field: "VmRSS" | "VmHWM") => {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+) kB`))
    return match === null ? Number.NaN : Number(match[1])
  } catch {
    return Number.NaN
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Measurement

interface Row {
  readonly scenario: string
  readonly target: string
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
  readonly errors: number
  readonly note?: string
}

const rows: Array<Row> = []

const load = async (url: string, options: Omit<AutocannonOptions, "url" | "connections" | "duration">) => {
  await autocannon({ url, connections, duration: warmupSeconds, ...options })
  return autocannon({ url, connections, duration: seconds, ...options })
}

const record = (scenario: string, target: string, result: AutocannonResult, note?: string) => {
  const row: Row = {
    scenario,
    target,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(note === undefined ? {} : { note })
  }
  rows.push(row)
  console.log(`  ${scenario} / ${target}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms`)
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)

/**
 * Placements straight over one data-plane WebSocket with `connections` in flight: each reply sends the next.
 * Returns what autocannon would (requests over the measured window, latency percentiles, non-accepted replies).
 */
const directPlacements = (dataPlaneUrl: string, token: string, ticketJson: Record<string, unknown>) =>
  new Promise<{ rps: number; p50: number; p99: number; rejected: number; total: number }>((resolve, reject) => {
    const ws = new WebSocketClass(dataPlaneUrl, { headers: { Authorization: `Bearer ${token}` } })
    const sentAt = new Map<string, number>()
    const samples: Array<number> = []
    let counter = 0
    let rejected = 0
    let measuring = false
    let stopping = false
    let measureStart = 0
    let measureEnd = 0
    const sendOne = () => {
      const id = `direct-${++counter}`
      sentAt.set(id, performance.now())
      ws.send(
        JSON.stringify({
          operatorId: 9999,
          correlationId: id,
          timestampUtc: Date.now(),
          operation: "ticket-placement",
          version: "3.0",
          content: { ...ticketJson, ticketId: `bench-direct-${counter}` }
        })
      )
    }
    ws.on("error", reject)
    ws.on("message", (data) => {
      const reply = JSON.parse(data.toString()) as { correlationId?: string; content?: { status?: string } }
      const started = reply.correlationId === undefined ? undefined : sentAt.get(reply.correlationId)
      if (started === undefined || reply.correlationId === undefined) return
      sentAt.delete(reply.correlationId)
      if (measuring) {
        samples.push(performance.now() - started)
        if (reply.content?.status !== "accepted") rejected++
      }
      if (!stopping) sendOne()
      else if (sentAt.size === 0) {
        ws.close()
        const sorted = samples.sort((a, b) => a - b)
        resolve({
          rps: samples.length / ((measureEnd - measureStart) / 1000),
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          rejected,
          total: samples.length
        })
      }
    })
    ws.on("open", () => {
      for (let i = 0; i < connections; i++) sendOne()
      setTimeout(() => {
        measuring = true
        measureStart = performance.now()
        setTimeout(() => {
          // Replies to requests sent before this point but arriving later are not counted (as autocannon).
          measuring = false
          stopping = true
          measureEnd = performance.now()
        }, seconds * 1000)
      }, warmupSeconds * 1000)
    })
  })

// ---------------------------------------------------------------------------------------------------------------
// Main

const main = async () => {
  console.log(
    `gateway bench: ${seconds} s per run after ${warmupSeconds} s warm-up, ${connections} connections, loopback`
  )
  // The bundle under test is this checkout's: rebuilt every run (about 10 s).
  execFileSync(process.execPath, [join(repoRoot, "tools/scripts/bundle.mjs"), "gateway"], { stdio: "inherit" })

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
      [gatewayBundle],
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
          keys: [{ consumer: "bench", key: apiKey, scopes: ["tickets:write", "tickets:read", "scores:read", "admin"] }]
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
        await new Promise((r) => setTimeout(r, 10))
      }
    })()
    const gateway = await gatewayStarting
    const gatewayUrl = gateway.match[1] ?? ""
    const gatewayPid = gateway.child.pid ?? 0
    let sampledPeakRss = 0
    const sampler = setInterval(() => {
      const rss = statusKb(gatewayPid, "VmRSS")
      if (rss > sampledPeakRss) sampledPeakRss = rss
    }, 200)

    const nodeProxy = await start("node:http proxy", [self, "--role=node-proxy", simUrl], {}, /listening (\d+)/)
    const fastifyProxy = await start("fastify proxy", [self, "--role=fastify-proxy", simUrl], {}, /listening (\d+)/)
    const nodeProxyUrl = `http://127.0.0.1:${nodeProxy.match[1]}`
    const fastifyProxyUrl = `http://127.0.0.1:${fastifyProxy.match[1]}`

    const gatewayHeaders = { authorization: `Bearer ${apiKey}` }
    const simHeaders = { authorization: `Bearer ${restToken}` }
    const customers = "customer=cust-000001,cust-000002"
    const upstreamBase = "/v1/bookmakers/9999/sub-bookmakers/*"

    // Sanity: every target answers 200, and the gateway's LBS lookup is served from its cache once warmed.
    const check = async (url: string, headers: Record<string, string>) => {
      const response = await fetch(url, { headers })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`${url} → ${response.status}: ${text.slice(0, 300)}`)
      return text
    }
    const lbsGateway = `/v1/scores/lbs?bookmaker=9999&${customers}`
    const lbsUpstream = `/api/lbs${upstreamBase}/source?${customers}`
    await check(`${gatewayUrl}${lbsGateway}`, gatewayHeaders)
    const warmed = JSON.parse(await check(`${gatewayUrl}${lbsGateway}`, gatewayHeaders)) as {
      accounts: ReadonlyArray<{ cached: boolean }>
    }
    console.log(`gateway LBS lookup cached after warm-up: ${warmed.accounts.every((a) => a.cached)}`)
    for (const base of [simUrl, nodeProxyUrl, fastifyProxyUrl]) await check(`${base}${lbsUpstream}`, simHeaders)

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
    await scoreScenario("LBS lookup (cached)", lbsGateway, lbsUpstream)
    await scoreScenario(
      "CCF lookup (uncached)",
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
    await autocannon({
      url: gatewayUrl,
      connections,
      duration: warmupSeconds,
      requests: [gatewayPlacement("warmup")]
    })
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
    const peaks = children.map(({ name, child }) => ({ name, hwm: statusKb(child.pid ?? 0, "VmHWM") }))
    const gatewayHwm = statusKb(gatewayPid, "VmHWM")

    // -------------------------------------------------------------------------------------------------------------
    // Report

    const table: Array<ReadonlyArray<string>> = [
      ["scenario", "target", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "vs direct"]
    ]
    const notes: Array<string> = []
    for (const row of rows) {
      const base = rows.find((r) => r.scenario === row.scenario && r.target.startsWith("direct"))
      table.push([
        row.scenario,
        row.target,
        row.rps.toFixed(0),
        row.p50.toFixed(2),
        row.p99.toFixed(2),
        String(row.non2xx),
        String(row.errors),
        base === undefined ? "" : `${(row.rps / base.rps).toFixed(2)}×`
      ])
      if (row.note !== undefined) notes.push(`${row.scenario} / ${row.target}: ${row.note}`)
    }
    const widths = table[0]?.map((_, i) => Math.max(...table.map((line) => (line[i] ?? "").length))) ?? []
    const numeric = new Set([2, 3, 4, 5, 6, 7])
    console.log("")
    for (const line of table) {
      console.log(
        line.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join("  ")
      )
    }
    console.log("")
    console.log("ticket placement: the proxies do not apply (the direct path is the data-plane WebSocket, not HTTP).")
    for (const note of notes) console.log(note)
    console.log("")
    console.log(`gateway (bundle ${gatewayBundle}): process start → passing /healthz in ${healthzMs.toFixed(0)} ms`)
    console.log(
      `gateway peak RSS: ${(gatewayHwm / 1024).toFixed(1)} MiB (VmHWM; sampled every 200 ms: ${(sampledPeakRss / 1024).toFixed(1)} MiB)`
    )
    console.log(`peak RSS (VmHWM): ${peaks.map((p) => `${p.name} ${(p.hwm / 1024).toFixed(1)} MiB`).join(", ")}`)
  } finally {
    await stopAll()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (roleArg === "--role=node-proxy") {
  runNodeProxy(new URL(process.argv[process.argv.length - 1] ?? ""))
} else if (roleArg === "--role=fastify-proxy") {
  await runFastifyProxy(new URL(process.argv[process.argv.length - 1] ?? ""))
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
