// Over ~350 lines on purpose: one in-process gateway start-up, its request helpers and secret scans for all e2e files.
/**
 * The gateway in-process against a simulator, both on 127.0.0.1 with free ports: the one way the e2e tests start an
 * in-process gateway (`test/gateway-process/` runs it as a real child process instead). `startGateway` is the scoped
 * effect, `openGateway` the same for promise-based tests (started and closed by the test), `useGateway` one per test
 * file (`beforeAll`/`afterAll`). Requests are plain `fetch` over loopback; every response (status line, headers,
 * body) is recorded: `useGateway` scans each test's own responses for secrets after it, and a file's final secret
 * test (`expectNoSecretsInFile`) makes its own requests first, so it passes or fails the same when run alone.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HttpServer } from "@effect/platform"
import { GatewayLive, allScopes as gatewayScopes, type Scope as GatewayScope } from "@its/gateway"
import {
  DataPlaneFaults,
  RestFaults,
  Simulator,
  SimulatorInfo,
  type SimulatorSettingsInput,
  type ReceivedRequest,
  TicketHandler,
  TicketLedger,
  type TicketRecord
} from "@its/simulator"
import { example, type ExampleShape, Ticket, TicketsConfig, type TicketsSettings } from "@its/tickets"
import { ConfigProvider, Context, Effect, Exit, Layer, Logger, LogLevel, Option, Schema, Scope } from "effect"
import { afterAll, afterEach, beforeAll, beforeEach, expect, type RunnerTask, type RunnerTestCase } from "vitest"

/** The simulator's demo client (`tools/simulator/src/Config.ts` defaults), which the gateway uses in `local`. */
export const clientSecret = "its-sim-secret"
export const operatorId = 9999
export const bookmaker = 9999

/** The gateway's own scope list (one definition: `keys/Security.ts`). */
export const allScopes: ReadonlyArray<GatewayScope> = gatewayScopes
export type ScopeName = GatewayScope

/** One key per scope, one with every scope, one with a tiny rate limit. All ≥ 16 characters. */
export const keys = {
  "tickets:write": "e2e-key-tickets-write-7f3a91",
  "tickets:read": "e2e-key-tickets-read-19be42",
  "scores:read": "e2e-key-scores-read-c0d5e8",
  admin: "e2e-key-admin-5a6b7c8d9e",
  ops: "e2e-key-ops-3c4d5e6f7a8b",
  all: "e2e-key-all-scopes-0a1b2c3d",
  limited: "e2e-key-rate-limited-4e5f6a"
} as const

/** `GATEWAY_API_KEYS` (inline JSON) for `keys`; the limited key allows `limitedRequests` per minute. */
export const apiKeysJson = (limitedRequests = 3) =>
  JSON.stringify({
    keys: [
      ...allScopes.map((scope) => ({ consumer: `only-${scope.replace(":", "-")}`, key: keys[scope], scopes: [scope] })),
      { consumer: "all", key: keys.all, scopes: [...allScopes] },
      {
        consumer: "limited",
        key: keys.limited,
        scopes: [...allScopes],
        rateLimit: { requests: limitedRequests, perSeconds: 60 }
      }
    ]
  })

export interface GatewayOptions {
  /** Simulator settings (faults, rate limits, …), as `SIM_*` JSON. */
  readonly sim?: SimulatorSettingsInput
  /** `SIM_POPULATION` / `SIM_RANGE_PAGE_SIZE` of the simulated models. */
  readonly population?: number
  readonly rangePageSize?: number
  /** Extra gateway configuration (`OUTBOX_*`, `SCORE_CACHE_*`, `ITS_HTTP_*`, …). */
  readonly env?: Record<string, string>
  /** Reply timeouts of the gateway's `Tickets` client (kept short so no-reply faults answer quickly). */
  readonly tickets?: Partial<TicketsSettings>
  readonly limitedRequests?: number
}

export interface Recorded {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly headers: string
  readonly body: string
  readonly contentType: string
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are loose JSON, checked by assertions
export type Json = any

export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: Json
}

export interface CallInit {
  readonly method?: string
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown
  /** `Authorization: Bearer <key>`; `apiKey` sends `X-Api-Key` instead. */
  readonly key?: string
  readonly apiKey?: string
  readonly headers?: Record<string, string>
  /** Default 10 s. */
  readonly timeoutMs?: number
}

