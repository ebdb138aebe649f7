// Over ~350 lines on purpose: every route of GatewayApi checked in one place against one gateway and simulator.
/**
 * Every route of the gateway, happy path, against the simulator with the ticket semantics on its data plane: the
 * bodies are asserted, not just the statuses.
 */
import { describe, expect, it } from "vitest"
import {
  bookmaker,
  expectNoSecretsInFile,
  expectProblem,
  freshId,
  informJson,
  type Json,
  keys,
  placementEnvelope,
  ticketJson,
  useGateway
} from "./support.ts"

const gw = useGateway({ population: 300, rangePageSize: 40 })

const scores = keys["scores:read"]

describe("tickets", () => {
  it("places a bare ticket content: the ticket-reply, recorded by the simulator with the gateway's envelope", async () => {
    const ticket = ticketJson("single")
    const reply = await gw.post("/v1/tickets/placement", ticket, keys["tickets:write"])
    expect(reply.status, reply.text).toBe(200)
    expect(reply.headers.get("content-type")).toContain("application/json")
    expect(reply.json).toMatchObject({
      type: "ticket-reply",
      status: "accepted",
      ticketId: ticket.ticketId,
      signature: expect.any(String)
    })
    expect(reply.headers.get("x-request-id")).toBeTruthy()
    const record = await gw.ticketRecord(ticket.ticketId)
    expect(record).toMatchObject({ ticketId: ticket.ticketId, status: "accepted", operation: "ticket-placement" })
  })

  it("places every example shape", async () => {
    for (const shape of ["accumulator", "system", "custom-bet", "external", "multi-stake"] as const) {
      const ticket = ticketJson(shape)
      const reply = await gw.post("/v1/tickets/placement", ticket)
      expect(reply.status, `${shape}: ${reply.text}`).toBe(200)
      expect(reply.json).toMatchObject({ type: "ticket-reply", ticketId: ticket.ticketId })
    }
  })

  it("places a full envelope; the consumer's correlation id is replaced, another operator is refused (422)", async () => {
    const ticket = ticketJson()
    const envelope = placementEnvelope(ticket)
    const reply = await gw.post("/v1/tickets/placement", envelope)
    expect(reply.status, reply.text).toBe(200)
    expect(reply.json).toMatchObject({ type: "ticket-reply", status: "accepted", ticketId: ticket.ticketId })
    const record = await gw.ticketRecord(ticket.ticketId)
    expect(record?.correlationId).not.toBe(envelope.correlationId)
    const foreign = await gw.post("/v1/tickets/placement", placementEnvelope(ticketJson(), { operatorId: 1 }))
    const problem = expectProblem(foreign, 422)
    expect(problem.errors).toEqual([expect.objectContaining({ path: "$.operatorId" })])
  })

  it("acks with the placement's signature, cancels, then refuses a cash-out of the cancelled ticket", async () => {
    const ticket = ticketJson()
    const placed = await gw.post("/v1/tickets/placement", ticket)
    const signature: string = placed.json.signature
    const ack = await gw.post("/v1/tickets/ack", {
      type: "ticket-ack",
      ticketId: ticket.ticketId,
      ticketSignature: signature,
      acknowledged: true
    })
    expect(ack.status, ack.text).toBe(200)
    expect(ack.json).toMatchObject({ type: "ticket-ack-reply", status: "accepted", ticketId: ticket.ticketId })
    expect((await gw.ticketRecord(ticket.ticketId))?.acknowledged).toBe(true)

    const details = { type: "ticket", ticketId: ticket.ticketId, ticketSignature: signature, code: 101 }
    const cancelId = freshId("CANC")
    const cancel = await gw.post("/v1/tickets/cancel", { type: "cancel", cancellationId: cancelId, details })
    expect(cancel.status, cancel.text).toBe(200)
    expect(cancel.json).toMatchObject({ type: "cancel-reply", status: "accepted", cancellationId: cancelId })

    const cashout = {
      type: "cashout",
      cashoutId: freshId("CO"),
      details: { ...details, payout: [{ type: "cash", amount: "5", currency: "EUR" }] }
    }
    const placement = await gw.post("/v1/tickets/cashout/placement", { type: "cashout-placement", cashout })
    expect(placement.status, placement.text).toBe(200)
    expect(placement.json).toMatchObject({ type: "cashout-placement-reply", status: "rejected" })
  })

  it("cash-out build, inform and placement of a live ticket, ext-settlement, max-stake, LTD", async () => {
    const ticket = ticketJson()
    const placed = await gw.post("/v1/tickets/placement", ticket)
    const details = { type: "ticket", ticketId: ticket.ticketId, ticketSignature: placed.json.signature, code: 101 }
    const payout = [{ type: "cash", amount: "5", currency: "EUR" }]
    const cashout = { type: "cashout", cashoutId: freshId("CO"), details: { ...details, payout } }

    const build = await gw.post("/v1/tickets/cashout/build", { type: "cashout-build", cashout })
    expect(build.status, build.text).toBe(200)
    expect(build.json).toMatchObject({ type: "cashout-build-reply" })

    const inform = await gw.post("/v1/tickets/cashout/inform", {
      type: "cashout-inform",
      cashout,
      validation: { code: 0, rejected: false, message: "ok" }
    })
    expect(inform.status, inform.text).toBe(200)
    expect(inform.json).toMatchObject({ type: "cashout-inform-reply", cashoutId: cashout.cashoutId })

    const other = { ...cashout, cashoutId: freshId("CO") }
    const placement = await gw.post("/v1/tickets/cashout/placement", { type: "cashout-placement", cashout: other })
    expect(placement.status, placement.text).toBe(200)
    expect(placement.json).toMatchObject({ type: "cashout-placement-reply", cashoutId: other.cashoutId })

    const settlementId = freshId("SET")
    const settlement = await gw.post("/v1/tickets/settlement", {
      type: "ext-settlement",
      settlementId,
      details: { type: "ticket", ticketId: ticket.ticketId, ticketSignature: placed.json.signature, payout }
    })
    expect(settlement.status, settlement.text).toBe(200)
    expect(settlement.json).toMatchObject({ type: "ext-settlement-reply", settlementId })

    const maxStake = await gw.post("/v1/tickets/max-stake", { type: "max-stake", ticket: ticketJson() })
    expect(maxStake.status, maxStake.text).toBe(200)
    expect(maxStake.json).toMatchObject({ type: "max-stake-reply" })

    for (const body of [ticketJson(), placementEnvelope(ticketJson())]) {
      const ltd = await gw.post("/v1/tickets/ltd", { bookmaker, ticket: body })
      expect(ltd.status, ltd.text).toBe(200)
      expect(["Delay", "Skip", "N/A"]).toContain(ltd.json.ltdModelSuggestion)
    }
  })
})

