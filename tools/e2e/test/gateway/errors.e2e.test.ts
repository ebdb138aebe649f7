/**
 * Error answers: problem+json, validation (400 with JSON paths, unknown fields), invalid tickets (422 with MTS
 * codes), 413, 404, 401/429 of API keys, upstream trouble scripted in the simulator (REST 429/503/timeouts, data-plane
 * no-reply and error-reply) and the outbox's dead letters with their re-queue.
 */
import { request } from "node:http"
import { describe, expect, it } from "vitest"
import {
  bookmaker,
  expectNoSecretsInFile,
  expectProblem,
  informJson,
  type Json,
  keys,
  type Reply,
  placementEnvelope,
  ticketJson,
  useGateway
} from "./support.ts"

const gw = useGateway({
  limitedRequests: 3,
  // No transparent retries of upstream failures, a short REST timeout: faults surface at once.
  env: { ITS_HTTP_RETRIES: "0", ITS_HTTP_TIMEOUT: "500 millis", OUTBOX_RETRY_BASE_MS: "50" },
  tickets: { prematchTimeout: "600 millis", requestTimeout: "1500 millis" }
})

const lbsPath = `/v1/scores/lbs?bookmaker=${bookmaker}&customer=cust-000001`

describe("validation", () => {
  it("400 problem+json with every problem's JSON path and MTS code; unknown fields rejected", async () => {
    const ticket = ticketJson()
    ticket.surprise = 1
    ticket.bets[0].stake = "ten euros"
    ticket.bets[0].alsoUnexpected = true
    delete ticket.context
    const reply = await gw.post("/v1/tickets/placement", ticket)
    const problem = expectProblem(reply, 400)
    expect(problem.title).toBe("Invalid request")
    const byPath = new Map<string, Json>(problem.errors.map((e: Json) => [e.path, e]))
    expect(byPath.get("$.surprise")?.code).toBe(-102)
    expect(byPath.get("$.bets[0].alsoUnexpected")?.code).toBe(-102)
    expect(byPath.get("$.context")?.code).toBe(-100)
    expect([...byPath.keys()].some((p) => p.startsWith("$.bets[0].stake"))).toBe(true)
    for (const e of problem.errors) {
      expect(e.path).toMatch(/^\$/)
      expect(typeof e.message).toBe("string")
      expect(Number.isInteger(e.code)).toBe(true)
    }
    // The same strictness in an envelope, and in the other bodies.
    const envelope = await gw.post("/v1/tickets/placement", {
      operation: "ticket-placement",
      version: "3.0",
      content: { ...ticketJson(), extra: "x" }
    })
    expect(expectProblem(envelope, 400).errors.map((e: Json) => e.path)).toContain("$.content.extra")
    const events = await gw.post("/v1/events/fetch", { bookmaker, events: [], extra: 1 })
    expect(expectProblem(events, 400).errors).toEqual([expect.objectContaining({ path: "$.extra", code: -102 })])
  })

  it("400 for a body that is not JSON, for bad query parameters and bad path parameters", async () => {
    expectProblem(await gw.call("/v1/tickets/placement", { method: "POST", body: "{not json", key: keys.all }), 400)
    expectProblem(await gw.call("/v1/tickets/placement", { method: "POST", body: "", key: keys.all }), 400)
    expectProblem(await gw.get(`/v1/scores/lbs?bookmaker=abc&customer=cust-000001`, keys.all), 400)
    expectProblem(await gw.get(`/v1/scores/lbs?bookmaker=${bookmaker}`, keys.all), 400)
    expectProblem(await gw.get(`/v1/scores/lbs/range?bookmaker=${bookmaker}&lower=x&higher=1`, keys.all), 400)
    expectProblem(await gw.get(`/v1/accounts?bookmaker=${bookmaker}&limit=0`, keys.all), 400)
    expectProblem(await gw.get(`/v1/rg/profile/x/1/cust-000001`, keys.all), 400)
    expectProblem(await gw.get("/v1/admin/outbox/dead?limit=100000", keys.all), 400)
  })

  it("422 for a semantically invalid ticket (duplicate betIds), with MTS codes; nothing is sent", async () => {
    const before = (await gw.received()).length
    const ticket = ticketJson("accumulator")
    ticket.bets = [ticket.bets[0], { ...ticket.bets[0] }]
    const reply = await gw.post("/v1/tickets/placement", ticket)
    const problem = expectProblem(reply, 422)
    expect(problem.title).toBe("Invalid ticket")
    expect(problem.errors.length).toBeGreaterThan(0)
    for (const e of problem.errors) {
      // JSON paths of the body the consumer sent (bare content: `$.bets…`, not the envelope's `$.content.bets…`).
      expect(e.path).toMatch(/^\$\.bets\[\d+\]/)
      expect(e.code).toBeLessThan(0)
    }
    expect((await gw.received()).length).toBe(before)
    expect(await gw.ticketRecord(ticket.ticketId)).toBeUndefined()
    // In an envelope, the paths are the envelope's; in an LTD body under `ticket`; the inform outbox validates too.
    const envelope = await gw.post("/v1/tickets/placement", placementEnvelope(ticket))
    expect(expectProblem(envelope, 422).errors[0].path).toMatch(/^\$\.content\.bets\[\d+\]/)
    const ltd = await gw.post("/v1/tickets/ltd", { bookmaker, ticket })
    expect(expectProblem(ltd, 422).errors[0].path).toMatch(/^\$\.ticket\.bets\[\d+\]/)
    const inform = await gw.post("/v1/tickets/inform", informJson(ticket))
    expect(expectProblem(inform, 422).errors[0].path).toMatch(/^\$\.ticket\.bets\[\d+\]/)
    expect((await gw.received()).length).toBe(before)
  })

  it("413 for a body over 126 000 bytes (128 000 less the envelope), with and without Content-Length", async () => {
    const big = { ...ticketJson(), pad: "x".repeat(126_001) }
    expectProblem(await gw.post("/v1/tickets/placement", big), 413)
    // Chunked: no Content-Length, the limit applies while reading. The gateway reads the body itself and drains
    // what is over the limit, so the 413 reaches the client (the platform's reader destroyed the socket: a reset).
    const chunked = await postChunked(JSON.stringify(big))
    expect(chunked).not.toBe("connection closed")
    if (chunked !== "connection closed") expectProblem(chunked, 413)
    expect((await gw.get("/healthz")).status).toBe(200)
    const metrics = await gw.get("/metrics", keys.ops)
    expect(metrics.text).toMatch(/its_gateway_http_requests_total\{[^}]*status="413"[^}]*\} [2-9]/)
    // Just under the limit is read (and then judged on its content).
    const under = { ...ticketJson(), pad: "" }
    under.pad = "x".repeat(125_000 - JSON.stringify(under).length)
    expect((await gw.post("/v1/tickets/placement", under)).status).toBe(400)
  })

  it("415 for a multipart body (all bodies are JSON), empty or not; found by the fuzz test (a hang, a 500)", async () => {
    for (const body of ["", "\u{1f600}garbage", "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--"]) {
      const reply = await gw.call("/v1/tickets/placement", {
        method: "POST",
        body,
        key: keys.all,
        headers: { "content-type": "multipart/form-data; boundary=x" },
        timeoutMs: 3_000
      })
      expectProblem(reply, 415)
    }
  })

  it("404 problem for an unknown route, with or without a key", async () => {
    for (const key of [undefined, keys.all]) {
      const reply = await gw.get("/v1/nothing-here", key)
      expect(expectProblem(reply, 404).title).toBe("Not found")
    }
    expectProblem(await gw.call("/v1/tickets/placement", { method: "GET", key: keys.all }), 404)
  })

  it("keeps a well-formed X-Request-Id and replaces a bad one", async () => {
    const mine = await gw.call("/v1/nothing-here", { headers: { "x-request-id": "my-trace.42" } })
    expect(mine.json.requestId).toBe("my-trace.42")
    expect(mine.headers.get("x-request-id")).toBe("my-trace.42")
    const bad = await gw.call("/v1/nothing-here", { headers: { "x-request-id": "<script>" } })
    expect(bad.json.requestId).not.toBe("<script>")
  })
})