export interface Harness {
  readonly base: string
  readonly simulatorUrl: string
  readonly dataPlaneFaults: Context.Tag.Service<DataPlaneFaults>
  readonly restFaults: Context.Tag.Service<RestFaults>
  readonly ledger: Context.Tag.Service<TicketLedger>
  /** The simulator's record of a ticket (first placement or inform), if any. */
  readonly ticketRecord: (ticketId: string) => Promise<TicketRecord | undefined>
  /** Every data-plane request the simulator received. */
  readonly received: () => Promise<ReadonlyArray<ReceivedRequest>>
  /** Runs an effect on the simulator's services (faults). */
  readonly run: <A>(effect: Effect.Effect<A>) => Promise<A>
  /** Every response seen so far. */
  readonly recorded: Array<Recorded>
  readonly call: (path: string, init?: CallInit) => Promise<Reply>
  readonly get: (path: string, key?: string) => Promise<Reply>
  readonly post: (path: string, body: unknown, key?: string) => Promise<Reply>
}

/** Starts the simulator and the gateway in the current scope. */
export const startGateway = (options: GatewayOptions = {}) =>
  Effect.gen(function* () {
    const simConfig = ConfigProvider.fromMap(
      new Map([
        ["SIM_POPULATION", String(options.population ?? 300)],
        ["SIM_RANGE_PAGE_SIZE", String(options.rangePageSize ?? 40)]
      ])
    )
    const simulator = yield* Layer.build(
      Simulator.layerTest(options.sim ?? {}, { dataPlaneHandler: TicketHandler.layerWith() }).pipe(
        Layer.provideMerge(TicketLedger.layer)
      )
    ).pipe(Effect.withConfigProvider(simConfig))
    const info = Context.get(simulator, SimulatorInfo)
    const dataDir = mkdtempSync(join(tmpdir(), "its-gw-e2e-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dataDir, { recursive: true, force: true })))
    const config = ConfigProvider.fromMap(
      new Map([
        ["ITS_ENV", "local"],
        ["ITS_API_URL", info.baseUrl],
        ["ITS_OPERATOR_ID", String(operatorId)],
        ["ITS_BOOKMAKER_ID", String(bookmaker)],
        ["PORT", "0"],
        ["HOST", "127.0.0.1"],
        ["ITS_DATA_DIR", dataDir],
        ["GATEWAY_API_KEYS", apiKeysJson(options.limitedRequests)],
        ["OUTBOX_POLL_MS", "20"],
        ["GATEWAY_SHUTDOWN_TIMEOUT", "1 second"],
        ...Object.entries(options.env ?? {})
      ])
    )
    const gateway = yield* Layer.build(
      GatewayLive.pipe(
        Layer.provide(
          TicketsConfig.layerWith({ prematchTimeout: "1 second", requestTimeout: "3 seconds", ...options.tickets })
        )
      )
    ).pipe(
      Effect.withConfigProvider(config),
      // The access log line per request is noise with thousands of fuzz requests.
      Logger.withMinimumLogLevel(LogLevel.Error)
    )
    const address = Context.get(gateway, HttpServer.HttpServer).address
    if (address._tag !== "TcpAddress") return yield* Effect.dieMessage("the gateway is not on TCP")
    const base = `http://127.0.0.1:${address.port}`
    const recorded: Array<Recorded> = []

    const call = async (path: string, init: CallInit = {}): Promise<Reply> => {
      const headers = new Headers(init.headers)
      if (init.key !== undefined) headers.set("authorization", `Bearer ${init.key}`)
      if (init.apiKey !== undefined) headers.set("x-api-key", init.apiKey)
      const body =
        init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body)
      if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json")
      const method = init.method ?? (body === undefined ? "GET" : "POST")
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        // A request the gateway never answers is a failure, not a hung test.
        signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
        ...(body === undefined ? {} : { body })
      })
      const text = await response.text()
      const lines: Array<string> = []
      response.headers.forEach((value, name) => {
        lines.push(`${name}: ${value}`)
      })
      recorded.push({
        method,
        path,
        status: response.status,
        headers: lines.join("\n"),
        body: text,
        contentType: response.headers.get("content-type") ?? ""
      })
      let json: Json
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      return { status: response.status, headers: response.headers, text, json }
    }

    return {
      base,
      simulatorUrl: info.baseUrl,
      dataPlaneFaults: Context.get(simulator, DataPlaneFaults),
      restFaults: Context.get(simulator, RestFaults),
      ledger: Context.get(simulator, TicketLedger),
      ticketRecord: (ticketId) =>
        Effect.runPromise(
          Context.get(simulator, TicketLedger).ticket(ticketId).pipe(Effect.map(Option.getOrUndefined))
        ),
      received: () => Effect.runPromise(Context.get(simulator, TicketLedger).received),
      run: (effect) => Effect.runPromise(effect),
      recorded,
      call,
      get: (path, key) => call(path, key === undefined ? {} : { key }),
      post: (path, body, key = keys.all) => call(path, { method: "POST", body, key })
    } satisfies Harness
  })

