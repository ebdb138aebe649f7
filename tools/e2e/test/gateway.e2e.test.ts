/**
 * The gateway in-process against the simulator over loopback: every route of `GatewayApi`, problem+json, the
 * scope × route matrix (routes enumerated from the definition, so a new route cannot be forgotten), fuzzed bodies,
 * headers and paths (no 5xx), and no secret in any response.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HttpApi, HttpServer } from "@effect/platform"
import { GatewayApi, GatewayLive } from "@its/gateway"
import { Simulator, SimulatorInfo, TicketHandler, TicketLedger } from "@its/simulator"
import { example, Ticket } from "@its/tickets"
import { ConfigProvider, Context, Effect, Exit, Layer, Logger, LogLevel, Schema, Scope } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const keys = {
  writer: "writer-key-0123456789",
  reader: "reader-key-0123456789",
  scores: "scores-key-0123456789",
  admin: "admin-key-0123456789",
  all: "all-key-0123456789abc",
  limited: "limited-key-0123456789"
} as const
const scopeOfKey = {
  writer: "tickets:write",
  reader: "tickets:read",
  scores: "scores:read",
  admin: "admin"
} as const

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read as loose JSON and checked by assertions
type Json = any

let scope: Scope.CloseableScope
let base = ""
let clientSecret = ""
const seen: Array<string> = []

const call = async (path: string, init: RequestInit & { key?: string } = {}) => {
  const headers = new Headers(init.headers)
  if (init.key !== undefined) headers.set("authorization", `Bearer ${init.key}`)
  if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json")
  const response = await fetch(`${base}${path}`, { ...init, headers })
  const text = await response.text()
  const headerLines: Array<string> = []
  response.headers.forEach((value, name) => {
    headerLines.push(`${name},${value}`)
  })
  seen.push(`${headerLines.join(";")}\n${text}`)
  let json: Json
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}
const post = (path: string, body: unknown, key: string = keys.all) =>
  call(path, { method: "POST", body: JSON.stringify(body), key })

let counter = 0
const ticketJson = (ticketId = `GW_${++counter}_${Date.now()}`): Record<string, Json> => ({
  ...(Schema.encodeSync(Ticket)(example("single")) as Record<string, unknown>),
  ticketId
})

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  const simulator = await Effect.runPromise(
    Layer.buildWithScope(
      Simulator.layerTest({}, { dataPlaneHandler: TicketHandler.layer() }).pipe(Layer.provideMerge(TicketLedger.layer)),
      scope
    )
  )
  const info = Context.get(simulator, SimulatorInfo)
  clientSecret = "its-sim-secret"
  const gatewayKeys = {
    keys: [
      ...Object.entries(scopeOfKey).map(([name, s]) => ({
        consumer: name,
        key: keys[name as keyof typeof scopeOfKey],
        scopes: [s]
      })),
      { consumer: "all", key: keys.all, scopes: ["tickets:write", "tickets:read", "scores:read", "admin"] },
      { consumer: "limited", key: keys.limited, scopes: ["scores:read"], rateLimit: { requests: 2, perSeconds: 60 } }
    ]
  }
  const config = ConfigProvider.fromMap(
    new Map([
      ["ITS_ENV", "local"],
      ["ITS_API_URL", info.baseUrl],
      ["ITS_OPERATOR_ID", "9999"],
      ["ITS_BOOKMAKER_ID", "9999"],
      ["PORT", "0"],
      ["HOST", "127.0.0.1"],
      ["ITS_DATA_DIR", mkdtempSync(join(tmpdir(), "its-gw-e2e-"))],
      ["GATEWAY_API_KEYS", JSON.stringify(gatewayKeys)],
      ["OUTBOX_POLL_MS", "20"]
    ])
  )
  const gateway = await Effect.runPromise(
    Layer.buildWithScope(GatewayLive, scope).pipe(
      Effect.withConfigProvider(config),
      // The per-request access log is noise here (thousands of fuzz requests).
      Logger.withMinimumLogLevel(LogLevel.Error)
    )
  )
  const address = Context.get(gateway, HttpServer.HttpServer).address
  base = `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
}, 60_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
})

describe("gateway routes", () => {
  it("places a ticket (content and full envelope), acks it, cancels it, refuses a cash-out of the cancelled ticket", async () => {
    const ticket = ticketJson()
    const placed = await post("/v1/tickets/placement", ticket)
    expect(placed.status).toBe(200)
    expect(placed.json).toMatchObject({ type: "ticket-reply", status: "accepted", ticketId: ticket.ticketId })
    const envelope = {
      operatorId: 9999,
      correlationId: "c0ffee",
      timestampUtc: 1_700_000_000_000,
      operation: "ticket-placement",
      version: "3.0",
      content: ticketJson()
    }
    expect((await post("/v1/tickets/placement", envelope)).json).toMatchObject({ status: "accepted" })
    const otherOperator = await post("/v1/tickets/placement", { ...envelope, operatorId: 1, content: ticketJson() })
    expect(otherOperator.status).toBe(422)
    const signature = placed.json.signature as string
    const ack = await post("/v1/tickets/ack", {
      type: "ticket-ack",
      ticketId: ticket.ticketId,
      ticketSignature: signature,
      acknowledged: true
    })
    expect(ack.json).toMatchObject({ type: "ticket-ack-reply", status: "accepted" })
    const details = { type: "ticket", ticketId: ticket.ticketId, ticketSignature: signature, code: 101 }
    const cancel = await post("/v1/tickets/cancel", { type: "cancel", cancellationId: "GW_CANC", details })
    expect(cancel.json).toMatchObject({ type: "cancel-reply", status: "accepted" })
    const payout = [{ type: "cash", amount: "5", currency: "EUR" }]
    const cashout = { type: "cashout", cashoutId: "GW_CO", details: { ...details, payout } }
    const placement = await post("/v1/tickets/cashout/placement", { type: "cashout-placement", cashout })
    expect(placement.json).toMatchObject({ type: "cashout-placement-reply", status: "rejected" })
  })

  it("answers cash-out build/inform, settlement, max-stake and LTD", async () => {
    const ticket = ticketJson()
    const placed = await post("/v1/tickets/placement", ticket)
    const details = { type: "ticket", ticketId: ticket.ticketId, ticketSignature: placed.json.signature, code: 101 }
    const payout = [{ type: "cash", amount: "5", currency: "EUR" }]
    const cashout = { type: "cashout", cashoutId: `CO_${ticket.ticketId}`, details: { ...details, payout } }
    expect((await post("/v1/tickets/cashout/build", { type: "cashout-build", cashout })).json).toMatchObject({
      type: "cashout-build-reply"
    })
    const inform = await post("/v1/tickets/cashout/inform", {
      type: "cashout-inform",
      cashout,
      validation: { code: 0, rejected: false, message: "ok" }
    })
    expect(inform.json).toMatchObject({ type: "cashout-inform-reply" })
    const settlement = await post("/v1/tickets/settlement", {
      type: "ext-settlement",
      settlementId: `S_${ticket.ticketId}`,
      details: { type: "ticket", ticketId: ticket.ticketId, ticketSignature: placed.json.signature, payout }
    })
    expect(settlement.json).toMatchObject({ type: "ext-settlement-reply" })
    const maxStake = await post("/v1/tickets/max-stake", { type: "max-stake", ticket: ticketJson() })
    expect(maxStake.json).toMatchObject({ type: "max-stake-reply" })
    const ltd = await post("/v1/tickets/ltd", { bookmaker: 9999, ticket: ticketJson() })
    expect(ltd.status).toBe(200)
    expect(["Delay", "Skip", "N/A"]).toContain(ltd.json.ltdModelSuggestion)
  })

  it("writes an inform to the outbox (202), delivers it, and is idempotent by ticketId", async () => {
    const ticket = { ...ticketJson(), bets: [{ ...(ticketJson().bets as Array<object>)[0], betId: "b1" }] }
    const body = {
      type: "ticket-inform",
      ticket,
      betValidations: [{ betId: "b1", code: 0, rejected: false, message: "ok" }]
    }
    const accepted = await post("/v1/tickets/inform", body)
    expect(accepted.status).toBe(202)
    const waited = await post("/v1/tickets/inform?wait=true", body)
    // Idempotent by ticketId: the same entry, and `wait` answers once it is delivered.
    expect(waited.json).toMatchObject({ id: accepted.json.id, status: "delivered" })
    let entry: Json
    for (let i = 0; i < 100; i++) {
      entry = (await call(`/v1/tickets/inform/${accepted.json.id}`, { key: keys.reader })).json
      if (entry.status === "delivered") break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(entry).toMatchObject({ status: "delivered", reply: { type: "ticket-inform-reply", status: "accepted" } })
    expect((await call("/v1/tickets/inform/nope", { key: keys.reader })).status).toBe(404)
    const dead = await call("/v1/admin/outbox/dead", { key: keys.admin })
    expect(dead.status).toBe(200)
    expect(Array.isArray(dead.json.items)).toBe(true)
    expect((await post("/v1/admin/outbox/nope/requeue", {}, keys.admin)).status).toBe(404)
  })

  it("serves score lookups from the cache the second time, never CCF, and pages ranges", async () => {
    const lbs = "/v1/scores/lbs?bookmaker=9999&customer=cust-000001,cust-000002"
    const first = await call(lbs, { key: keys.scores })
    expect(first.status).toBe(200)
    expect(first.json.accounts.map((a: Json) => a.cached)).toEqual([false, false])
    const second = await call(lbs, { key: keys.scores })
    expect(second.json.accounts.map((a: Json) => a.cached)).toEqual([true, true])
    expect(second.json.items).toEqual(first.json.items)
    for (const model of ["bot", "marker"]) {
      const r = await call(`/v1/scores/${model}?bookmaker=9999&customer=cust-000003`, { key: keys.scores })
      expect(r.status).toBe(200)
      expect(r.json.accounts).toHaveLength(1)
    }
    for (const model of ["sccf", "ccf"]) {
      const path = `/v1/scores/${model}?bookmaker=9999&customer=cust-000004&shop=shop-000001`
      await call(path, { key: keys.scores })
      const again = await call(path, { key: keys.scores })
      expect(again.json.accounts.every((a: Json) => a.cached)).toBe(model === "sccf")
    }
    for (const model of ["lbs", "bot", "marker", "sccf", "ccf"]) {
      const [lower, higher] = model === "sccf" ? [0, 100] : model === "ccf" ? [0, 10] : [0.01, 1]
      const page = await call(`/v1/scores/${model}/range?bookmaker=9999&lower=${lower}&higher=${higher}`, {
        key: keys.scores
      })
      expect(page.status).toBe(200)
      expect(page.json.items.length).toBeGreaterThan(0)
      if (page.json.nextStartKey !== undefined) {
        const next = await call(
          `/v1/scores/${model}/range?bookmaker=9999&lower=${lower}&higher=${higher}&startKey=${encodeURIComponent(page.json.nextStartKey)}`,
          { key: keys.scores }
        )
        expect(next.status).toBe(200)
        expect(next.json.items[0]).not.toEqual(page.json.items[0])
      }
    }
  })

  it("lists accounts with filter, sort and paging, fetches events and tournaments, reads RG profiles", async () => {
    const accounts = await call("/v1/accounts?bookmaker=9999&filter=lbs:gte:0.5&sort=lbs:desc&limit=5", {
      key: keys.scores
    })
    expect(accounts.status).toBe(200)
    expect(accounts.json.items.length).toBeLessThanOrEqual(5)
    const scores = accounts.json.items.map((a: Json) => Number(a.lbs))
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(scores.every((s: number) => s >= 0.5)).toBe(true)
    expect(typeof accounts.json.nextOffset).toBe("number")
    expect((await call("/v1/accounts?bookmaker=9999&filter=nope", { key: keys.scores })).status).toBe(400)
    const ref = {
      sportId: "sr:sport:1",
      categoryId: "sr:category:1",
      tournamentId: "sr:tournament:1",
      matchId: "sr:match:1"
    }
    const events = await post("/v1/events/fetch", { bookmaker: 9999, events: [ref] }, keys.scores)
    expect(events.status).toBe(200)
    expect(Array.isArray(events.json.items)).toBe(true)
    const tournaments = await post(
      "/v1/tournaments/fetch",
      {
        bookmaker: 9999,
        tournaments: [{ sportId: ref.sportId, categoryId: ref.categoryId, tournamentId: ref.tournamentId }]
      },
      keys.scores
    )
    expect(tournaments.status).toBe(200)
    const statuses = new Set<number>()
    for (let i = 1; i <= 30; i++) {
      const id = `cust-${String(i).padStart(6, "0")}`
      const rg = await call(`/v1/rg/profile/9999/1/${id}`, { key: keys.scores })
      statuses.add(rg.status)
      if (rg.status === 200) expect(rg.json.playerId).toBe(id)
    }
    expect([...statuses].every((s) => s === 200 || s === 404)).toBe(true)
    expect(statuses.has(200)).toBe(true)
  })

  it("reports health, readiness (details for admins only), metrics, OpenAPI and offline docs", async () => {
    expect((await call("/healthz")).json).toEqual({ status: "alive" })
    const ready = await call("/readyz")
    expect(ready.json).toEqual({ status: "ready" })
    const detailed = await call("/readyz", { key: keys.admin })
    expect(Object.values(detailed.json.checks).every((c: Json) => c.ok)).toBe(true)
    expect((await call("/readyz", { key: keys.scores })).json.checks).toBeUndefined()
    const metrics = await call("/metrics")
    expect(metrics.headers.get("content-type")).toContain("text/plain")
    expect(metrics.text).toContain("its_gateway_http_requests_total")
    expect(metrics.text).toContain("its_gateway_score_cache_hits_total")
    expect(metrics.text).toContain("its_gateway_outbox_depth")
    const openapi = await call("/openapi.json")
    expect(Object.keys(openapi.json.paths)).toEqual(
      expect.arrayContaining([
        "/v1/tickets/placement",
        "/v1/scores/lbs",
        "/v1/accounts",
        "/v1/rg/profile/{bookmaker}/{subBookmaker}/{account}"
      ])
    )
    const docs = await call("/docs")
    expect(docs.status).toBe(200)
    expect(docs.text).not.toMatch(/<script[^>]+src="https?:/)
  })
})

describe("gateway errors", () => {
  it("answers problem+json with JSON paths and MTS codes, rejects unknown fields, 413, 404", async () => {
    const bad = await post("/v1/tickets/placement", { ...ticketJson(), surprise: 1, bets: "x" })
    expect(bad.status).toBe(400)
    expect(bad.headers.get("content-type")).toBe("application/problem+json")
    expect(bad.json).toMatchObject({ title: "Invalid request", status: 400 })
    expect(bad.json.requestId).toBe(bad.headers.get("x-request-id"))
    const paths = bad.json.errors.map((e: Json) => e.path)
    expect(paths).toEqual(expect.arrayContaining(["$.surprise", "$.bets"]))
    expect(bad.json.errors.find((e: Json) => e.path === "$.surprise").code).toBe(-102)
    const ticket = ticketJson() as Json
    ticket.bets = [
      { ...ticket.bets[0], betId: "x" },
      { ...ticket.bets[0], betId: "x" }
    ]
    const invalid = await post("/v1/tickets/placement", ticket)
    expect(invalid.status).toBe(422)
    expect(invalid.json.errors.length).toBeGreaterThan(0)
    expect(invalid.json.errors[0].path).toMatch(/^\$\./)
    const huge = await post("/v1/tickets/placement", { ...ticketJson(), pad: "x".repeat(130_000) })
    expect(huge.status).toBe(413)
    expect((await call("/v1/nothing-here", { key: keys.all })).json).toMatchObject({ status: 404 })
    expect((await call("/v1/tickets/placement", { method: "POST", body: "{not json", key: keys.all })).status).toBe(400)
  })

  it("401 without or with a wrong key (Bearer and X-Api-Key), 429 with Retry-After over a key's limit", async () => {
    const path = "/v1/scores/lbs?bookmaker=9999&customer=cust-000001"
    expect((await call(path)).status).toBe(401)
    expect((await call(path, { key: "wrong-key-0123456789" })).status).toBe(401)
    expect((await call(path, { headers: { "x-api-key": keys.scores } })).status).toBe(200)
    await call(path, { key: keys.limited })
    await call(path, { key: keys.limited })
    const limited = await call(path, { key: keys.limited })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
  })
})

// Every endpoint of the definition with the scope it needs (ops routes need none).
const routeScopes: Record<string, string | undefined> = {}
HttpApi.reflect(GatewayApi, {
  onGroup: () => {},
  onEndpoint: ({ group, endpoint }) => {
    const scope =
      group.identifier === "tickets"
        ? endpoint.name === "informStatus"
          ? "tickets:read"
          : "tickets:write"
        : group.identifier === "admin"
          ? "admin"
          : group.identifier === "ops"
            ? undefined
            : "scores:read"
    routeScopes[`${endpoint.method} ${endpoint.path}`] = scope
  }
})

describe("scope × route matrix", () => {
  it("every protected route: 401 without a key, 403 with a key lacking its scope, neither with the right one", async () => {
    expect(Object.keys(routeScopes).length).toBeGreaterThan(25)
    for (const [route, scope] of Object.entries(routeScopes)) {
      const [method, template] = route.split(" ") as [string, string]
      const path = template.replaceAll(/:[A-Za-z]+/g, (p) =>
        p === ":bookmaker" ? "9999" : p === ":subBookmaker" ? "1" : "x1"
      )
      const send = (key?: string) =>
        call(path, { method, ...(method === "GET" ? {} : { body: "{}" }), ...(key === undefined ? {} : { key }) })
      if (scope === undefined) {
        expect([200, 503], route).toContain((await send()).status)
        continue
      }
      expect((await send()).status, `${route} without a key`).toBe(401)
      for (const [name, keyScope] of Object.entries(scopeOfKey)) {
        const status = (await send(keys[name as keyof typeof scopeOfKey])).status
        if (keyScope === scope) expect([401, 403], `${route} with ${keyScope}`).not.toContain(status)
        else expect(status, `${route} with ${keyScope}`).toBe(403)
      }
    }
  }, 120_000)
})

describe("fuzz: never a 5xx", () => {
  const noServerError = (r: { status: number; json: unknown }) =>
    r.status < 500 && (r.status < 400 || r.json !== undefined)

  it("random JSON bodies and mutated tickets on every POST route", async () => {
    const posts = Object.keys(routeScopes)
      .filter((r) => r.startsWith("POST ") && !r.includes(":"))
      .map((r) => r.slice(5))
    const mutated = fc
      .tuple(fc.constantFrom("ticketId", "bets", "context", "type", "extra"), fc.jsonValue())
      .map(([k, v]) => ({ ...ticketJson("FUZZ"), [k]: v }))
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...posts), fc.oneof(fc.jsonValue(), mutated), async (path, body) =>
        noServerError(await post(path, body))
      ),
      { numRuns: 4000 }
    )
  }, 240_000)

  it("random headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
        fc.string({ maxLength: 100 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
        fc.constantFrom(
          "application/json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data",
          ""
        ),
        async (authorization, apiKey, contentType) =>
          noServerError(
            await call("/v1/tickets/placement", {
              method: "POST",
              body: JSON.stringify(ticketJson("FUZZH")),
              headers: {
                authorization,
                "x-api-key": apiKey,
                ...(contentType === "" ? {} : { "content-type": contentType })
              }
            })
          )
      ),
      { numRuns: 3000 }
    )
  }, 240_000)

  it("random paths and query strings", async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        "v1",
        "tickets",
        "scores",
        "lbs",
        "range",
        "inform",
        "rg",
        "profile",
        "accounts",
        "..",
        "%2e%2e",
        "%00"
      ),
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
      fc.string({ minLength: 300, maxLength: 2000 }).map(encodeURIComponent)
    )
    const query = fc.dictionary(
      fc.constantFrom("bookmaker", "customer", "lower", "higher", "startKey", "filter", "sort", "limit", "wait", "x"),
      fc.string({ maxLength: 40 })
    )
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { maxLength: 6 }),
        query,
        fc.constantFrom("GET", "POST", "DELETE"),
        async (segments, q, method) => {
          const path = `/${segments.join("/")}?${new URLSearchParams(q)}`
          return noServerError(
            await call(path, { method, key: keys.all, ...(method === "POST" ? { body: "{}" } : {}) })
          )
        }
      ),
      { numRuns: 3000 }
    )
  }, 240_000)
})

describe("secrets", () => {
  it("no response carried the client secret, an access token, or an API key", () => {
    expect(seen.length).toBeGreaterThan(10_000)
    // The docs page is a static bundle (minified code matches the patterns); it carries no request data.
    const leaks = seen.filter(
      (text) =>
        !text.includes("content-type,text/html") &&
        (text.includes(clientSecret) ||
          /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/.test(text) ||
          Object.values(keys).some((key) => text.includes(key)) ||
          /\bat .+:\d+:\d+\)/.test(text))
    )
    expect(leaks.slice(0, 3)).toEqual([])
  })
})