describe("ticket inform (durable outbox)", () => {
  it("202 with the entry, delivered by the worker, readable by id; ?wait=true returns the reply; idempotent", async () => {
    const body = informJson()
    const accepted = await gw.post("/v1/tickets/inform", body)
    expect(accepted.status, accepted.text).toBe(202)
    expect(accepted.json).toMatchObject({ id: expect.any(String), ticketId: body.ticket.ticketId })
    expect(["pending", "delivering", "delivered"]).toContain(accepted.json.status)

    let entry: Json
    for (let i = 0; i < 200; i++) {
      entry = (await gw.get(`/v1/tickets/inform/${accepted.json.id}`, keys.all)).json
      if (entry.status === "delivered") break
      await sleep(25)
    }
    expect(entry).toMatchObject({
      id: accepted.json.id,
      status: "delivered",
      reply: { type: "ticket-inform-reply", status: "accepted", ticketId: body.ticket.ticketId }
    })

    const again = await gw.post("/v1/tickets/inform", body)
    expect(again.status).toBe(202)
    expect(again.json).toMatchObject({ id: accepted.json.id, duplicate: true, status: "delivered" })
    // Tenancy (issue 14): another consumer neither reads the entry nor re-informs the ticket; the payload is fixed.
    expectProblem(await gw.get(`/v1/tickets/inform/${accepted.json.id}`, keys["tickets:read"]), 404)
    expectProblem(await gw.post("/v1/tickets/inform", body, keys["tickets:write"]), 409)
    const changed = { ...body, betValidations: body.betValidations.map((v: Json) => ({ ...v, message: "other" })) }
    expectProblem(await gw.post("/v1/tickets/inform", changed), 409)

    const waitBody = informJson()
    const waited = await gw.post("/v1/tickets/inform?wait=true", waitBody)
    expect(waited.status, waited.text).toBe(202)
    expect(waited.json).toMatchObject({
      status: "delivered",
      ticketId: waitBody.ticket.ticketId,
      reply: { type: "ticket-inform-reply", status: "accepted" }
    })
    // Delivered once: the simulator saw the ticket once.
    const record = await gw.ticketRecord(waitBody.ticket.ticketId)
    expect(record).toMatchObject({ operation: "ticket-placement-inform", status: "accepted" })

    expectProblem(await gw.get("/v1/tickets/inform/no-such-entry", keys["tickets:read"]), 404)
  })
})