const postChunked = (body: string) =>
  new Promise<Reply | "connection closed">((resolve) => {
    const req = request(
      new URL("/v1/tickets/placement", gw.base),
      { method: "POST", headers: { authorization: `Bearer ${keys.all}`, "content-type": "application/json" } },
      (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (chunk) => {
          text += chunk
        })
        res.on("error", () => resolve("connection closed"))
        res.on("end", () => {
          const headers = new Headers()
          for (const [name, value] of Object.entries(res.headers))
            if (typeof value === "string") headers.set(name, value)
          gw.recorded.push({
            method: "POST",
            path: "/v1/tickets/placement (chunked)",
            status: res.statusCode ?? 0,
            headers: Object.entries(res.headers)
              .map(([n, v]) => `${n}: ${String(v)}`)
              .join("\n"),
            body: text,
            contentType: headers.get("content-type") ?? ""
          })
          let json: Json
          try {
            json = JSON.parse(text)
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers, text, json })
        })
      }
    )
    req.on("error", () => resolve("connection closed"))
    for (let i = 0; i < body.length; i += 16_384) req.write(body.slice(i, i + 16_384))
    req.end()
  })

describe("API keys", () => {
  it("401 without a key or with an unknown one, by Bearer or X-Api-Key; both schemes work", async () => {
    expect(expectProblem(await gw.get(lbsPath), 401).title).toBeTruthy()
    expectProblem(await gw.get(lbsPath, "not-a-key-0123456789"), 401)
    expectProblem(await gw.call(lbsPath, { apiKey: "not-a-key-0123456789" }), 401)
    expectProblem(await gw.call(lbsPath, { headers: { authorization: `Basic ${btoa(`x:${keys.all}`)}` } }), 401)
    expectProblem(await gw.call(lbsPath, { headers: { authorization: "Bearer" } }), 401)
    expectProblem(await gw.call(lbsPath, { apiKey: "" }), 401)
    expectProblem(await gw.get(lbsPath, keys.all.slice(0, -1)), 401)
    expect((await gw.get(lbsPath, keys["scores:read"])).status).toBe(200)
    expect((await gw.call(lbsPath, { apiKey: keys["scores:read"] })).status).toBe(200)
    expect((await gw.call(lbsPath, { headers: { authorization: `bearer ${keys["scores:read"]}` } })).status).toBe(200)
    // A valid X-Api-Key wins over a wrong Bearer and the other way round.
    expect((await gw.call(lbsPath, { key: "wrong-key-0123456789", apiKey: keys.all })).status).toBe(200)
    expect((await gw.call(lbsPath, { key: keys.all, apiKey: "wrong-key-0123456789" })).status).toBe(200)
  })

  it("403 for a key without the route's scope, before the body is read", async () => {
    const reply = await gw.call("/v1/tickets/placement", {
      method: "POST",
      body: "{definitely not json",
      key: keys["scores:read"]
    })
    expect(expectProblem(reply, 403).detail).toContain("tickets:write")
  })

  it("429 with Retry-After once the key's rate limit is used up; other keys are not affected", async () => {
    const statuses: Array<number> = []
    let limited: Reply | undefined
    for (let i = 0; i < 6 && limited === undefined; i++) {
      const reply = await gw.get(lbsPath, keys.limited)
      statuses.push(reply.status)
      if (reply.status === 429) limited = reply
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200])
    expect(limited).toBeDefined()
    const problem = expectProblem(limited as Reply, 429)
    const retryAfter = Number(limited?.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(problem.retryAfterSeconds).toBe(retryAfter)
    expect((await gw.get(lbsPath, keys["scores:read"])).status).toBe(200)
  })
})

