/**
 * `DataPlane`: the Transaction 3.0 WebSocket channel (transaction-3.0.md §1, §2). It carries JSON messages and
 * pairs each reply with its request by `correlationId`; message schemas belong to a later package.
 *
 * Guarantees:
 * - One text message per request, never re-sent by the channel. If the connection that carried it dies before the
 *   reply, the request fails with `ConnectionLost` ("outcome unknown"): a duplicate ticket is worse than an error.
 * - Many requests in flight, replies in any order; at most `maxInFlight` at once (callers beyond that wait: the
 *   bound is back-pressure, so memory stays bounded).
 * - Messages over 128 000 bytes (UTF-8) are refused before anything is sent; larger ones than `fragmentBytes` go
 *   out in 32 000-byte fragments of one WebSocket message, like the official SDKs.
 * - The upgrade request carries `Authorization: Bearer` for the data-plane audience; a 401 on the upgrade
 *   invalidates that token before the next attempt.
 * - After a drop it reconnects with jittered backoff (`@its/auth`'s `backoff`). Before the connection reaches
 *   `maxConnectionAge` (100 min, official .NET SDK) or its upgrade token's hard expiry, a new socket is opened
 *   first, new requests go to it, and the old one is drained of its replies before a clean close: nothing is lost.
 * - Replies nobody waits for (late, unknown `correlationId`) and frames that are not JSON objects are logged and
 *   counted, never fatal; the replies among them are also published on `unmatched` (late replies are kept
 *   upstream). Keep-alive pings; a connection that does not answer one is replaced.
 * - Closing the layer's scope closes every socket with code 1000.
 *
 * Structure: `dataplane/Config.ts` (settings), `dataplane/Connection.ts` (one socket), `dataplane/CorrelationTable.ts`
 * (who waits for what), `dataplane/EventLoop.ts` (the one fiber that owns the state); this module validates requests,
 * runs the connection manager (connect, reconnect, rotate, drain) and exposes the service. An idle channel starts no
 * fiber and polls nothing: waiting is on a latch, a queue and one sleep per deadline.
 */
import { backoff, TokenProvider } from "@its/auth"
import {
  type ConfigError,
  Context,
  Deferred,
  Duration,
  Effect,
  Exit,
  Fiber,
  FiberRef,
  Layer,
  Option,
  PubSub,
  Random,
  type Scope,
  Stream
} from "effect"
import type WebSocket from "ws"
import { DataPlaneConfig, type DataPlaneOptions } from "./dataplane/Config.ts"
import { type ConnectFailed, type Connection, isClosed, keepAlive, openConnection } from "./dataplane/Connection.ts"
import type { DataPlaneReply, PendingRequest } from "./dataplane/CorrelationTable.ts"
import { makeEventLoop } from "./dataplane/EventLoop.ts"
import { type DataPlaneStats, emptyStats, StatsCounters } from "./dataplane/Stats.ts"
import { ChannelClosed, type DataPlaneError, InvalidMessage, MessageTooLarge } from "./Errors.ts"
import type { ItsEnvironment } from "./ItsEnvironment.ts"

export { DataPlaneConfig, type DataPlaneOptions, type DataPlaneSettings } from "./dataplane/Config.ts"
export type { DataPlaneReply } from "./dataplane/CorrelationTable.ts"
export type { DataPlaneStats } from "./dataplane/Stats.ts"

/** What the channel needs of a T3.0 request envelope; everything else passes through untouched. */
export interface DataPlaneMessage {
  readonly correlationId: string
  readonly operation: string
  readonly [key: string]: unknown
}

export interface DataPlaneRequestOptions {
  /** Default `DataPlaneSettings.requestTimeout`. */
  readonly timeout?: Duration.DurationInput
}

export interface DataPlaneShape {
  /**
   * Sends `message` as one text message and waits for the reply with the same `correlationId`. Never re-sent:
   * `ConnectionLost` / `ReplyTimeout { sent: true }` mean the outcome is unknown.
   */
  readonly request: (
    message: DataPlaneMessage,
    options?: DataPlaneRequestOptions
  ) => Effect.Effect<DataPlaneReply, DataPlaneError>
  /** Waits until a connection is open (requests wait for it on their own; this is for startup checks and tests). */
  readonly awaitConnected: Effect.Effect<void, ChannelClosed>
  /**
   * Replies (JSON objects with a `correlationId`) nobody waited for, e.g. those arriving after a `ReplyTimeout`, from
   * the moment of subscription on. Bounded: a slow subscriber loses the oldest.
   */
  readonly unmatched: Stream.Stream<DataPlaneReply>
  readonly stats: Effect.Effect<DataPlaneStats>
}

