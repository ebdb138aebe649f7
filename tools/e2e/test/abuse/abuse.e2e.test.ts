/**
 * Hostile requests over raw sockets against the in-process gateway (issue 14): each gets a 4xx (never a 5xx, a
 * reset or a hang) and the gateway stays healthy after every one of them. The table of cases and answers is printed
 * at the end and written to `test-results/abuse.md`.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { afterAll, describe, expect, it } from "vitest"
import { expectNoSecretsInFile, keys, ticketJson, useGateway } from "../gateway/support.ts"
import { type RawOutcome, type RawRequest, rawRequest, statusOf } from "./raw.ts"

const gw = useGateway({
  env: { GATEWAY_REQUEST_DEADLINE: "2 seconds" },
  // Longer than the deadline: a ticket without a reply is answered by the deadline (504), not by the client.
  tickets: { prematchTimeout: "8 seconds", requestTimeout: "8 seconds" }
})

const port = () => Number(new URL(gw.base).port)
const table: Array<{ readonly name: string; readonly status: number | string }> = []

const auth = (key: string = keys.all) => ({ authorization: `Bearer ${key}` })
const json = (key?: string) => ({ ...auth(key), "content-type": "application/json" })

/** `depth` selections of type `ways`, each inside the previous one: 1 500 of them fit in ~60 KB. */
const nestedWays = (depth: number) => {
  const ticket = ticketJson()
  const open = '{"type":"ways","selections":['.repeat(depth)
  const leaf = JSON.stringify(ticket.bets[0].selections[0])
  const selection = `${open}${leaf}${"]}".repeat(depth)}`
  const text = JSON.stringify(ticket)
  const first = JSON.stringify(ticket.bets[0].selections[0])
  return text.replace(first, selection)
}

const send = async (name: string, request: RawRequest): Promise<RawOutcome> => {
  const outcome = await rawRequest(port(), request)
  table.push({ name, status: statusOf(outcome) })
  return outcome
}

const expect4xx = (outcome: RawOutcome, status?: number) => {
  expect(typeof outcome, `answer: ${String(outcome)}`).toBe("object")
  if (typeof outcome === "string") return
  if (status !== undefined) expect(outcome.status, outcome.body).toBe(status)
  expect(outcome.status, outcome.body).toBeGreaterThanOrEqual(400)
  expect(outcome.status, outcome.body).toBeLessThan(500)
  return outcome
}

/** The gateway still answers, and still places a ticket. */
const expectHealthy = async () => {
  expect((await gw.get("/healthz")).status).toBe(200)
}

const problemOf = (outcome: RawOutcome) => {
  if (typeof outcome === "string") throw new Error(outcome)
  expect(outcome.headers["content-type"]).toBe("application/problem+json")
  return JSON.parse(outcome.body) as { status: number; detail?: string; errors?: Array<{ path: string }> }
}