describe("upstream trouble", () => {
  const withRestFault = async (apiId: string, plan: Json, body: () => Promise<void>) => {
    await gw.run(gw.restFaults.set(apiId, plan))
    try {
      await body()
    } finally {
      await gw.run(gw.restFaults.clear())
    }
  }

  it("ITS 429 with Retry-After → 429 with Retry-After", async () => {
    await withRestFault("account", { always: { kind: "error", status: 429, retryAfter: 7 } }, async () => {
      const reply = await gw.get(`/v1/accounts?bookmaker=${bookmaker}&limit=1`, keys.all)
      const problem = expectProblem(reply, 429)
      expect(reply.headers.get("retry-after")).toBe("7")
      expect(problem.retryAfterSeconds).toBe(7)
    })
  })

  it("ITS 503 (and 500, a dropped connection) → 503; a REST timeout → 504", async () => {
    for (const step of [{ kind: "error", status: 503 }, { kind: "error", status: 500 }, { kind: "drop" }]) {
      await withRestFault("ccf", { always: step }, async () => {
        const reply = await gw.get(`/v1/scores/ccf?bookmaker=${bookmaker}&customer=cust-000002`, keys.all)
        expect(expectProblem(reply, 503).title, JSON.stringify(step)).toBe("ITS is unavailable")
      })
    }
    await withRestFault("rg", { latencyMs: 1500 }, async () => {
      const reply = await gw.get(`/v1/rg/profile/${bookmaker}/1/cust-000003`, keys.all)
      expect(expectProblem(reply, 504).title).toBe("ITS did not answer in time")
    })
  })

  it("a score lookup served from the cache does not notice ITS being down", async () => {
    const path = `/v1/scores/sccf?bookmaker=${bookmaker}&customer=cust-000004`
    expect((await gw.get(path, keys.all)).status).toBe(200)
    await withRestFault("sccf", { always: { kind: "error", status: 503 } }, async () => {
      const reply = await gw.get(path, keys.all)
      expect(reply.status).toBe(200)
      expect(reply.json.accounts[0].cached).toBe(true)
    })
  })

  it("placement without a reply → 502 with ticketOutcome unknown; an error-reply → 502", async () => {
    await gw.run(gw.dataPlaneFaults.set({ script: [{ kind: "no-reply" }] }))
    const ticket = ticketJson()
    const started = Date.now()
    const unknown = await gw.post("/v1/tickets/placement", ticket)
    const problem = expectProblem(unknown, 502)
    expect(problem.ticketOutcome).toBe("unknown")
    expect(Date.now() - started).toBeLessThan(5_000)

    await gw.run(gw.dataPlaneFaults.set({ script: [{ kind: "error-reply", code: -999, message: "boom" }] }))
    const errorReply = await gw.post("/v1/tickets/placement", ticketJson())
    expect(expectProblem(errorReply, 502).detail).toContain("-999")
    await gw.run(gw.dataPlaneFaults.clear)
    expect((await gw.post("/v1/tickets/placement", ticketJson())).status).toBe(200)
  })
})