describe("scores", () => {
  const lookup = (model: string, query: string) => gw.get(`/v1/scores/${model}?bookmaker=${bookmaker}&${query}`, scores)

  for (const model of ["lbs", "bot", "marker"]) {
    it(`${model}: fetched, then served from the cache with its age`, async () => {
      const first = await lookup(model, "customer=cust-000011,cust-000012")
      expect(first.status, first.text).toBe(200)
      expect(first.json.accounts).toEqual([
        expect.objectContaining({ id: "cust-000011", type: "C", cached: false }),
        expect.objectContaining({ id: "cust-000012", type: "C", cached: false })
      ])
      expect(first.json.cache).toMatchObject({ enabled: true, upstreamCalls: 1, misses: 2, hits: 0 })
      expect(first.json.items.length).toBeGreaterThan(0)
      for (const { item, type } of first.json.items) {
        expect(type).toBe("C")
        expect(["cust-000011", "cust-000012"]).toContain(item.id)
      }
      const second = await lookup(model, "customer=cust-000011,cust-000012")
      expect(second.json.accounts.map((a: Json) => a.cached)).toEqual([true, true])
      expect(second.json.cache).toMatchObject({ hits: 2, upstreamCalls: 0 })
      expect(second.json.items).toEqual(first.json.items)
      // A partial hit fetches only the missing customer.
      const partial = await lookup(model, "customer=cust-000011,cust-000013")
      expect(partial.json.accounts.map((a: Json) => a.cached)).toEqual([true, false])
      expect(partial.json.cache).toMatchObject({ hits: 1, misses: 1, upstreamCalls: 1 })
    })
  }

  it("sccf is cached for customers, shops and terminals; ccf (live) never is", async () => {
    const query = "customer=cust-000021&shop=shop-000001&terminal=term-000001"
    const first = await lookup("sccf", query)
    expect(first.status, first.text).toBe(200)
    expect(first.json.accounts.map((a: Json) => [a.type, a.cached])).toEqual([
      ["C", false],
      ["S", false],
      ["T", false]
    ])
    const second = await lookup("sccf", query)
    expect(second.json.accounts.every((a: Json) => a.cached)).toBe(true)

    await lookup("ccf", query)
    const ccf = await lookup("ccf", query)
    expect(ccf.status, ccf.text).toBe(200)
    expect(ccf.json.cache.enabled).toBe(false)
    expect(ccf.json.accounts.map((a: Json) => a.cached)).toEqual([false, false, false])
    expect(ccf.json.cache.upstreamCalls).toBeGreaterThan(0)
  })

  it("reports unknown customers as missing", async () => {
    const reply = await lookup("lbs", "customer=cust-999999")
    expect(reply.status, reply.text).toBe(200)
    expect(reply.json.missing).toEqual([{ type: "C", id: "cust-999999" }])
    expect(reply.json.accounts[0]).toMatchObject({ found: false })
  })

  const bounds: Record<string, [number, number]> = {
    lbs: [0.01, 1],
    bot: [0.01, 1],
    marker: [0.01, 1],
    sccf: [0, 100],
    ccf: [0, 10]
  }
  for (const [model, [lower, higher]] of Object.entries(bounds)) {
    it(`${model}/range: nextStartKey followed to the last page`, async () => {
      const seen = new Set<string>()
      let startKey: string | undefined
      let pages = 0
      do {
        const query = `bookmaker=${bookmaker}&lower=${lower}&higher=${higher}${
          startKey === undefined ? "" : `&startKey=${encodeURIComponent(startKey)}`
        }`
        const page = await gw.get(`/v1/scores/${model}/range?${query}`, scores)
        expect(page.status, page.text).toBe(200)
        expect(page.json.items.length).toBeLessThanOrEqual(40)
        for (const { type, item } of page.json.items) {
          const id = `${type}:${item.id}`
          expect(seen.has(id), `${id} twice`).toBe(false)
          seen.add(id)
        }
        startKey = page.json.nextStartKey
        pages++
      } while (startKey !== undefined && pages < 100)
      expect(startKey).toBeUndefined()
      expect(pages).toBeGreaterThan(1)
      expect(seen.size).toBeGreaterThan(40)
    })
  }
})

