/**
 * `createNodeServer`: a request carrying an upgrade offer other than `websocket` (Java's h2c offer) is served as an
 * ordinary HTTP/1.1 request with its body; WebSocket upgrades still reach the `upgrade` listeners. The server under
 * test has an `upgrade` listener, as every `@effect/platform-node` server has; it handles WebSockets only and drops
 * anything else, so a request that reaches it unfixed gets no answer.
 */
import type { AddressInfo } from "node:net"
import type { IncomingMessage, Server } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { WebSocket, WebSocketServer } from "ws"
import { createNodeServer, headWithoutUpgradeOffer, isWebSocketUpgrade } from "../src/NodeServer.ts"
import { exchange, h2cOffer, openRaw, rawRequest } from "./rawHttp.ts"

/** What the request handler saw: the request as the application gets it. */
interface Seen {
  readonly method: string
  readonly url: string
  readonly body: string
  readonly connection: string | null
  readonly upgrade: string | null
  readonly http2Settings: string | null
}

let server: Server
let port: number
let host: string
const wss = new WebSocketServer({ noServer: true })

beforeAll(async () => {
  server = createNodeServer()
  server.on("request", (request: IncomingMessage, response) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => {
      body += chunk
    })
    request.on("end", () => {
      const seen: Seen = {
        method: request.method ?? "",
        url: request.url ?? "",
        body,
        connection: request.headers.connection ?? null,
        upgrade: request.headers.upgrade ?? null,
        http2Settings: (request.headers["http2-settings"] as string | undefined) ?? null
      }
      const text = JSON.stringify(seen)
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
      response.end(text)
    })
  })
  server.on("upgrade", (request: IncomingMessage, socket, head) => {
    if (request.headers.upgrade?.toLowerCase() !== "websocket") return void socket.destroy()
    wss.handleUpgrade(request, socket, head, (ws) => ws.on("message", (data) => ws.send(`echo ${data}`)))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  port = (server.address() as AddressInfo).port
  host = `127.0.0.1:${port}`
})

