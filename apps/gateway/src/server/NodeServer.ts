/**
 * The Node server (`@its/transport/node-server`), with the limits that keep slow or idle clients from holding it:
 * header, request and keep-alive timeouts, a connection cap, and a shutdown deadline.
 */
import { readFileSync } from "node:fs"
import type { Server } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { createNodeServer } from "@its/transport/node-server"
import { Duration, Effect, Layer, Option } from "effect"
import { GatewayConfig } from "../GatewayConfig.ts"
import { FastRoutes, serveFirst } from "../scores/FastLookup.ts"

/**
 * The Node server (HTTP, or HTTPS with `TLS_CERT_FILE`/`TLS_KEY_FILE`) on `HOST:PORT`. On shutdown it stops
 * accepting, lets in-flight requests finish, and closes what is left after `GATEWAY_SHUTDOWN_TIMEOUT`.
 */
export const NodeServerLive = Layer.unwrapScoped(
  Effect.gen(function* () {
    const settings = yield* GatewayConfig
    // Timeouts are checked at a quarter of the header timeout (at most every second), not Node's 30 s default.
    const connectionsCheckingInterval = Math.min(1_000, Math.max(50, Duration.toMillis(settings.headersTimeout) / 4))
    const server: Server = Option.match(settings.tls, {
      onNone: () => createNodeServer({ connectionsCheckingInterval }),
      onSome: ({ certFile, keyFile }) =>
        createNodeServer({
          connectionsCheckingInterval,
          tls: { cert: readFileSync(certFile), key: readFileSync(keyFile) }
        })
    })
    // Slow or idle clients cannot hold connections: the header block, the whole request and an idle keep-alive
    // connection are bounded, and so is the number of connections.
    server.headersTimeout = Duration.toMillis(settings.headersTimeout)
    server.requestTimeout = Duration.toMillis(settings.requestTimeout)
    server.keepAliveTimeout = Duration.toMillis(settings.keepAliveTimeout)
    server.maxConnections = settings.maxConnections
    // Cache hits of the score lookups are answered before the router when the gateway provides them.
    const fast = yield* Effect.serviceOption(FastRoutes)
    if (Option.isSome(fast) && Option.isSome(fast.value.handle)) serveFirst(server, fast.value.handle.value)
    const deadline = Layer.scopedDiscard(
      // Released before the server's own close (it depends on the server): while `close` waits for in-flight
      // requests, keep-alive connections that went idle are closed at once, and everything at the deadline.
      Effect.addFinalizer(() =>
        Effect.sync(() => {
          const idle = setInterval(() => server.closeIdleConnections(), 50).unref()
          server.once("close", () => clearInterval(idle))
          setTimeout(() => {
            clearInterval(idle)
            server.closeAllConnections()
          }, Duration.toMillis(settings.shutdownTimeout)).unref()
        })
      )
    )
    return Layer.provideMerge(
      deadline,
      NodeHttpServer.layer(() => server, { port: settings.port, host: settings.host })
    )
  })
)