/** The wire text of a request, or why it cannot be sent. */
const serialize = (message: DataPlaneMessage): { text: string; bytes: number } | string => {
  if (typeof message !== "object" || message === null) return "not an object"
  if (typeof message.correlationId !== "string" || message.correlationId === "")
    return "correlationId must be a non-empty string"
  if (typeof message.operation !== "string" || message.operation === "") return "operation must be a non-empty string"
  try {
    const text = JSON.stringify(message)
    return { text, bytes: Buffer.byteLength(text, "utf8") }
  } catch (error) {
    return `not JSON-serializable: ${error instanceof Error ? error.message : String(error)}`
  }
}

const make = Effect.gen(function* () {
  const settings = yield* DataPlaneConfig
  const tokens = yield* TokenProvider
  const scope = yield* Effect.scope
  const clock = yield* Effect.clock
  const counters = new StatsCounters(yield* FiberRef.get(FiberRef.currentMetricLabels))
  const unmatched = yield* PubSub.sliding<DataPlaneReply>(1024)
  const connected = yield* Effect.makeLatch(false)
  const loop = yield* makeEventLoop({ settings, counters, unmatched, connected, clock, scope })
  /** Every socket not yet closed, including those still in their upgrade (a shutdown must close them too). */
  const sockets = new Set<WebSocket>()
  let nextId = 1

  const connectOnce = Effect.suspend(() =>
    openConnection({
      id: nextId++,
      settings,
      openedAt: Effect.sync(() => clock.unsafeCurrentTimeMillis()),
      register: (ws) => {
        sockets.add(ws)
        return () => sockets.delete(ws)
      },
      emit: loop.offer
    })
  ).pipe(Effect.provideService(TokenProvider, tokens))

  const connectWithRetry = connectOnce.pipe(
    Effect.tapError((error) =>
      Effect.zipRight(
        Effect.sync(() => loop.offer({ _tag: "ConnectFailed", reason: error.reason })),
        Effect.logWarning(`data-plane connect failed: ${error.reason}`).pipe(Effect.annotateLogs({ url: settings.url }))
      )
    ),
    Effect.retry(
      backoff<ConnectFailed>({
        base: settings.reconnectBase,
        cap: settings.reconnectCap,
        while: () => !loop.closing(),
        retryAfter: () => Option.none()
      })
    )
  )

  /** When this connection should be replaced: its age limit or its upgrade token's hard expiry. */
  const deadlineOf = (connection: Connection) => {
    const byAge = connection.openedAt + Duration.toMillis(settings.maxConnectionAge)
    if (!settings.rotateBeforeTokenExpiry) return byAge
    // Never rotate sooner than 1 s after opening, even with a token about to expire (no reconnect storm).
    return Math.min(byAge, Math.max(connection.token.hardExpiresAt, connection.openedAt + 1000))
  }

  /** Stop sending on `connection`, wait for its outstanding replies (bounded), then close it cleanly. */
  const drain = (connection: Connection, pinger: Fiber.RuntimeFiber<void>) =>
    Effect.gen(function* () {
      loop.offer({ _tag: "Drain", connection })
      yield* Deferred.await(connection.drained).pipe(
        Effect.timeout(Duration.sum(settings.requestTimeout, Duration.seconds(1))),
        Effect.ignore
      )
      loop.offer({ _tag: "Close", connection })
      yield* Deferred.await(connection.closed).pipe(Effect.timeout("5 seconds"), Effect.ignore)
      if (!isClosed(connection)) connection.ws.terminate()
      yield* Fiber.interrupt(pinger)
    })

  /** The connection lifecycle: connect, serve until dropped or due for rotation, repeat. */
  const manage = Effect.gen(function* () {
    let connection = yield* connectWithRetry
    let rotation = false
    let replaced: { readonly connection: Connection; readonly pinger: Fiber.RuntimeFiber<void> } | undefined
    while (!loop.closing()) {
      loop.offer({ _tag: "Opened", connection, rotation })
      const pinger = yield* Effect.forkIn(keepAlive(connection, settings), scope)
      // Rotation: the new socket is installed while the old one keeps serving; then the old one drains.
      if (replaced !== undefined) yield* Effect.forkIn(drain(replaced.connection, replaced.pinger), scope)
      replaced = undefined
      const wait = Math.max(0, deadlineOf(connection) - clock.unsafeCurrentTimeMillis())
      const dropped = yield* Deferred.await(connection.closed).pipe(
        Effect.timeoutTo({ duration: Duration.millis(wait), onSuccess: () => true, onTimeout: () => false })
      )
      if (dropped) {
        yield* Fiber.interrupt(pinger)
        yield* Effect.sleep(Duration.millis(yield* Random.nextRange(0, Duration.toMillis(settings.reconnectBase))))
      } else {
        replaced = { connection, pinger }
      }
      connection = yield* connectWithRetry
      rotation = !dropped
    }
  })

  // Finalizers run in reverse order: the shutdown (added last) runs while the loop and the manager still run.
  yield* Effect.forkIn(loop.run, scope)
  yield* Effect.forkIn(manage, scope)
  yield* Effect.addFinalizer(() =>
    Effect.gen(function* () {
      const connections = yield* Effect.sync(() => {
        loop.offer({ _tag: "Shutdown" })
        for (const ws of sockets) if (ws.readyState === ws.CONNECTING) ws.terminate()
        return [...sockets]
      })
      yield* Effect.async<void>((resume) => {
        let open = connections.filter((ws) => ws.readyState !== ws.CLOSED).length
        if (open === 0) return resume(Effect.void)
        for (const ws of connections) {
          if (ws.readyState === ws.CLOSED) continue
          ws.once("close", () => {
            open -= 1
            if (open === 0) resume(Effect.void)
          })
        }
      }).pipe(Effect.timeout("2 seconds"), Effect.ignore)
      for (const ws of connections) if (ws.readyState !== ws.CLOSED) ws.terminate()
    })
  )

  const request = (message: DataPlaneMessage, options: DataPlaneRequestOptions = {}) =>
    Effect.suspend((): Effect.Effect<DataPlaneReply, DataPlaneError> => {
      if (loop.closing()) return Effect.fail(new ChannelClosed())
      const wire = serialize(message)
      if (typeof wire === "string") {
        counters.add("rejected")
        return Effect.fail(new InvalidMessage({ reason: wire }))
      }
      const { correlationId, operation } = message
      if (wire.bytes > settings.maxMessageBytes) {
        counters.add("rejected")
        return Effect.fail(
          new MessageTooLarge({ correlationId, operation, bytes: wire.bytes, limit: settings.maxMessageBytes })
        )
      }
      const timeoutMillis = Duration.toMillis(options.timeout === undefined ? settings.requestTimeout : options.timeout)
      return Effect.async<DataPlaneReply, DataPlaneError>((resume) => {
        const pending: PendingRequest = {
          correlationId,
          operation,
          text: wire.text,
          bytes: wire.bytes,
          deadline: clock.unsafeCurrentTimeMillis() + timeoutMillis,
          timeoutMillis,
          resume,
          sentOn: undefined,
          settled: false
        }
        if (!loop.offer({ _tag: "Request", request: pending })) return resume(Exit.fail(new ChannelClosed()))
        // Interrupted (e.g. an outer timeout): forget it; a later reply becomes "unmatched".
        return Effect.sync(() => loop.offer({ _tag: "Cancel", request: pending }))
      })
    }).pipe(
      // No stack trace per span: capturing one per message cost more than the rest of the span (profile).
      Effect.withSpan("DataPlane.request", {
        attributes: { "its.correlation_id": message.correlationId, "its.operation": message.operation },
        captureStackTrace: false
      })
    )

  return DataPlane.of({
    request,
    awaitConnected: Effect.suspend(() =>
      loop.closing()
        ? Effect.fail(new ChannelClosed())
        : Effect.zipRight(
            connected.await,
            Effect.suspend(() => (loop.closing() ? Effect.fail(new ChannelClosed()) : Effect.void))
          )
    ),
    unmatched: Stream.fromPubSub(unmatched),
    stats: Effect.sync(() => counters.snapshot(loop.current() !== undefined, loop.inFlight()))
  })
}) satisfies Effect.Effect<DataPlaneShape, never, DataPlaneConfig | TokenProvider | Scope.Scope>