describe("player profiling and responsible gaming", () => {
  it("accounts: filter, sort, limit and offset; nextOffset followed to the end", async () => {
    const first = await gw.get(`/v1/accounts?bookmaker=${bookmaker}&filter=lbs:gte:0.5&sort=lbs:desc&limit=5`, scores)
    expect(first.status, first.text).toBe(200)
    expect(first.json.items).toHaveLength(5)
    const lbs = first.json.items.map((a: Json) => Number(a.lbs))
    expect(lbs).toEqual([...lbs].sort((a, b) => b - a))
    expect(lbs.every((s: number) => s >= 0.5)).toBe(true)
    expect(first.json.nextOffset).toBe(5)

    const ids = new Set<string>()
    let offset: number | undefined = 0
    let pages = 0
    while (offset !== undefined && pages < 100) {
      const page = await gw.get(
        `/v1/accounts?bookmaker=${bookmaker}&sort=accountId:asc&limit=50&offset=${offset}`,
        scores
      )
      expect(page.status, page.text).toBe(200)
      for (const item of page.json.items) {
        expect(ids.has(item.accountId)).toBe(false)
        ids.add(item.accountId)
        expect(item.bookmakerId).toBe(bookmaker)
      }
      offset = page.json.nextOffset
      pages++
    }
    expect(offset).toBeUndefined()
    // 300 customers, 3 shops, 6 terminals.
    expect(ids.size).toBe(309)

    const shops = await gw.get(`/v1/accounts?bookmaker=${bookmaker}&filter=accountType:eq:S`, scores)
    expect(shops.json.items.map((a: Json) => a.accountType)).toEqual(["S", "S", "S"])
    expect(shops.json.nextOffset).toBeUndefined()
    expectProblem(await gw.get(`/v1/accounts?bookmaker=${bookmaker}&filter=nope`, scores), 400)
  })

  it("events and tournaments fetch", async () => {
    const ref = {
      sportId: "sr:sport:1",
      categoryId: "sr:category:1",
      tournamentId: "sr:tournament:1",
      matchId: "sr:match:15050881"
    }
    const events = await gw.post("/v1/events/fetch", { bookmaker, events: [ref] }, scores)
    expect(events.status, events.text).toBe(200)
    expect(events.json.items.length).toBeGreaterThan(0)
    const tournaments = await gw.post(
      "/v1/tournaments/fetch",
      {
        bookmaker,
        tournaments: [{ sportId: ref.sportId, categoryId: ref.categoryId, tournamentId: ref.tournamentId }]
      },
      scores
    )
    expect(tournaments.status, tournaments.text).toBe(200)
    expect(tournaments.json.items.length).toBeGreaterThan(0)
  })

  it("RG profile: found, and 404 for an unknown player", async () => {
    let found: Json
    for (let i = 1; i <= 30 && found === undefined; i++) {
      const id = `cust-${String(i).padStart(6, "0")}`
      const reply = await gw.get(`/v1/rg/profile/${bookmaker}/1/${id}`, scores)
      expect([200, 404]).toContain(reply.status)
      if (reply.status === 200) found = reply.json
    }
    expect(found).toMatchObject({ playerId: expect.stringMatching(/^cust-/) })
    const missing = await gw.get(`/v1/rg/profile/${bookmaker}/1/cust-999999`, scores)
    expectProblem(missing, 404)
  })
})

