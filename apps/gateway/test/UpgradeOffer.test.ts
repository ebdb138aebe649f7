/**
 * The gateway's Node server (`NodeServerLive`, HTTP and HTTPS) ignores an h2c upgrade offer — what Java's
 * `java.net.http.HttpClient` sends with every plain-http request — and serves the request over HTTP/1.1 with its body.
 * The full route (`POST /v1/tickets/placement`) is covered by `tools/e2e/test/gateway/upgradeOffer.e2e.test.ts`.
 */
import { readFileSync } from "node:fs"
import { Agent as HttpAgent, request as httpRequest } from "node:http"
import { Agent as HttpsAgent, request as httpsRequest } from "node:https"
import { join } from "node:path"
import { HttpRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Option } from "effect"
import { GatewayConfig } from "../src/GatewayConfig.ts"
import { NodeServerLive } from "../src/Http.ts"

const fixtures = join(import.meta.dirname, "fixtures")
const cert = readFileSync(join(fixtures, "test-cert.pem"))

const app = HttpRouter.empty.pipe(
  HttpRouter.post(
    "/echo",
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      Effect.map(request.json, (body) =>
        HttpServerResponse.unsafeJson({ body, upgrade: request.headers.upgrade ?? null })
      )
    )
  ),
  HttpRouter.get("/hello", HttpServerResponse.text("hello"))
)

const serve = (settings: Partial<typeof GatewayConfig.Service>) =>
  Effect.gen(function* () {
    const context = yield* Layer.build(
      HttpServer.serve(app).pipe(Layer.provideMerge(NodeServerLive), Layer.provide(GatewayConfig.layerWith(settings)))
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    return address._tag === "TcpAddress" ? address.port : 0
  })

const h2cOffer = {
  connection: "Upgrade, HTTP2-Settings",
  upgrade: "h2c",
  "http2-settings": "AAMAAABkAAQCAAAAAAIAAAAA"
}

interface Answer {
  readonly status: number
  readonly body: string
  /** The request went over a kept-alive connection of `agent`. */
  readonly reusedSocket: boolean
}

const withOffer = (tls: boolean, port: number, method: string, path: string, body?: string, agent?: HttpAgent) =>
  Effect.async<Answer, Error>((resume) => {
    const options = {
      ...(agent === undefined ? {} : { agent }),
      host: "127.0.0.1",
      port,
      path,
      method,
      headers: {
        ...h2cOffer,
        ...(body === undefined
          ? {}
          : { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) })
      }
    }
    const req = tls ? httpsRequest({ ...options, ca: cert }) : httpRequest(options)
    req.on("response", (response) => {
      let text = ""
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => {
        text += chunk
      })
      response.on("end", () =>
        resume(Effect.succeed({ status: response.statusCode ?? 0, body: text, reusedSocket: req.reusedSocket }))
      )
    })
    req.on("upgrade", (response, socket) => {
      socket.destroy()
      resume(Effect.fail(new Error(`the server switched protocols: ${response.statusCode}`)))
    })
    req.on("error", (error) => resume(Effect.fail(error)))
    req.setTimeout(5_000, () => req.destroy(new Error("no answer within 5 s")))
    req.end(body)
  })

const body = '{"ticketId":"T-1","stake":{"amount":"10.00"}}'

describe("NodeServerLive with an h2c upgrade offer", () => {
  for (const tls of [false, true]) {
    const scheme = tls ? "HTTPS" : "HTTP"
    const settings = tls
      ? { tls: Option.some({ certFile: join(fixtures, "test-cert.pem"), keyFile: join(fixtures, "test-key.pem") }) }
      : {}

    it.scoped(`${scheme}: a JSON POST is served with its body`, () =>
      Effect.gen(function* () {
        const port = yield* serve(settings)
        const answer = yield* withOffer(tls, port, "POST", "/echo", body)
        expect(answer.status, answer.body).toBe(200)
        expect(JSON.parse(answer.body)).toEqual({ body: JSON.parse(body), upgrade: null })
      })
    )

    it.scoped(`${scheme}: GETs are served and the connection is kept alive`, () =>
      Effect.gen(function* () {
        const port = yield* serve(settings)
        const agent = yield* Effect.acquireRelease(
          Effect.sync(() =>
            tls
              ? new HttpsAgent({ keepAlive: true, maxSockets: 1, ca: cert })
              : new HttpAgent({ keepAlive: true, maxSockets: 1 })
          ),
          (agent) => Effect.sync(() => agent.destroy())
        )
        expect(yield* withOffer(tls, port, "GET", "/hello", undefined, agent)).toMatchObject({
          status: 200,
          body: "hello"
        })
        // Unfixed, the upgrade path answered a GET too, but then closed the connection.
        expect(yield* withOffer(tls, port, "GET", "/hello", undefined, agent)).toEqual({
          status: 200,
          body: "hello",
          reusedSocket: true
        })
      })
    )
  }
})