export class DataPlane extends Context.Tag("@its/transport/DataPlane")<DataPlane, DataPlaneShape>() {
  /** Configured from the environment (`ItsEnvironment` + `ITS_WS_*` keys); connects in the background. */
  static readonly layer: Layer.Layer<DataPlane, ConfigError.ConfigError, ItsEnvironment | TokenProvider> = Layer.scoped(
    DataPlane,
    make
  ).pipe(Layer.provide(DataPlaneConfig.layer))

  /** With explicit settings (`url`, `audience`, the rest defaulted); needs a `TokenProvider`. */
  static readonly layerWith = (options: DataPlaneOptions): Layer.Layer<DataPlane, never, TokenProvider> =>
    Layer.scoped(DataPlane, make).pipe(Layer.provide(DataPlaneConfig.layerWith(options)))

  /**
   * A scripted in-memory channel for tests of code that uses `DataPlane`: `reply` answers each message
   * (or fails, e.g. with `ConnectionLost`).
   */
  static readonly layerTest = (
    reply: (message: DataPlaneMessage) => Effect.Effect<DataPlaneReply, DataPlaneError>
  ): Layer.Layer<DataPlane> =>
    Layer.succeed(DataPlane, {
      request: (message) => reply(message),
      awaitConnected: Effect.void,
      unmatched: Stream.empty,
      stats: Effect.succeed({ ...emptyStats, connected: true, connects: 1 })
    })
}