/** A gateway started outside any Effect scope (`openGateway`); `close` stops the gateway and the simulator. */
export interface OpenGateway {
  readonly harness: Harness
  readonly close: () => Promise<void>
}

/**
 * Waits until `/readyz` answers 200: right after start-up the data plane is still connecting (503), and a test run
 * alone (`vitest -t`) comes that early. Plain `fetch`, not recorded: these are no test's responses.
 */
const awaitReady = async (base: string, timeoutMs = 20_000) => {
  for (const until = Date.now() + timeoutMs; ; ) {
    const status = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
      async (response) => {
        await response.arrayBuffer()
        return response.status
      },
      () => 0
    )
    if (status === 200) return
    if (Date.now() > until) throw new Error(`the gateway was not ready within ${timeoutMs} ms (last: ${status})`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** `startGateway` in a scope of its own, ready (`/readyz` 200), for a test or file that starts and stops it itself. */
export const openGateway = async (options: GatewayOptions = {}): Promise<OpenGateway> => {
  const scope = await Effect.runPromise(Scope.make())
  const close = () => Effect.runPromise(Scope.close(scope, Exit.void))
  try {
    const harness = await Effect.runPromise(Scope.extend(startGateway(options), scope))
    await awaitReady(harness.base)
    return { harness, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Starts simulator + gateway before the file's tests and closes both after them. The returned object is filled in
 * by `beforeAll` (its members are valid inside tests only). After each test, the responses that test recorded are
 * scanned for secrets (`secretLeaks`), so each test asserts no secret leaked in what it saw, whatever ran before.
 */
export const useGateway = (options: GatewayOptions = {}): Harness => {
  let open: OpenGateway | undefined
  const harness = {} as { -readonly [K in keyof Harness]: Harness[K] }
  let testStart = 0
  beforeAll(async () => {
    open = await openGateway(options)
    Object.assign(harness, open.harness)
  }, 60_000)
  beforeEach(() => {
    testStart = harness.recorded?.length ?? 0
  })
  afterEach(() => {
    // Not reached when `beforeAll` failed (vitest skips the tests), but guard anyway.
    if (harness.recorded === undefined) return
    expect(secretLeaks(harness.recorded.slice(testStart)).slice(0, 5), "secrets in this test's responses").toEqual([])
  })
  afterAll(async () => {
    await open?.close()
  }, 30_000)
  return harness
}

// --- request bodies ---------------------------------------------------------------------------------------------

let counter = 0
/** A unique ticket id (the simulator refuses a duplicate ticketId). */
export const freshId = (prefix = "E2E") => `${prefix}_${process.pid}_${Date.now()}_${++counter}`

/** `example(shape)` encoded as JSON (the consumer's view of a ticket), with a fresh ticketId and betIds. */
export const ticketJson = (shape: ExampleShape = "single", ticketId = freshId()): Json => {
  const encoded = Schema.encodeSync(Ticket)(example(shape)) as Json
  return {
    ...encoded,
    ticketId,
    bets: encoded.bets.map((bet: Json, i: number) => ({ ...bet, betId: `${ticketId}_b${i}` }))
  }
}

/** A full `ticket-placement` envelope for the content. */
export const placementEnvelope = (content: Json, envelope: Record<string, unknown> = {}) => ({
  operatorId,
  correlationId: `consumer-${freshId("corr")}`,
  timestampUtc: 1_700_000_000_000,
  operation: "ticket-placement",
  version: "3.0",
  content,
  ...envelope
})

/** A `ticket-inform` content with every bet validated as accepted. */
export const informJson = (ticket: Json = ticketJson()) => ({
  type: "ticket-inform",
  ticket,
  betValidations: ticket.bets.map((bet: Json, i: number) => ({
    betId: bet.betId ?? `${ticket.ticketId}_b${i}`,
    code: 0,
    rejected: false,
    message: "ok"
  }))
})

// --- assertions ---------------------------------------------------------------------------------------------------

/** The problem+json shape every error answer has. */
export const expectProblem = (reply: Reply, status: number) => {
  expect(reply.status, reply.text).toBe(status)
  expect(reply.headers.get("content-type")).toBe("application/problem+json")
  expect(reply.json).toMatchObject({ status, type: expect.any(String), title: expect.any(String) })
  expect(typeof reply.json.detail === "string" || reply.json.detail === undefined).toBe(true)
  expect(reply.json.requestId).toBe(reply.headers.get("x-request-id"))
  expect(reply.json.requestId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/)
  return reply.json
}

const jwt = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/
const stackTrace = /\bat (?:\S+ \()?(?:file:|node:|\/)[^\s)]*:\d+:\d+\)?/

/**
 * What leaked in `recorded`: the client secret or an API key anywhere, an access token outside the docs page, a stack
 * trace in a 5xx body. One line per leak (method, path, status, what), without the secret itself.
 */
export const secretLeaks = (recorded: ReadonlyArray<Recorded>): Array<string> => {
  const secrets = [clientSecret, ...Object.values(keys)]
  return recorded.flatMap((r) => {
    const text = `${r.headers}\n${r.body}`
    const found: Array<string> = []
    for (const secret of secrets) if (text.includes(secret)) found.push(`secret ${secret.slice(0, 8)}…`)
    // The docs page is the static Scalar bundle: minified code, no request data; it is checked for keys above.
    if (!r.contentType.startsWith("text/html") && jwt.test(text)) found.push("access token")
    if (r.status >= 500 && (stackTrace.test(r.body) || /"stack"/.test(r.body))) found.push("stack trace")
    return found.map((what) => `${r.method} ${r.path.slice(0, 120)} → ${r.status}: ${what}`)
  })
}

/** No response carried the client secret, an access token or an API key; no 5xx body carries a stack trace. */
export const expectNoSecrets = (harness: Harness, minimum = 1) => {
  expect(harness.recorded.length).toBeGreaterThanOrEqual(minimum)
  expect(secretLeaks(harness.recorded).slice(0, 5)).toEqual([])
}

/**
 * Requests down the paths where a secret could leak, whatever ran before: readiness details (token and data-plane
 * state), an upstream REST call and a placement over the data plane (both with an access token), refused keys (401
 * by either scheme), a missing scope (403), an unknown route (404), an invalid body (400). Returns how many were made.
 */
export const probeSecrets = async (harness: Harness): Promise<number> => {
  const replies = await Promise.all([
    harness.get("/healthz"),
    harness.get("/readyz", keys.ops),
    harness.get(`/v1/scores/lbs?bookmaker=${bookmaker}&customer=cust-000001`, keys["scores:read"]),
    harness.post("/v1/tickets/placement", ticketJson(), keys["tickets:write"]),
    harness.get("/v1/tickets/inform/nope", "e2e-not-a-configured-key-0000"),
    harness.call("/v1/tickets/inform/nope", { apiKey: "e2e-not-a-configured-key-0000" }),
    harness.post("/v1/tickets/placement", ticketJson(), keys["scores:read"]),
    harness.get("/v1/nothing-here", keys.all),
    harness.post("/v1/tickets/placement", { type: "ticket" }, keys["tickets:write"])
  ])
  // The probes reached the gateway and went down the paths they are meant to (else the scan proves little).
  expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 401, 401, 403, 404, 400])
  return replies.length
}

/** Every test of the file that holds `task` other than `task` ran (none was filtered out by `-t` or skipped). */
export const everyOtherTestRan = (task: RunnerTestCase) => {
  const tests = (t: RunnerTask): Array<RunnerTask> => (t.type === "suite" ? t.tasks.flatMap(tests) : [t])
  return tests(task.file).every((t) => t === task || t.mode === "run")
}

/**
 * A file's final secret test, the same run alone or after the others: probes the gateway itself (`probeSecrets`),
 * then scans every response of the file. `minimum` (responses the other tests record) applies when they all ran.
 */
export const expectNoSecretsInFile = async (harness: Harness, task: RunnerTestCase, minimum = 1) => {
  const probes = await probeSecrets(harness)
  expectNoSecrets(harness, everyOtherTestRan(task) ? minimum + probes : probes)
}
