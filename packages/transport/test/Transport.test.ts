import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Schema } from "effect"
import { WebSocketServer } from "ws"
import { DataPlane } from "../src/DataPlane.ts"
import { ItsHttp } from "../src/ItsHttp.ts"
import { TransportLive } from "../src/Transport.ts"

interface Seen {
  readonly tokenForms: Array<URLSearchParams>
  readonly restAuth: Array<string | undefined>
  readonly wsAuth: Array<string | undefined>
}

/** A tiny stand-in for the simulator on one port: token endpoint, one LBS route, the data-plane WebSocket. */
const startFakeSimulator = Effect.acquireRelease(
  Effect.async<{ port: number; seen: Seen; close: () => Promise<void> }>((resume) => {
    const seen: Seen = { tokenForms: [], restAuth: [], wsAuth: [] }
    const json = (res: ServerResponse, status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = ""
      req.on("data", (chunk) => {
        body += chunk
      })
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/oauth/token") {
          const form = new URLSearchParams(body)
          seen.tokenForms.push(form)
          const audience = form.get("audience")
          return json(res, 200, { access_token: `tok-for-${audience}`, expires_in: 600, token_type: "Bearer" })
        }
        if (req.url?.startsWith("/api/lbs/v1/")) {
          seen.restAuth.push(req.headers.authorization)
          return json(res, 200, { lbs: "0.42", requestId: req.headers["x-request-id"] })
        }
        json(res, 404, { message: "not found" })
      })
    })
    const wss = new WebSocketServer({ server, path: "/dataplane" })
    wss.on("connection", (socket, req) => {
      seen.wsAuth.push(req.headers.authorization)
      socket.on("message", (data) => {
        const message = JSON.parse(data.toString())
        socket.send(JSON.stringify({ correlationId: message.correlationId, operation: message.operation, content: {} }))
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resume(
        Effect.succeed({
          port,
          seen,
          close: () =>
            new Promise<void>((done) => {
              for (const client of wss.clients) client.terminate()
              wss.close()
              server.closeAllConnections()
              server.close(() => done())
            })
        })
      )
    })
  }),
  ({ close }) => Effect.promise(close)
)

describe("TransportLive", () => {
  it.scopedLive("composes environment, tokens (one per audience), REST and the data plane from config alone", () =>
    Effect.gen(function* () {
      const sim = yield* startFakeSimulator
      const env = ConfigProvider.fromMap(new Map([["ITS_API_URL", `http://127.0.0.1:${sim.port}`]]))
      const layer = TransportLive.pipe(Layer.provide(NodeHttpClient.layerUndici))
      const result = yield* Effect.gen(function* () {
        const its = yield* ItsHttp
        const dataPlane = yield* DataPlane
        const score = yield* its.executeJson(
          "lbs",
          HttpClientRequest.get("/v1/bookmakers/1/sub-bookmakers/*/source"),
          Schema.Struct({ lbs: Schema.String, requestId: Schema.String })
        )
        const reply = yield* dataPlane.request({ correlationId: "c1", operation: "ticket-placement" })
        return { score, reply }
      }).pipe(Effect.provide(layer), Effect.withConfigProvider(env))
      expect(result.score.lbs).toBe("0.42")
      expect(result.score.requestId).toMatch(/^[0-9a-f-]{36}$/)
      expect(result.reply.correlationId).toBe("c1")
      expect(sim.seen.restAuth).toEqual(["Bearer tok-for-mts-insight-tech-non-prod"])
      expect(sim.seen.wsAuth).toEqual(["Bearer tok-for-mbs-dp-non-prod-wss"])
      const audiences = sim.seen.tokenForms.map((f) => f.get("audience")).sort()
      expect(audiences).toEqual(["mbs-dp-non-prod-wss", "mts-insight-tech-non-prod"])
      expect(sim.seen.tokenForms.every((f) => f.get("client_id") === "its-sim-client")).toBe(true)
    })
  )
})
