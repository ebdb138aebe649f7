/**
 * Java's `java.net.http.HttpClient` (HTTP/2 preferred, its default) offers `h2c` on every plain-http request. The
 * gateway ignores the offer and serves the request over HTTP/1.1 with its body: the placement reaches the simulator
 * and the consumer gets the ticket reply, not `400 Expected TicketBody, actual null`. The real Java client is driven
 * by `test/java/`.
 */
import { Agent, request as httpRequest } from "node:http"
import { describe, expect, it } from "vitest"
import {
  expectNoSecretsInFile,
  informJson,
  type Json,
  keys,
  placementEnvelope,
  ticketJson,
  useGateway
} from "./support.ts"

const gw = useGateway()

/** The exact header fields Java adds to a plain-http request. */
const h2cOffer = {
  Connection: "Upgrade, HTTP2-Settings",
  Upgrade: "h2c",
  "HTTP2-Settings": "AAMAAABkAAQCAAAAAAIAAAAA"
}

interface Answer {
  readonly status: number
  readonly httpVersion: string
  readonly json: Json
  /** The request went over a kept-alive connection of `agent`. */
  readonly reusedSocket: boolean
}

/** `node:http` (`fetch` refuses `Connection`/`Upgrade`); a `101` would surface as `upgrade` and fail. */
const withOffer = (path: string, body?: unknown, agent?: Agent) =>
  new Promise<Answer>((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body)
    const req = httpRequest(`${gw.base}${path}`, {
      ...(agent === undefined ? {} : { agent }),
      method: text === undefined ? "GET" : "POST",
      headers: {
        ...h2cOffer,
        "X-Api-Key": keys.all,
        ...(text === undefined
          ? {}
          : { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) })
      }
    })
    req.on("response", (response) => {
      let received = ""
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => {
        received += chunk
      })
      response.on("end", () => {
        gw.recorded.push({
          method: req.method,
          path,
          status: response.statusCode ?? 0,
          headers: JSON.stringify(response.headers),
          body: received,
          contentType: response.headers["content-type"] ?? ""
        })
        resolve({
          status: response.statusCode ?? 0,
          httpVersion: response.httpVersion,
          json: JSON.parse(received),
          reusedSocket: req.reusedSocket
        })
      })
    })
    req.on("upgrade", (response, socket) => {
      socket.destroy()
      reject(new Error(`the gateway switched protocols: ${response.statusCode}`))
    })
    req.on("error", reject)
    req.setTimeout(10_000, () => req.destroy(new Error("no answer within 10 s")))
    req.end(text)
  })

describe("the h2c upgrade offer on the gateway", () => {
  it("POST /v1/tickets/placement with a JSON body: 200 and the ticket reply", async () => {
    const ticket = ticketJson()
    const answer = await withOffer("/v1/tickets/placement", placementEnvelope(ticket))
    expect(answer.status, JSON.stringify(answer.json)).toBe(200)
    expect(answer.httpVersion).toBe("1.1")
    expect(answer.json).toMatchObject({ type: "ticket-reply", status: "accepted", ticketId: ticket.ticketId })
    expect(await gw.ticketRecord(ticket.ticketId)).toMatchObject({ status: "accepted" })
  })

  it("POST /v1/tickets/inform: 202", async () => {
    const body = informJson()
    const answer = await withOffer("/v1/tickets/inform", body)
    expect(answer.status, JSON.stringify(answer.json)).toBe(202)
    expect(answer.json).toMatchObject({ ticketId: body.ticket.ticketId })
  })

  it("GETs are answered and the connection is kept alive", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const first = await withOffer("/openapi.json", undefined, agent)
      expect(first.status).toBe(200)
      expect(first.json.openapi).toMatch(/^3\./)
      // Unfixed, the upgrade path answered a GET too, but then closed the connection.
      const second = await withOffer("/openapi.json", undefined, agent)
      expect(second).toMatchObject({ status: 200, reusedSocket: true })
    } finally {
      agent.destroy()
    }
  })

  it("leaks no secret", ({ task }) => expectNoSecretsInFile(gw, task, 3))
})
