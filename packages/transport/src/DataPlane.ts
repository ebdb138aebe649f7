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
 *   counted, never fatal; the replies among them are also published on `unmatched` (late replies are kept upstream). Keep-alive pings; a connection that does not answer one is replaced.
 * - Closing the layer's scope closes every socket with code 1000.
 */
import { AccessToken, backoff, TokenProvider } from "@its/auth"
import {
  Clock,
  Config,
  type ConfigError,
  Context,
  Deferred,
  Duration,
  Effect,
  Either,
  Exit,
  Fiber,
  FiberId,
  Layer,
  Metric,
  Option,
  PubSub,
  Random,
  Runtime,
  type Scope,
  Stream
} from "effect"
import WebSocket from "ws"
import { DataPlaneDefaults } from "./Assumptions.ts"
import {
  ChannelClosed,
  ConnectionLost,
  type DataPlaneError,
  DuplicateCorrelationId,
  InvalidMessage,
  MessageTooLarge,
  ReplyTimeout
} from "./Errors.ts"
import { ItsEnvironment } from "./ItsEnvironment.ts"

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** What the channel needs of a T3.0 request envelope; everything else passes through untouched. */
export interface DataPlaneMessage {
  readonly correlationId: string
  readonly operation: string
  readonly [key: string]: unknown
}