describe("outbox dead letters", () => {
  it("an inform answered with error-reply is dead-lettered; an admin lists and re-queues it; then delivered", async () => {
    await gw.run(gw.dataPlaneFaults.set({ script: [{ kind: "error-reply", code: -500, message: "down" }] }))
    const body = informJson()
    const waited = await gw.post("/v1/tickets/inform?wait=true", body, keys["tickets:write"])
    expect(waited.status, waited.text).toBe(202)
    expect(waited.json).toMatchObject({ status: "dead", ticketId: body.ticket.ticketId })
    await gw.run(gw.dataPlaneFaults.clear)

    const dead = await gw.get("/v1/admin/outbox/dead", keys.admin)
    expect(dead.status, dead.text).toBe(200)
    const entry = dead.json.items.find((e: Json) => e.id === waited.json.id)
    expect(entry).toMatchObject({ status: "dead", ticketId: body.ticket.ticketId })
    expect((await gw.get("/v1/admin/outbox/dead?limit=1", keys.admin)).json.items).toHaveLength(1)

    const requeued = await gw.post(`/v1/admin/outbox/${waited.json.id}/requeue`, {}, keys.admin)
    expect(requeued.status, requeued.text).toBe(200)
    expect(requeued.json).toMatchObject({ id: waited.json.id })
    expect(["pending", "delivering", "delivered"]).toContain(requeued.json.status)

    let status: Json
    for (let i = 0; i < 200; i++) {
      status = (await gw.get(`/v1/tickets/inform/${waited.json.id}`, keys.all)).json
      if (status.status === "delivered") break
      await new Promise((r) => setTimeout(r, 25))
    }
    expect(status).toMatchObject({ status: "delivered", reply: { type: "ticket-inform-reply", status: "accepted" } })
    const after = await gw.get("/v1/admin/outbox/dead", keys.admin)
    expect(after.json.items.some((e: Json) => e.id === waited.json.id)).toBe(false)
    // Only dead entries can be re-queued.
    expectProblem(await gw.post(`/v1/admin/outbox/${waited.json.id}/requeue`, {}, keys.admin), 404)
    expectProblem(await gw.post("/v1/admin/outbox/no-such-id/requeue", {}, keys.admin), 404)
    // Handled once by the simulator's ticket rules (the error-reply was the fault, in front of them).
    const informs = (await gw.received()).filter(
      (r) => r.ticketId === body.ticket.ticketId && r.operation === "ticket-placement-inform"
    )
    expect(informs.map((r) => r.outcome)).toEqual(["accepted"])
  })

  it("the metrics count the dead letter", async () => {
    // A dead letter of its own, so the count does not depend on the test above having run.
    await gw.run(gw.dataPlaneFaults.set({ script: [{ kind: "error-reply", code: -500, message: "down" }] }))
    const waited = await gw.post("/v1/tickets/inform?wait=true", informJson(), keys["tickets:write"])
    await gw.run(gw.dataPlaneFaults.clear)
    expect(waited.json, waited.text).toMatchObject({ status: "dead" })
    const metrics = await gw.get("/metrics", keys.ops)
    expect(metrics.text).toMatch(/^its_gateway_outbox_dead_lettered_total(\{[^}]*\})? [1-9]/m)
  })
})

describe("secrets", () => {
  it("no response carried the client secret, a token or an API key; no stack traces", async ({ task }) => {
    await expectNoSecretsInFile(gw, task, 40)
  })
})