describe("hostile bodies", () => {
  it("1 500 nested ways selections (~60 KB): 400 naming the path, not a stack overflow", async () => {
    const body = nestedWays(1_500)
    expect(body.length).toBeLessThan(126_000)
    const outcome = await send("1 500 nested `ways` selections", {
      method: "POST",
      target: "/v1/tickets/placement",
      headers: json(),
      body
    })
    expect4xx(outcome, 400)
    const problem = problemOf(outcome)
    expect(problem.errors?.[0]?.path).toMatch(/^\$\.bets\[0\]\.selections\[0\](\.selections\[0\])+/)
    expect(problem.detail).toContain("32")
    await expectHealthy()
  })

  it("60 000 nested arrays: 400", async () => {
    const body = `${"[".repeat(60_000)}${"]".repeat(60_000)}`
    expect4xx(
      await send("60 000 nested arrays", { method: "POST", target: "/v1/tickets/placement", headers: json(), body }),
      400
    )
    await expectHealthy()
  })

  it("Content-Length over the limit: 413", async () => {
    const body = JSON.stringify({ ...ticketJson(), pad: "x".repeat(300_000) })
    expect4xx(
      await send("300 KB body with Content-Length", {
        method: "POST",
        target: "/v1/tickets/placement",
        headers: json(),
        body
      }),
      413
    )
    await expectHealthy()
  })

  it("chunked body over the limit (300 KB): 413, not a reset", async () => {
    const body = JSON.stringify({ ...ticketJson(), pad: "x".repeat(300_000) })
    const chunks = body.match(/[\s\S]{1,16384}/g) ?? []
    expect4xx(
      await send("300 KB chunked body", { method: "POST", target: "/v1/tickets/placement", headers: json(), chunks }),
      413
    )
    await expectHealthy()
  })

  it("chunked body far over the limit (8 MB): 413, connection closed", async () => {
    const chunk = "x".repeat(65_536)
    const chunks = Array.from({ length: 128 }, () => chunk)
    const outcome = await send("8 MB chunked body", {
      method: "POST",
      target: "/v1/tickets/placement",
      headers: json(),
      chunks
    })
    expect4xx(outcome, 413)
    await expectHealthy()
  })

  it("multipart bodies (empty and not): 415", async () => {
    for (const body of ["", "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--\r\n"]) {
      const outcome = await send(`multipart body (${body === "" ? "empty" : "one field"})`, {
        method: "POST",
        target: "/v1/tickets/placement",
        headers: { ...auth(), "content-type": "multipart/form-data; boundary=x" },
        body
      })
      expect4xx(outcome, 415)
    }
    await expectHealthy()
  })

  it("form, text and latin-1 bodies: 415", async () => {
    for (const [name, type] of [
      ["form body", "application/x-www-form-urlencoded"],
      ["text/plain body", "text/plain"],
      ["JSON declared as latin-1", "application/json; charset=iso-8859-1"]
    ] as const) {
      const outcome = await send(name, {
        method: "POST",
        target: "/v1/tickets/placement",
        headers: { ...auth(), "content-type": type },
        body: type.startsWith("application/json") ? JSON.stringify(ticketJson()) : "a=1&b=2"
      })
      expect4xx(outcome, 415)
    }
    await expectHealthy()
  })

  it("invalid UTF-8 inside a JSON string: 400", async () => {
    const text = JSON.stringify(ticketJson())
    const at = text.indexOf('"ticketId":"') + 12
    const body = Buffer.concat([
      Buffer.from(text.slice(0, at)),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(text.slice(at))
    ])
    const outcome = await send("invalid UTF-8", {
      method: "POST",
      target: "/v1/tickets/placement",
      headers: json(),
      body
    })
    expect4xx(outcome, 400)
    expect(problemOf(outcome).detail).toContain("UTF-8")
    await expectHealthy()
  })

  it("__proto__ and constructor keys: 400, and no prototype is polluted", async () => {
    for (const [name, extra] of [
      ["`__proto__` key", '"__proto__":{"polluted":true},'],
      ["`constructor` key", '"constructor":{"prototype":{"polluted":true}},']
    ] as const) {
      const body = `{${extra}${JSON.stringify(ticketJson()).slice(1)}`
      expect4xx(await send(name, { method: "POST", target: "/v1/tickets/placement", headers: json(), body }), 400)
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
    await expectHealthy()
  })

  it("an object whose toString is not a function, where a type tag is read: 400", async () => {
    const ticket = { ...ticketJson(), type: { toString: {} } }
    const body = JSON.stringify(ticket)
    expect4xx(
      await send("`type: {toString: {}}`", { method: "POST", target: "/v1/tickets/placement", headers: json(), body }),
      400
    )
    await expectHealthy()
  })
})

describe("hostile heads", () => {
  it("a 64 KB header: 431", async () => {
    const outcome = await send("64 KB header", {
      method: "GET",
      target: "/healthz",
      headers: { "x-huge": "h".repeat(65_536) }
    })
    expect4xx(outcome, 431)
    await expectHealthy()
  })

  it("10 000 ids in a query: a 4xx", async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(",")
    const outcome = await send("10 000 ids in a query", {
      method: "GET",
      target: `/v1/scores/lbs?bookmaker=9999&customer=${ids}`,
      headers: auth()
    })
    expect4xx(outcome)
    await expectHealthy()
  })

  it("percent-encoded admin paths are matched as admin routes: 403 for a key without admin", async () => {
    for (const target of ["/v1/%61dmin/outbox/dead", "/v1/admin/%6Futbox/dead", "/v1/%2561dmin/outbox/dead"]) {
      const outcome = await send(`encoded admin path ${target}`, {
        method: "GET",
        target,
        headers: auth(keys["scores:read"])
      })
      expect4xx(outcome)
      expect([403, 404]).toContain(statusOf(outcome))
    }
    await expectHealthy()
  })

  it("a path that does not decode (%zz, %C3%28): a 4xx", async () => {
    for (const target of ["/v1/admin/outbox/%zz/requeue", "/v1/tickets/inform/%C3%28"]) {
      const outcome = await send(`undecodable path ${target}`, {
        method: "POST",
        target,
        headers: json(keys.admin),
        body: "{}"
      })
      expect4xx(outcome)
    }
    await expectHealthy()
  })

  it("HEAD on admin routes: 401 without a key, 403 without the admin scope", async () => {
    expect4xx(await send("HEAD admin route, no key", { method: "HEAD", target: "/v1/admin/outbox/dead" }), 401)
    expect4xx(
      await send("HEAD admin route, scores key", {
        method: "HEAD",
        target: "/v1/admin/outbox/dead",
        headers: auth(keys["scores:read"])
      }),
      403
    )
    await expectHealthy()
  })

  it("HEAD /metrics without the ops scope: a 4xx", async () => {
    expect4xx(await send("HEAD /metrics, admin key", { method: "HEAD", target: "/metrics", headers: auth(keys.admin) }))
    await expectHealthy()
  })
})

describe("deadline", () => {
  it("a request the data plane never answers is a 504 problem at the deadline", async () => {
    await gw.run(gw.dataPlaneFaults.set({ script: [{ kind: "no-reply" }] }))
    try {
      const outcome = await send("placement without a data-plane reply (deadline)", {
        method: "POST",
        target: "/v1/tickets/placement",
        headers: json(),
        body: JSON.stringify(ticketJson())
      })
      expect(statusOf(outcome)).toBe(504)
      expect(problemOf(outcome).status).toBe(504)
    } finally {
      await gw.run(gw.dataPlaneFaults.clear)
    }
    await expectHealthy()
  })
})

describe("afterwards", () => {
  it("the gateway still places a ticket", async () => {
    const reply = await gw.post("/v1/tickets/placement", ticketJson())
    expect(reply.status, reply.text).toBe(200)
  })

  it("no response carried a secret or a stack trace", async ({ task }) => {
    await expectNoSecretsInFile(gw, task)
  })
})

afterAll(() => {
  const lines = ["| case | answer |", "| --- | --- |", ...table.map((row) => `| ${row.name} | ${row.status} |`)]
  const text = lines.join("\n")
  console.log(`abuse suite\n${text}`)
  mkdirSync("test-results", { recursive: true })
  writeFileSync("test-results/abuse.md", `${text}\n`)
})
