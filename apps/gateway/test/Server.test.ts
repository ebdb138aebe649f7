/**
 * The server layer and tracing on their own (no ITS): HTTPS from TLS_CERT_FILE/TLS_KEY_FILE, graceful close that
 * lets an in-flight request finish, and OTLP trace export to a collector on loopback. The fixture certificate is
 * a self-signed test-only pair for 127.0.0.1.
 */
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import { request as httpsRequest } from "node:https"
import { join } from "node:path"
import { HttpRouter, HttpServer, HttpServerResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Context, Duration, Effect, Exit, Fiber, Layer, Option, Scope } from "effect"
import { GatewayConfig } from "../src/GatewayConfig.ts"
import { NodeServerLive } from "../src/Http.ts"
import { TracingLive } from "../src/observability/Tracing.ts"

const fixtures = join(import.meta.dirname, "fixtures")

const app = HttpRouter.empty.pipe(
  HttpRouter.get("/hello", HttpServerResponse.text("hello")),
  HttpRouter.get("/slow", Effect.sleep("400 millis").pipe(Effect.as(HttpServerResponse.text("slow done"))))
)

const serve = (settings: Partial<typeof GatewayConfig.Service>) =>
  Effect.gen(function* () {
    const scope = yield* Scope.make()
    const context = yield* Layer.buildWithScope(
      HttpServer.serve(app).pipe(Layer.provideMerge(NodeServerLive), Layer.provide(GatewayConfig.layerWith(settings))),
      scope
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    const port = address._tag === "TcpAddress" ? address.port : 0
    return { scope, port }
  })

describe("NodeServerLive", () => {
  it.live("serves HTTPS with the configured certificate", () =>
    Effect.gen(function* () {
      const { scope, port } = yield* serve({
        tls: Option.some({ certFile: join(fixtures, "test-cert.pem"), keyFile: join(fixtures, "test-key.pem") })
      })
      const body = yield* Effect.async<string>((resume) => {
        const req = httpsRequest(
          { host: "127.0.0.1", port, path: "/hello", ca: readFileSync(join(fixtures, "test-cert.pem")) },
          (res) => {
            let text = ""
            res.on("data", (chunk) => {
              text += chunk
            })
            res.on("end", () => resume(Effect.succeed(text)))
          }
        )
        req.end()
      })
      expect(body).toBe("hello")
      // Plain HTTP on the TLS port is not served.
      const plain = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${port}/hello`).then(
          (r) => r.status,
          () => "refused"
        )
      )
      expect(plain).not.toBe(200)
      yield* Scope.close(scope, Exit.void)
    })
  )

  it.live("on shutdown lets an in-flight request finish and then refuses connections", () =>
    Effect.gen(function* () {
      const { scope, port } = yield* serve({ shutdownTimeout: Duration.seconds(5) })
      const inFlight = yield* Effect.fork(
        Effect.promise(() => fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.text()))
      )
      yield* Effect.sleep("100 millis")
      yield* Scope.close(scope, Exit.void)
      expect(yield* Fiber.join(inFlight)).toBe("slow done")
      const after = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${port}/hello`).then(
          () => "answered",
          () => "refused"
        )
      )
      expect(after).toBe("refused")
    })
  )

  it.live("closes what is left after the shutdown deadline", () =>
    Effect.gen(function* () {
      const { scope, port } = yield* serve({ shutdownTimeout: Duration.millis(100) })
      const inFlight = yield* Effect.fork(
        Effect.promise(() =>
          fetch(`http://127.0.0.1:${port}/slower`).then(
            (r) => r.text(),
            () => "cut"
          )
        )
      )
      yield* Effect.sleep("50 millis")
      yield* Scope.close(scope, Exit.void)
      // Cut off at the deadline: the request did not get to finish (a reset, or an empty response from the
      // interrupted handler); without the deadline `close` would have waited for "slower done".
      expect(yield* Fiber.join(inFlight)).not.toBe("slower done")
    })
  )
})

describe("TracingLive", () => {
  it.live("exports spans over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set", () =>
    Effect.gen(function* () {
      const received: Array<string> = []
      const collector = createServer((req, res) => {
        let body = ""
        req.on("data", (chunk) => {
          body += chunk
        })
        req.on("end", () => {
          received.push(`${req.url} ${body}`)
          res.writeHead(200, { "content-type": "application/json" }).end("{}")
        })
      })
      yield* Effect.async<void>((resume) => {
        collector.listen(0, "127.0.0.1", () => resume(Effect.void))
      })
      const { port } = collector.address() as { port: number }
      yield* Effect.void.pipe(
        Effect.withSpan("gateway-test-span"),
        Effect.provide(TracingLive),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(new Map([["OTEL_EXPORTER_OTLP_ENDPOINT", `http://127.0.0.1:${port}/`]]))
        ),
        Effect.scoped
      )
      collector.close()
      expect(received.some((line) => line.startsWith("/v1/traces") && line.includes("gateway-test-span"))).toBe(true)
    })
  )

  it.live("is a no-op without an endpoint", () =>
    Effect.void.pipe(
      Effect.withSpan("x"),
      Effect.provide(TracingLive),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
    )
  )
})
