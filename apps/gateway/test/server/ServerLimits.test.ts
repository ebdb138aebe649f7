/**
 * The Node server's limits from `GatewayConfig` (issue 14): connections beyond `maxConnections` are refused, an idle
 * keep-alive connection is closed after `keepAliveTimeout`, a slow header block gets a 408 after `headersTimeout`.
 */
import { connect, type Socket } from "node:net"
import { HttpRouter, HttpServer, HttpServerResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Context, Duration, Effect, Exit, Layer, Scope } from "effect"
import { GatewayConfig } from "../../src/GatewayConfig.ts"
import { NodeServerLive } from "../../src/server/NodeServer.ts"

const app = HttpRouter.empty.pipe(HttpRouter.get("/hello", HttpServerResponse.text("hello")))

const serve = (settings: Partial<typeof GatewayConfig.Service>) =>
  Effect.gen(function* () {
    const scope = yield* Scope.make()
    const context = yield* Layer.buildWithScope(
      HttpServer.serve(app).pipe(Layer.provideMerge(NodeServerLive), Layer.provide(GatewayConfig.layerWith(settings))),
      scope
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    return { scope, port: address._tag === "TcpAddress" ? address.port : 0 }
  })

/** Opens a socket, sends a keep-alive GET, resolves with what was read once `closed` (or the socket, still open). */
const keepAliveGet = (port: number) =>
  new Promise<{ socket: Socket; answer: Promise<string>; closed: Promise<void> }>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    let text = ""
    const closed = new Promise<void>((done) => socket.on("close", () => done()))
    const answer = new Promise<string>((done) =>
      socket.on("data", (chunk) => {
        text += chunk.toString()
        if (text.includes("hello")) done(text)
      })
    )
    socket.on("error", () => {})
    socket.on("connect", () => {
      socket.write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
      resolve({ socket, answer, closed })
    })
  })

describe("NodeServerLive limits", () => {
  it.live("closes an idle keep-alive connection after keepAliveTimeout", () =>
    Effect.gen(function* () {
      const { scope, port } = yield* serve({ keepAliveTimeout: Duration.millis(150) })
      const { answer, closed } = yield* Effect.promise(() => keepAliveGet(port))
      expect(yield* Effect.promise(() => answer)).toContain("keep-alive")
      // Closed by the server (the test's own timeout would fail it otherwise).
      yield* Effect.promise(() => closed)
      yield* Scope.close(scope, Exit.void)
    })
  )

  it.live("answers 408 and closes a connection whose header block does not arrive within headersTimeout", () =>
    Effect.gen(function* () {
      // Node checks the timeout every connectionsCheckingInterval (30 s by default): the server sets it from the
      // header timeout, so the slow client is cut off well within the test's own timeout.
      const { scope, port } = yield* serve({
        headersTimeout: Duration.millis(200),
        requestTimeout: Duration.millis(400),
        keepAliveTimeout: Duration.millis(100)
      })
      const text = yield* Effect.promise(
        () =>
          new Promise<string>((resolve) => {
            const socket = connect({ host: "127.0.0.1", port })
            let read = ""
            socket.on("data", (chunk) => {
              read += chunk.toString()
            })
            socket.on("error", () => {})
            socket.on("close", () => resolve(read))
            // A slowloris client: the request line and one header, then nothing.
            socket.on("connect", () => socket.write("GET /hello HTTP/1.1\r\nHost: x\r\n"))
          })
      )
      expect(text).toContain("408")
      yield* Scope.close(scope, Exit.void)
    })
  )

  it.live("refuses connections beyond maxConnections", () =>
    Effect.gen(function* () {
      const { scope, port } = yield* serve({ maxConnections: 1, keepAliveTimeout: Duration.seconds(30) })
      const first = yield* Effect.promise(() => keepAliveGet(port))
      expect(yield* Effect.promise(() => first.answer)).toContain("hello")
      const second = yield* Effect.promise(() => keepAliveGet(port))
      yield* Effect.promise(() => second.closed)
      first.socket.destroy()
      yield* Scope.close(scope, Exit.void)
    })
  )
})
