/**
 * One data-plane WebSocket: the upgrade (bearer token, timeout, 401 → token invalidated), its socket events turned
 * into `ConnectionEvent`s for the event loop, fragmented sends and the keep-alive ping. It owns no request state:
 * which requests a connection carries is the event loop's business (`CorrelationTable`).
 */
import { AccessToken, TokenProvider } from "@its/auth"
import { Deferred, Duration, Effect } from "effect"
import WebSocket from "ws"
import { DataPlaneDefaults } from "../Assumptions.ts"
import type { DataPlaneSettings } from "./Config.ts"

export type ConnectionState = "connecting" | "open" | "draining" | "closed"

export interface Connection {
  readonly id: number
  readonly ws: WebSocket
  readonly token: AccessToken
  readonly openedAt: number
  /** Written by the event loop only. */
  state: ConnectionState
  /** Set by the keep-alive check and the socket's error events; names the cause when the socket closes. */
  closeReason: string | undefined
  /** Any frame or pong since the last ping. */
  alive: boolean
  /** Completed when the socket has closed (and the loop has failed what it carried). */
  readonly closed: Deferred.Deferred<void>
  /** Completed when a draining connection has no request left waiting. */
  readonly drained: Deferred.Deferred<void>
  /** The write callback, one per connection (not one closure per message). */
  readonly written: (error?: Error | null) => void
}

/** Reads the state afresh (a plain comparison would stay narrowed by TypeScript across a yield). */
export const isClosed = (connection: Connection): boolean => connection.state === "closed"

/** What a socket reports to the event loop. */
export type ConnectionEvent =
  | { readonly _tag: "Frame"; readonly connection: Connection; readonly data: WebSocket.RawData }
  | { readonly _tag: "Closed"; readonly connection: Connection; readonly code: number; readonly reason: string }

export class ConnectFailed extends Error {
  constructor(
    readonly reason: string,
    readonly status?: number
  ) {
    super(reason)
  }
}

export const frameText = (data: WebSocket.RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString("utf8")
    : Array.isArray(data)
      ? Buffer.concat(data).toString("utf8")
      : Buffer.from(data).toString("utf8")

/**
 * Opens a socket with a fresh token and waits for the upgrade. `register` sees the socket before it can emit
 * anything (so a shutdown can close it while connecting); `emit` receives its frames and its close.
 */
export const openConnection = (options: {
  readonly id: number
  readonly settings: DataPlaneSettings
  readonly openedAt: Effect.Effect<number>
  readonly register: (ws: WebSocket) => () => void
  readonly emit: (event: ConnectionEvent) => void
}): Effect.Effect<Connection, ConnectFailed, TokenProvider> =>
  Effect.gen(function* () {
    const { settings } = options
    const tokens = yield* TokenProvider
    const token = yield* tokens
      .get(settings.audience)
      .pipe(Effect.mapError((error) => new ConnectFailed(`no data-plane token: ${error.message}`)))
    const ws = new WebSocket(settings.url, {
      headers: { authorization: `Bearer ${AccessToken.bearer(token)}` },
      perMessageDeflate: false,
      maxPayload: DataPlaneDefaults.maxIncomingBytes,
      handshakeTimeout: Duration.toMillis(settings.connectTimeout)
    })
    const unregister = options.register(ws)
    const closed = yield* Deferred.make<void>()
    const drained = yield* Deferred.make<void>()
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
        Effect.suspend(() => {
          ws.terminate()
          unregister()
          return error.status === 401 ? Effect.asVoid(tokens.invalidate(token)) : Effect.void
        })
      )
    )
    const connection: Connection = {
      id: options.id,
      ws,
      token,
      openedAt: yield* options.openedAt,
      state: "open",
      closeReason: undefined,
      alive: true,
      closed,
      drained,
      // ws calls back with `null` on success; a failed write also closes the socket, which fails what it carried.
      written: (error) => {
        if (error instanceof Error) connection.closeReason ??= `send failed: ${error.message}`
      }
    }
    ws.on("message", (data) => {
      connection.alive = true
      options.emit({ _tag: "Frame", connection, data })
    })
    ws.on("pong", () => {
      connection.alive = true
    })
    ws.on("error", (error) => {
      connection.closeReason ??= `connection error: ${error.message}`
    })
    ws.on("close", (code, reason) => {
      unregister()
      options.emit({ _tag: "Closed", connection, code, reason: reason.toString("utf8") })
    })
    return connection
  })

/** One text message; over `fragmentBytes`, fragments of one message queued synchronously (nothing interleaves). */
export const sendText = (connection: Connection, text: string, bytes: number, fragmentBytes: number): void => {
  if (fragmentBytes <= 0 || bytes <= fragmentBytes) {
    connection.ws.send(text, connection.written)
    return
  }
  const buffer = Buffer.from(text, "utf8")
  for (let offset = 0; offset < buffer.length; offset += fragmentBytes) {
    const last = offset + fragmentBytes >= buffer.length
    connection.ws.send(
      buffer.subarray(offset, offset + fragmentBytes),
      { binary: false, fin: last },
      connection.written
    )
  }
}

/**
 * Runs `write` with the connection's TCP socket corked, so the messages of one event-loop batch leave in one
 * `writev` instead of one syscall each (the largest self-time frame of the send path before). `_socket` is `ws`'s
 * own field (ws 8); without it the writes simply go out one by one.
 */
export const corked = (connection: Connection | undefined, write: () => void): void => {
  const socket = (connection?.ws as unknown as { _socket?: { cork(): void; uncork(): void } } | undefined)?._socket
  socket?.cork()
  try {
    write()
  } finally {
    socket?.uncork()
  }
}

/** Pings; a connection that has not answered (or sent anything) by the next check is replaced. Ends on close. */
export const keepAlive = (connection: Connection, settings: DataPlaneSettings) =>
  Effect.gen(function* () {
    while (!isClosed(connection)) {
      yield* Effect.sleep(settings.pingInterval)
      if (isClosed(connection)) return
      connection.alive = false
      connection.ws.ping()
      yield* Effect.sleep(settings.pongTimeout)
      if (!connection.alive && !isClosed(connection)) {
        connection.closeReason = "no answer to keep-alive ping"
        yield* Effect.logWarning("data-plane connection did not answer a ping; replacing it").pipe(
          Effect.annotateLogs({ connection: connection.id })
        )
        connection.ws.terminate()
      }
    }
  })