/** A decoded reply frame: a JSON object with the request's `correlationId`. Decode the rest with a Schema. */
export interface DataPlaneReply {
  readonly correlationId: string
  readonly [key: string]: unknown
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration

export interface DataPlaneSettings {
  /** `ws://` or `wss://` URL (default: the environment's). */
  readonly url: string
  /** Token audience for the upgrade (default: the environment's data-plane audience). */
  readonly audience: string
  /** Per request, from the call until its reply (including waiting for capacity or a connection). */
  readonly requestTimeout: Duration.Duration
  readonly maxInFlight: number
  readonly maxMessageBytes: number
  /** Outgoing messages larger than this are sent as fragments of this size; 0 disables fragmentation. */
  readonly fragmentBytes: number
  readonly maxConnectionAge: Duration.Duration
  /** Also replace the connection before its upgrade token's hard expiry. */
  readonly rotateBeforeTokenExpiry: boolean
  readonly pingInterval: Duration.Duration
  readonly pongTimeout: Duration.Duration
  readonly connectTimeout: Duration.Duration
  readonly reconnectBase: Duration.Duration
  readonly reconnectCap: Duration.Duration
}

const defaults = {
  requestTimeout: Duration.decode(DataPlaneDefaults.requestTimeout),
  maxInFlight: DataPlaneDefaults.maxInFlight,
  maxMessageBytes: DataPlaneDefaults.maxMessageBytes,
  fragmentBytes: DataPlaneDefaults.fragmentBytes,
  maxConnectionAge: Duration.decode(DataPlaneDefaults.maxConnectionAge),
  rotateBeforeTokenExpiry: DataPlaneDefaults.rotateBeforeTokenExpiry,
  pingInterval: Duration.decode(DataPlaneDefaults.pingInterval),
  pongTimeout: Duration.decode(DataPlaneDefaults.pongTimeout),
  connectTimeout: Duration.seconds(10),
  reconnectBase: Duration.millis(200),
  reconnectCap: Duration.seconds(30)
} satisfies Omit<DataPlaneSettings, "url" | "audience">

const positiveDuration = (name: string, fallback: Duration.Duration) =>
  Config.duration(name).pipe(
    Config.validate({ message: "Expected a positive duration", validation: (d) => Duration.toMillis(d) > 0 }),
    Config.withDefault(fallback)
  )

export class DataPlaneConfig extends Context.Tag("@its/transport/DataPlaneConfig")<
  DataPlaneConfig,
  DataPlaneSettings
>() {
  static readonly defaults = defaults

  static readonly make = (
    settings: Pick<DataPlaneSettings, "url" | "audience"> & Partial<DataPlaneSettings>
  ): DataPlaneSettings => ({ ...defaults, ...settings })

  static readonly layer = (settings: Pick<DataPlaneSettings, "url" | "audience"> & Partial<DataPlaneSettings>) =>
    Layer.succeed(DataPlaneConfig, DataPlaneConfig.make(settings))

  /** URL and audience from `ItsEnvironment`, tuning from `ITS_WS_*` keys (see README). */
  static readonly fromEnv: Layer.Layer<DataPlaneConfig, ConfigError.ConfigError, ItsEnvironment> = Layer.effect(
    DataPlaneConfig,
    Effect.gen(function* () {
      const env = yield* ItsEnvironment
      const tuning = yield* Config.all({
        requestTimeout: positiveDuration("ITS_WS_REQUEST_TIMEOUT", defaults.requestTimeout),
        maxInFlight: Config.integer("ITS_WS_MAX_IN_FLIGHT").pipe(
          Config.validate({ message: "Expected a positive integer", validation: (n) => n > 0 }),
          Config.withDefault(defaults.maxInFlight)
        ),
        maxConnectionAge: positiveDuration("ITS_WS_MAX_CONNECTION_AGE", defaults.maxConnectionAge),
        rotateBeforeTokenExpiry: Config.boolean("ITS_WS_ROTATE_BEFORE_TOKEN_EXPIRY").pipe(
          Config.withDefault(defaults.rotateBeforeTokenExpiry)
        ),
        pingInterval: positiveDuration("ITS_WS_PING_INTERVAL", defaults.pingInterval),
        pongTimeout: positiveDuration("ITS_WS_PONG_TIMEOUT", defaults.pongTimeout),
        connectTimeout: positiveDuration("ITS_WS_CONNECT_TIMEOUT", defaults.connectTimeout),
        reconnectBase: positiveDuration("ITS_WS_RECONNECT_BASE", defaults.reconnectBase),
        reconnectCap: positiveDuration("ITS_WS_RECONNECT_CAP", defaults.reconnectCap)
      })
      return DataPlaneConfig.make({ url: env.wsUrl, audience: env.wsAudience, ...tuning })
    })
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Service shape, stats, metrics

export interface DataPlaneRequestOptions {
  /** Default `DataPlaneSettings.requestTimeout`. */
  readonly timeout?: Duration.DurationInput
}

export interface DataPlaneStats {
  /** A connection is open and accepting requests. */
  readonly connected: boolean
  /** Sent and waiting for a reply. */
  readonly inFlight: number
  readonly sent: number
  /** Replies paired with a waiting request. */
  readonly replies: number
  /** Replies whose `correlationId` nobody waits for (late after a timeout, unknown, or missing). */
  readonly unmatchedReplies: number
  /** Frames that are not a JSON object. */
  readonly invalidFrames: number
  /** Requests failed with `ConnectionLost`. */
  readonly connectionLost: number
  /** Requests failed with `ReplyTimeout`. */
  readonly timeouts: number
  /** Requests refused before sending (too large, invalid, duplicate correlationId). */
  readonly rejected: number
  /** Connections opened (first, reconnects and rotations). */
  readonly connects: number
  readonly connectFailures: number
  /** Unexpected closes of the active connection. */
  readonly drops: number
  /** Proactive replacements (age or token expiry). */
  readonly rotations: number
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

const requestsMetric = Metric.counter("its_dataplane_requests_total", {
  description: "Data-plane requests by outcome (reply, connection_lost, timeout, rejected)",
  incremental: true
})
const framesMetric = Metric.counter("its_dataplane_ignored_frames_total", {
  description: "Incoming data-plane frames nobody waited for, by kind (unmatched, invalid)",
  incremental: true
})
const connectionsMetric = Metric.counter("its_dataplane_connections_total", {
  description: "Data-plane connection events (opened, failed, dropped, rotated)",
  incremental: true
})
const inFlightMetric = Metric.gauge("its_dataplane_in_flight", {
  description: "Data-plane requests sent and waiting for a reply"
})

// ---------------------------------------------------------------------------------------------------------------
// Implementation

type ConnState = "connecting" | "open" | "draining" | "closed"

interface Conn {
  readonly id: number
  readonly ws: WebSocket
  readonly token: AccessToken
  state: ConnState
  openedAt: number
  /** correlationIds sent on this connection and still waiting. */
  readonly pending: Set<string>
  readonly closed: Deferred.Deferred<void>
  readonly drained: Deferred.Deferred<void>
  alive: boolean
  pinger: Fiber.RuntimeFiber<unknown, unknown> | undefined
  closeReason: string | undefined
}

/** Reads the mutable state afresh (a plain comparison would be narrowed by TypeScript across awaits). */
const isClosed = (conn: Conn): boolean => conn.state === "closed"

interface Pending {
  readonly deferred: Deferred.Deferred<DataPlaneReply, ConnectionLost>
  readonly operation: string
  readonly conn: Conn
}

class ConnectFailed extends Error {
  constructor(
    readonly reason: string,
    readonly status?: number
  ) {
    super(reason)
  }
}

const frameText = (data: WebSocket.RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString("utf8")
    : Array.isArray(data)
      ? Buffer.concat(data).toString("utf8")
      : Buffer.from(data).toString("utf8")

const make = Effect.gen(function* () {
  const settings = yield* DataPlaneConfig
  const tokens = yield* TokenProvider
  const runtime = yield* Effect.runtime<never>()
  const scope = yield* Effect.scope
  const emit = <A, E>(effect: Effect.Effect<A, E>) => {
    Runtime.runFork(runtime)(effect)
  }
  const count = (metric: Metric.Metric.Counter<number>, tag: string, value: string) =>
    emit(Metric.increment(Metric.tagged(metric, tag, value)))

  const semaphore = yield* Effect.makeSemaphore(settings.maxInFlight)
  const pending = new Map<string, Pending>()
  const unmatched = yield* PubSub.sliding<DataPlaneReply>(1024)
  const conns = new Set<Conn>()
  let current: Conn | undefined
  /** Completed with the active connection; replaced when it goes away or another one is installed. */
  let ready = Deferred.unsafeMake<Conn, ChannelClosed>(FiberId.none)
  let readyResolved = false
  let shuttingDown = false
  let lastConnectError: string | undefined
  let nextId = 1
  const stats = {
    sent: 0,
    replies: 0,
    unmatchedReplies: 0,
    invalidFrames: 0,
    connectionLost: 0,
    timeouts: 0,
    rejected: 0,
    connects: 0,
    connectFailures: 0,
    drops: 0,
    rotations: 0
  }

  const setInFlight = () => emit(Metric.set(inFlightMetric, pending.size))

  // ----- incoming frames (ws callbacks: synchronous, no await between lookup and completion)

  const onMessage = (conn: Conn, data: WebSocket.RawData) => {
    conn.alive = true
    const text = frameText(data)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      stats.invalidFrames += 1
      count(framesMetric, "kind", "invalid")
      emit(
        Effect.logWarning("data-plane frame is not a JSON object; ignored").pipe(
          Effect.annotateLogs({ connection: conn.id, bytes: Buffer.byteLength(text), starts: text.slice(0, 60) })
        )
      )
      return
    }
    const correlationId = (json as { correlationId?: unknown }).correlationId
    const entry = typeof correlationId === "string" ? pending.get(correlationId) : undefined
    if (entry === undefined || typeof correlationId !== "string") {
      stats.unmatchedReplies += 1
      count(framesMetric, "kind", "unmatched")
      emit(
        Effect.logWarning("data-plane reply nobody waits for (late or unknown correlationId); published").pipe(
          Effect.annotateLogs({
            connection: conn.id,
            correlationId: String(correlationId),
            operation: String((json as { operation?: unknown }).operation)
          })
        )
      )
      if (typeof correlationId === "string") unmatched.unsafeOffer(json as DataPlaneReply)
      return
    }
    pending.delete(correlationId)
    entry.conn.pending.delete(correlationId)
    stats.replies += 1
    count(requestsMetric, "outcome", "reply")
    setInFlight()
    Deferred.unsafeDone(entry.deferred, Exit.succeed(json as DataPlaneReply))
    if (entry.conn.state === "draining" && entry.conn.pending.size === 0) {
      Deferred.unsafeDone(entry.conn.drained, Exit.void)
    }
  }

  const onClose = (conn: Conn, code: number, reason: string) => {
    const previous = conn.state
    if (previous === "closed") return
    conn.state = "closed"
    conns.delete(conn)
    const why = conn.closeReason ?? `connection closed (code ${code}${reason === "" ? "" : ` ${reason}`})`
    for (const correlationId of conn.pending) {
      const entry = pending.get(correlationId)
      if (entry === undefined) continue
      pending.delete(correlationId)
      stats.connectionLost += 1
      count(requestsMetric, "outcome", "connection_lost")
      Deferred.unsafeDone(
        entry.deferred,
        Exit.fail(new ConnectionLost({ correlationId, operation: entry.operation, reason: why }))
      )
    }
    conn.pending.clear()
    setInFlight()
    if (current === conn) {
      current = undefined
      if (!shuttingDown) {
        ready = Deferred.unsafeMake<Conn, ChannelClosed>(FiberId.none)
        readyResolved = false
        stats.drops += 1
        count(connectionsMetric, "event", "dropped")
        emit(
          Effect.logWarning(`data-plane connection dropped: ${why}`).pipe(Effect.annotateLogs({ connection: conn.id }))
        )
      }
    }
    if (conn.pinger !== undefined) emit(Fiber.interrupt(conn.pinger))
    Deferred.unsafeDone(conn.drained, Exit.void)
    Deferred.unsafeDone(conn.closed, Exit.void)
  }

  // ----- connecting

  const connectOnce: Effect.Effect<Conn, ConnectFailed> = Effect.gen(function* () {
    const token = yield* tokens
      .get(settings.audience)
      .pipe(Effect.mapError((error) => new ConnectFailed(`no data-plane token: ${error.message}`)))
    const ws = new WebSocket(settings.url, {
      headers: { authorization: `Bearer ${AccessToken.bearer(token)}` },
      perMessageDeflate: false,
      maxPayload: DataPlaneDefaults.maxIncomingBytes,
      handshakeTimeout: Duration.toMillis(settings.connectTimeout)
    })
    const conn: Conn = {
      id: nextId++,
      ws,
      token,
      state: "connecting",
      openedAt: 0,
      pending: new Set(),
      closed: Deferred.unsafeMake(FiberId.none),
      drained: Deferred.unsafeMake(FiberId.none),
      alive: true,
      pinger: undefined,
      closeReason: undefined
    }
    conns.add(conn)
    ws.on("message", (data) => onMessage(conn, data))
    ws.on("pong", () => {
      conn.alive = true
    })
    ws.on("close", (code, reason) => onClose(conn, code, reason.toString("utf8")))
    ws.on("error", (error) => {
      conn.closeReason ??= `connection error: ${error.message}`
    })
    yield* Effect.async<void, ConnectFailed>((resume) => {
      let done = false
      const finish = (effect: Effect.Effect<void, ConnectFailed>) => {
        if (done) return
        done = true
        resume(effect)
      }
      ws.once("open", () => finish(Effect.void))
      ws.once("unexpected-response", (request, response) => {
        const status = response.statusCode ?? 0
        response.resume()
        request.destroy()
        finish(Effect.fail(new ConnectFailed(`upgrade rejected with HTTP ${status}`, status)))
      })
      ws.once("error", (error) => finish(Effect.fail(new ConnectFailed(`cannot connect: ${error.message}`))))
      ws.once("close", () => finish(Effect.fail(new ConnectFailed("closed during the upgrade"))))
      return Effect.sync(() => ws.terminate())
    }).pipe(
      Effect.timeoutFail({
        duration: Duration.sum(settings.connectTimeout, Duration.seconds(1)),
        onTimeout: () => new ConnectFailed("upgrade timed out")
      }),
      Effect.tapError((error) =>
        Effect.gen(function* () {
          ws.terminate()
          conns.delete(conn)
          conn.state = "closed"
          if (error.status === 401) yield* tokens.invalidate(token)
        })
      )
    )
    conn.state = "open"
    conn.openedAt = yield* Clock.currentTimeMillis
    conn.pinger = yield* keepAlive(conn).pipe(Effect.forkIn(scope))
    stats.connects += 1
    count(connectionsMetric, "event", "opened")
    return conn
  })

  /** Pings; a connection that has not answered (or sent anything) by the next check is replaced. */
  const keepAlive = (conn: Conn) =>
    Effect.forever(
      Effect.gen(function* () {
        yield* Effect.sleep(settings.pingInterval)
        if (conn.state === "closed") return yield* Effect.interrupt
        conn.alive = false
        conn.ws.ping()
        yield* Effect.sleep(settings.pongTimeout)
        if (!conn.alive && !isClosed(conn)) {
          conn.closeReason = "no answer to keep-alive ping"
          yield* Effect.logWarning("data-plane connection did not answer a ping; replacing it").pipe(
            Effect.annotateLogs({ connection: conn.id })
          )
          conn.ws.terminate()
        }
      })
    )

  const connectWithRetry = connectOnce.pipe(
    Effect.tapError((error) =>
      Effect.sync(() => {
        lastConnectError = error.reason
        stats.connectFailures += 1
        count(connectionsMetric, "event", "failed")
      }).pipe(
        Effect.zipRight(
          Effect.logWarning(`data-plane connect failed: ${error.reason}`).pipe(
            Effect.annotateLogs({ url: settings.url })
          )
        )
      )
    ),
    Effect.retry(
      backoff<ConnectFailed>({
        base: settings.reconnectBase,
        cap: settings.reconnectCap,
        while: () => !shuttingDown,
        retryAfter: () => Option.none()
      })
    ),
    Effect.tap(() =>
      Effect.sync(() => {
        lastConnectError = undefined
      })
    )
  )

  const install = (conn: Conn) =>
    Effect.sync(() => {
      if (shuttingDown) {
        // Connected while the channel was closing: do not leave it open.
        conn.ws.close(1000, "client shutdown")
        return
      }
      if (conn.state !== "open") return
      current = conn
      if (readyResolved) ready = Deferred.unsafeMake<Conn, ChannelClosed>(FiberId.none)
      readyResolved = true
      Deferred.unsafeDone(ready, Exit.succeed(conn))
    })

  /** When this connection should be replaced: its age limit or its upgrade token's hard expiry. */
  const deadlineOf = (conn: Conn) => {
    const byAge = conn.openedAt + Duration.toMillis(settings.maxConnectionAge)
    if (!settings.rotateBeforeTokenExpiry) return byAge
    // Never rotate sooner than 1 s after opening, even with a token about to expire (no reconnect storm).
    return Math.min(byAge, Math.max(conn.token.hardExpiresAt, conn.openedAt + 1000))
  }

  /** Stop sending on `conn`, wait for its outstanding replies (bounded), then close it cleanly. */
  const drain = (conn: Conn) =>
    Effect.gen(function* () {
      if (conn.state !== "open") return
      conn.state = "draining"
      if (conn.pending.size === 0) Deferred.unsafeDone(conn.drained, Exit.void)
      yield* Deferred.await(conn.drained).pipe(
        Effect.timeout(Duration.sum(settings.requestTimeout, Duration.seconds(1))),
        Effect.ignore
      )
      conn.closeReason = "connection replaced"
      conn.ws.close(1000, "rotated")
      yield* Deferred.await(conn.closed).pipe(Effect.timeout("5 seconds"), Effect.ignore)
      if (!isClosed(conn)) conn.ws.terminate()
    })

  /** The connection lifecycle: connect, serve until dropped or due for rotation, repeat. */
  const manage = Effect.gen(function* () {
    let conn = yield* connectWithRetry
    while (!shuttingDown) {
      yield* install(conn)
      const wait = Math.max(0, deadlineOf(conn) - (yield* Clock.currentTimeMillis))
      const dropped = yield* Deferred.await(conn.closed).pipe(
        Effect.timeoutTo({ duration: Duration.millis(wait), onSuccess: () => true, onTimeout: () => false })
      )
      if (dropped) {
        yield* Effect.sleep(Duration.millis(yield* Random.nextRange(0, Duration.toMillis(settings.reconnectBase))))
        conn = yield* connectWithRetry
        continue
      }
      // Rotation: the new socket opens while the old one keeps serving; then the old one drains.
      const old = conn
      conn = yield* connectWithRetry
      stats.rotations += 1
      count(connectionsMetric, "event", "rotated")
      yield* install(conn)
      yield* Effect.forkIn(drain(old), scope)
    }
  })

  // Finalizers run in reverse order: this one (added after the fork) runs before the manager is interrupted.
  yield* Effect.forkScoped(manage)
  yield* Effect.addFinalizer(() =>
    Effect.gen(function* () {
      shuttingDown = true
      current = undefined
      if (readyResolved) ready = Deferred.unsafeMake<Conn, ChannelClosed>(FiberId.none)
      Deferred.unsafeDone(ready, Exit.fail(new ChannelClosed()))
      const all = [...conns]
      for (const conn of all) {
        conn.closeReason = "channel closed"
        if (conn.state === "connecting") conn.ws.terminate()
        else conn.ws.close(1000, "client shutdown")
      }
      yield* Effect.forEach(all, (conn) => Deferred.await(conn.closed), { discard: true }).pipe(
        Effect.timeout("2 seconds"),
        Effect.ignore
      )
      for (const conn of all) if (conn.state !== "closed") conn.ws.terminate()
    })
  )

  // ----- requests

  const awaitConnection: Effect.Effect<Conn, ChannelClosed> = Effect.suspend(() =>
    shuttingDown ? Effect.fail(new ChannelClosed()) : Deferred.await(ready)
  ).pipe(
    Effect.flatMap((conn) =>
      conn.state === "open" && conn === current
        ? Effect.succeed(conn)
        : Effect.zipRight(Effect.sleep("1 millis"), awaitConnection)
    )
  )

  const send = (conn: Conn, text: string, bytes: number, onError: (error: Error) => void) => {
    // ws calls back with `null` (not undefined) on success.
    const done = (error?: Error | null) => {
      if (error instanceof Error) onError(error)
    }
    if (settings.fragmentBytes <= 0 || bytes <= settings.fragmentBytes) {
      conn.ws.send(text, done)
      return
    }
    // Fragments of one message are queued synchronously, so no other message can interleave.
    const buffer = Buffer.from(text, "utf8")
    for (let offset = 0; offset < buffer.length; offset += settings.fragmentBytes) {
      const last = offset + settings.fragmentBytes >= buffer.length
      conn.ws.send(buffer.subarray(offset, offset + settings.fragmentBytes), { binary: false, fin: last }, done)
    }
  }

  const validate = (message: DataPlaneMessage): Either.Either<{ text: string; bytes: number }, string> => {
    if (typeof message !== "object" || message === null) return Either.left("not an object")
    if (typeof message.correlationId !== "string" || message.correlationId === "")
      return Either.left("correlationId must be a non-empty string")
    if (typeof message.operation !== "string" || message.operation === "")
      return Either.left("operation must be a non-empty string")
    try {
      const text = JSON.stringify(message)
      return Either.right({ text, bytes: Buffer.byteLength(text, "utf8") })
    } catch (error) {
      return Either.left(`not JSON-serializable: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  const request = Effect.fn("DataPlane.request")(function* (
    message: DataPlaneMessage,
    options: DataPlaneRequestOptions = {}
  ) {
    if (shuttingDown) return yield* new ChannelClosed()
    const checked = validate(message)
    if (Either.isLeft(checked)) {
      stats.rejected += 1
      count(requestsMetric, "outcome", "rejected")
      return yield* new InvalidMessage({ reason: checked.left })
    }
    const { correlationId, operation } = message
    yield* Effect.annotateCurrentSpan({ "its.correlation_id": correlationId, "its.operation": operation })
    const { text, bytes } = checked.right
    if (bytes > settings.maxMessageBytes) {
      stats.rejected += 1
      count(requestsMetric, "outcome", "rejected")
      return yield* new MessageTooLarge({ correlationId, operation, bytes, limit: settings.maxMessageBytes })
    }
    const timeout = options.timeout === undefined ? settings.requestTimeout : Duration.decode(options.timeout)
    let sent = false
    let waitingFor = "capacity (maxInFlight requests in flight)"

    /** Check, register and hand to the socket in one synchronous step: nothing can rotate or close in between. */
    const trySend = (conn: Conn) =>
      Effect.sync(() => {
        if (conn.state !== "open" || conn !== current) return "retry" as const
        if (pending.has(correlationId)) return "duplicate" as const
        const deferred = Deferred.unsafeMake<DataPlaneReply, ConnectionLost>(FiberId.none)
        pending.set(correlationId, { deferred, operation, conn })
        conn.pending.add(correlationId)
        setInFlight()
        send(conn, text, bytes, (error) => {
          // The write failed after the message was handed to the socket: outcome unknown.
          const entry = pending.get(correlationId)
          if (entry?.deferred !== deferred) return
          pending.delete(correlationId)
          conn.pending.delete(correlationId)
          stats.connectionLost += 1
          count(requestsMetric, "outcome", "connection_lost")
          setInFlight()
          Deferred.unsafeDone(
            deferred,
            Exit.fail(new ConnectionLost({ correlationId, operation, reason: `send failed: ${error.message}` }))
          )
        })
        sent = true
        stats.sent += 1
        return { conn, deferred }
      })

    const exchange: Effect.Effect<DataPlaneReply, DataPlaneError> = Effect.gen(function* () {
      waitingFor = "a connection"
      const conn = yield* awaitConnection
      const outcome = yield* trySend(conn)
      if (outcome === "retry") return yield* Effect.zipRight(Effect.yieldNow(), exchange)
      if (outcome === "duplicate") {
        stats.rejected += 1
        count(requestsMetric, "outcome", "rejected")
        return yield* new DuplicateCorrelationId({ correlationId })
      }
      const { deferred } = outcome
      return yield* Deferred.await(deferred).pipe(
        Effect.ensuring(
          Effect.sync(() => {
            // Timed out or interrupted: a later reply becomes "unmatched".
            if (pending.get(correlationId)?.deferred === deferred) {
              pending.delete(correlationId)
              conn.pending.delete(correlationId)
              setInFlight()
              if (conn.state === "draining" && conn.pending.size === 0) Deferred.unsafeDone(conn.drained, Exit.void)
            }
          })
        )
      )
    })

    return yield* semaphore
      .withPermits(1)(exchange)
      .pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () => {
            stats.timeouts += 1
            count(requestsMetric, "outcome", "timeout")
            return new ReplyTimeout({
              correlationId,
              operation,
              timeoutMillis: Duration.toMillis(timeout),
              sent,
              ...(sent
                ? {}
                : {
                    detail: `waiting for ${waitingFor}${lastConnectError === undefined ? "" : `; last connect error: ${lastConnectError}`}`
                  })
            })
          }
        })
      )
  })

  return DataPlane.of({
    request,
    awaitConnected: Effect.asVoid(Effect.suspend(() => awaitConnection)),
    unmatched: Stream.fromPubSub(unmatched),
    stats: Effect.sync(() => ({
      ...stats,
      connected: current !== undefined && current.state === "open",
      inFlight: pending.size
    }))
  })
}) satisfies Effect.Effect<DataPlaneShape, never, DataPlaneConfig | TokenProvider | Scope.Scope>

export class DataPlane extends Context.Tag("@its/transport/DataPlane")<DataPlane, DataPlaneShape>() {
  /** Needs `DataPlaneConfig` and a `TokenProvider`; connects in the background, closes with its scope. */
  static readonly Live: Layer.Layer<DataPlane, never, DataPlaneConfig | TokenProvider> = Layer.scoped(DataPlane, make)

  /** `Live` configured from the environment (`ItsEnvironment` + `ITS_WS_*` keys). */
  static readonly layer: Layer.Layer<DataPlane, ConfigError.ConfigError, ItsEnvironment | TokenProvider> =
    DataPlane.Live.pipe(Layer.provide(DataPlaneConfig.fromEnv))

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
      stats: Effect.succeed({
        connected: true,
        inFlight: 0,
        sent: 0,
        replies: 0,
        unmatchedReplies: 0,
        invalidFrames: 0,
        connectionLost: 0,
        timeouts: 0,
        rejected: 0,
        connects: 1,
        connectFailures: 0,
        drops: 0,
        rotations: 0
      })
    })
}