describe("operations", () => {
  it("/healthz and /readyz without a key; readiness checks only for an ops key", async () => {
    const health = await gw.get("/healthz")
    expect(health.status).toBe(200)
    expect(health.json).toEqual({ status: "alive" })
    const ready = await gw.get("/readyz")
    expect(ready.status).toBe(200)
    expect(ready.json).toEqual({ status: "ready" })
    const detailed = await gw.get("/readyz", keys.ops)
    expect(detailed.json.status).toBe("ready")
    expect(Object.keys(detailed.json.checks).length).toBeGreaterThanOrEqual(3)
    for (const check of Object.values(detailed.json.checks) as Array<Json>) expect(check.ok).toBe(true)
    expect((await gw.get("/readyz", scores)).json.checks).toBeUndefined()
    expect((await gw.get("/readyz", keys.admin)).json.checks).toBeUndefined()
  })

  it("/metrics: Prometheus text with request counts and score cache metrics (scope ops)", async () => {
    await gw.get(`/v1/scores/lbs?bookmaker=${bookmaker}&customer=cust-000031`, scores)
    await gw.get(`/v1/scores/lbs?bookmaker=${bookmaker}&customer=cust-000031`, scores)
    expectProblem(await gw.get("/metrics"), 401)
    expectProblem(await gw.get("/metrics", keys.admin), 403)
    const metrics = await gw.get("/metrics", keys.ops)
    expect(metrics.status).toBe(200)
    expect(metrics.headers.get("content-type")).toContain("text/plain")
    expect(metrics.text).toMatch(/^# (HELP|TYPE) /m)
    expect(metrics.text).toMatch(/^its_gateway_http_requests_total\{[^}]*\} \d+/m)
    expect(metrics.text).toMatch(/its_gateway_http_requests_total\{[^}]*route="\/v1\/scores\/lbs"/)
    expect(metrics.text).toMatch(/^its_gateway_score_cache_hits_total\{?[^\n]* [1-9]\d*/m)
    expect(metrics.text).toContain("its_gateway_score_cache_misses_total")
    expect(metrics.text).toContain("its_gateway_outbox_depth")
  })

  it("/openapi.json is a valid document listing every /v1 route", async () => {
    const reply = await gw.get("/openapi.json")
    expect(reply.status).toBe(200)
    const doc = reply.json
    expect(doc.openapi).toMatch(/^3\./)
    expect(doc.info).toMatchObject({ title: "ITS gateway", version: expect.any(String) })
    const expected: Record<string, Array<string>> = {
      "/v1/tickets/placement": ["post"],
      "/v1/tickets/inform": ["post"],
      "/v1/tickets/inform/{id}": ["get"],
      "/v1/tickets/ack": ["post"],
      "/v1/tickets/cancel": ["post"],
      "/v1/tickets/cashout/inform": ["post"],
      "/v1/tickets/cashout/build": ["post"],
      "/v1/tickets/cashout/placement": ["post"],
      "/v1/tickets/settlement": ["post"],
      "/v1/tickets/max-stake": ["post"],
      "/v1/tickets/ltd": ["post"],
      "/v1/accounts": ["get"],
      "/v1/events/fetch": ["post"],
      "/v1/tournaments/fetch": ["post"],
      "/v1/rg/profile/{bookmaker}/{subBookmaker}/{account}": ["get"],
      "/v1/admin/outbox/dead": ["get"],
      "/v1/admin/outbox/{id}/requeue": ["post"],
      "/healthz": ["get"],
      "/readyz": ["get"],
      "/metrics": ["get"]
    }
    for (const model of ["lbs", "bot", "marker", "sccf", "ccf"]) {
      expected[`/v1/scores/${model}`] = ["get"]
      expected[`/v1/scores/${model}/range`] = ["get"]
    }
    for (const [path, methods] of Object.entries(expected)) {
      expect(doc.paths[path], path).toBeDefined()
      for (const method of methods) expect(doc.paths[path][method], `${method} ${path}`).toBeDefined()
    }
    // Every operation is documented with responses, and every $ref resolves.
    const text = JSON.stringify(doc)
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas[decodeURIComponent(ref as string)], ref).toBeDefined()
    for (const item of Object.values(doc.paths) as Array<Json>)
      for (const operation of Object.values(item) as Array<Json>) expect(operation.responses).toBeDefined()
    expect(doc.components.securitySchemes).toBeDefined()
  })

  it("/docs is an HTML page that loads nothing from the network", async () => {
    const reply = await gw.get("/docs")
    expect(reply.status).toBe(200)
    expect(reply.headers.get("content-type")).toContain("text/html")
    expect(reply.text).toMatch(/<html/i)
    expect(reply.text).not.toMatch(/<script[^>]*\ssrc=["']?https?:/i)
    expect(reply.text).not.toMatch(/<link[^>]*\shref=["']?https?:/i)
    // Scalar's script comes from the gateway itself, read on first use (not held in the page or the process).
    expect(reply.text).toContain('<script src="/docs/scalar.js"></script>')
    const script = await gw.get("/docs/scalar.js")
    expect(script.status).toBe(200)
    expect(script.headers.get("content-type")).toContain("text/javascript")
    expect(script.text).toContain("@scalar/api-reference")
  })
})

describe("secrets", () => {
  it("no response carried the client secret, a token or an API key", async ({ task }) => {
    await expectNoSecretsInFile(gw, task, 50)
  })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