afterAll(async () => {
  for (const client of wss.clients) client.terminate()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const json = '{"ticketId":"T-1","stake":"10.00"}'
const seen = (body: string): Seen => JSON.parse(body)

describe("createNodeServer: upgrade offers other than websocket", () => {
  it("serves a JSON POST with the h2c offer as HTTP/1.1, body included", async () => {
    const [response] = await exchange(
      port,
      rawRequest("POST", "/v1/tickets/placement", host, [...h2cOffer, "Content-Type: application/json"], json)
    )
    expect(response!.statusLine).toBe("HTTP/1.1 200 OK")
    expect(seen(response!.body)).toEqual({
      method: "POST",
      url: "/v1/tickets/placement",
      body: json,
      connection: null,
      upgrade: null,
      http2Settings: null
    })
    expect(response!.headers.upgrade).toBeUndefined()
  })

  it("serves a form POST with a chunked body", async () => {
    const form = "grant_type=client_credentials&client_id=abc"
    const chunked = `${form.slice(0, 10).length.toString(16)}\r\n${form.slice(0, 10)}\r\n${form.slice(10).length.toString(16)}\r\n${form.slice(10)}\r\n0\r\n\r\n`
    const [response] = await exchange(
      port,
      rawRequest(
        "POST",
        "/oauth/token",
        host,
        [...h2cOffer, "Content-Type: application/x-www-form-urlencoded", "Transfer-Encoding: chunked"],
        chunked
      )
    )
    expect(response!.status).toBe(200)
    expect(seen(response!.body).body).toBe(form)
  })

  it("serves a GET", async () => {
    const [response] = await exchange(port, rawRequest("GET", "/health?x=1", host, h2cOffer))
    expect(response!.status).toBe(200)
    expect(seen(response!.body)).toMatchObject({ method: "GET", url: "/health?x=1", body: "", upgrade: null })
  })

  it("reads a body that arrives after the head", async () => {
    const connection = await openRaw(port)
    try {
      const request = rawRequest("POST", "/late", host, [...h2cOffer, "Content-Type: application/json"], json)
      const split = request.indexOf("\r\n\r\n") + 4 + 5
      connection.write(request.slice(0, split))
      await new Promise((resolve) => setTimeout(resolve, 50))
      connection.write(request.slice(split))
      const [response] = await connection.responses(1)
      expect(seen(response!.body).body).toBe(json)
    } finally {
      connection.end()
    }
  })

  it("keeps the connection alive across offers and plain requests", async () => {
    const connection = await openRaw(port)
    try {
      connection.write(rawRequest("POST", "/1", host, [...h2cOffer], "one"))
      await connection.responses(1)
      connection.write(rawRequest("POST", "/2", host, [], "two"))
      await connection.responses(2)
      connection.write(rawRequest("POST", "/3", host, [...h2cOffer], "three"))
      const responses = await connection.responses(3)
      expect(responses.map((r) => seen(r.body).body)).toEqual(["one", "two", "three"])
      expect(responses.every((r) => r.status === 200)).toBe(true)
    } finally {
      connection.end()
    }
  })

  it("answers pipelined requests in order", async () => {
    const responses = await exchange(
      port,
      rawRequest("POST", "/a", host, [...h2cOffer], "first") +
        rawRequest("GET", "/b", host, [...h2cOffer]) +
        rawRequest("POST", "/c", host, [], "third"),
      3
    )
    expect(responses.map((r) => `${seen(r.body).url} ${seen(r.body).body}`)).toEqual(["/a first", "/b ", "/c third"])
  })

  it("keeps the other Connection tokens: close still closes", async () => {
    const connection = await openRaw(port)
    connection.write(
      rawRequest("POST", "/bye", host, ["Connection: Upgrade, HTTP2-Settings, close", ...h2cOffer.slice(1)], "x")
    )
    const [response] = await connection.responses(1)
    expect(seen(response!.body)).toMatchObject({ body: "x", connection: "close" })
    await connection.closed
  })
})

describe("createNodeServer: WebSocket upgrades", () => {
  it("still reach the upgrade listener", async () => {
    const ws = new WebSocket(`ws://${host}/ws`)
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once("open", () => ws.send("hi"))
      ws.once("message", (data) => resolve(String(data)))
      ws.once("error", reject)
    })
    ws.close()
    expect(reply).toBe("echo hi")
  })
})

describe("headWithoutUpgradeOffer", () => {
  const request = (rawHeaders: Array<string>) =>
    ({ method: "POST", url: "/p?q=1", httpVersion: "1.1", rawHeaders }) as unknown as IncomingMessage

  it("drops Upgrade, HTTP2-Settings and their Connection tokens, keeping everything else as sent", () => {
    const head = headWithoutUpgradeOffer(
      request([
        "Host",
        "h",
        "Connection",
        "Upgrade, HTTP2-Settings, keep-alive",
        "Upgrade",
        "h2c",
        "HTTP2-Settings",
        "AAMAAABkAAQCAAAAAAIAAAAA",
        "X-Name",
        "Zoë",
        "Content-Length",
        "2"
      ])
    )
    expect(head.toString("latin1")).toBe(
      "POST /p?q=1 HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nX-Name: Zoë\r\nContent-Length: 2\r\n\r\n"
    )
  })

  it("drops a Connection field left empty", () => {
    const head = headWithoutUpgradeOffer(request(["connection", "upgrade", "upgrade", "h2c"]))
    expect(head.toString("latin1")).toBe("POST /p?q=1 HTTP/1.1\r\n\r\n")
  })

  it("recognises websocket among the offers, in any case", () => {
    const of = (upgrade: string | undefined) => ({ headers: { upgrade } }) as unknown as IncomingMessage
    expect(isWebSocketUpgrade(of("WebSocket"))).toBe(true)
    expect(isWebSocketUpgrade(of("h2c, websocket"))).toBe(true)
    expect(isWebSocketUpgrade(of("h2c"))).toBe(false)
    expect(isWebSocketUpgrade(of(undefined))).toBe(false)
  })
})
