/**
 * A small data-plane stand-in for loopback tests: a `ws` WebSocketServer on 127.0.0.1, port 0, closed with the
 * test's scope. It records upgrades (with their Authorization header), every received message and close codes;
 * `onMessage` decides what to answer (default: an echo reply with the same correlationId).
 */
import type { IncomingMessage } from "node:http"
import { Effect } from "effect"
import { type WebSocket, WebSocketServer } from "ws"

export interface Received {
  readonly connection: number
  readonly text: string
  // biome-ignore lint/suspicious/noExplicitAny: test server reads arbitrary JSON
  readonly json: any
}

export interface Upgrade {
  readonly connection: number
  readonly authorization: string | undefined
}

export interface MessageContext {
  readonly socket: WebSocket
  readonly connection: number
  readonly received: Received
  readonly reply: (body?: Record<string, unknown>) => void
}

export interface ServerOptions {
  /** Default: reply at once. */
  readonly onMessage?: (context: MessageContext) => void
  /** HTTP status to refuse the upgrade with, or undefined to accept. */
  readonly rejectUpgrade?: (authorization: string | undefined, attempt: number) => number | undefined
  /** Answer pings (default true); false simulates a half-dead peer. */
  readonly autoPong?: boolean
}

export const echoReply = (json: { correlationId: string; operation: string; content?: unknown }) => ({
  correlationId: json.correlationId,
  operation: json.operation,
  version: "3.0",
  timestampUtc: 1,
  content: { type: `${json.operation}-reply`, echo: json.content }
})

export const startServer = (options: ServerOptions = {}) =>
  Effect.acquireRelease(
    Effect.async<{ wss: WebSocketServer; port: number }>((resume) => {
      let attempts = 0
      const wss = new WebSocketServer({
        host: "127.0.0.1",
        port: 0,
        maxPayload: 1024 * 1024,
        autoPong: options.autoPong ?? true,
        verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number) => void) => {
          attempts += 1
          const status = options.rejectUpgrade?.(info.req.headers.authorization, attempts)
          if (status === undefined) done(true)
          else done(false, status)
        }
      })
      wss.on("listening", () => {
        const address = wss.address()
        resume(Effect.succeed({ wss, port: typeof address === "object" && address !== null ? address.port : 0 }))
      })
    }),
    ({ wss }) =>
      Effect.async<void>((resume) => {
        for (const client of wss.clients) client.terminate()
        wss.close(() => resume(Effect.void))
      })
  ).pipe(
    Effect.map(({ wss, port }) => {
      const upgrades: Array<Upgrade> = []
      const received: Array<Received> = []
      const closeCodes: Array<number> = []
      const sockets = new Map<number, WebSocket>()
      let connections = 0
      wss.on("connection", (socket, req) => {
        connections += 1
        const connection = connections
        sockets.set(connection, socket)
        upgrades.push({ connection, authorization: req.headers.authorization })
        socket.on("close", (code) => {
          closeCodes.push(code)
          sockets.delete(connection)
        })
        socket.on("message", (data) => {
          const text = data.toString()
          let json: unknown
          try {
            json = JSON.parse(text)
          } catch {
            json = undefined
          }
          const message: Received = { connection, text, json }
          received.push(message)
          const reply = (body: Record<string, unknown> = echoReply(message.json)) => {
            if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(body))
          }
          if (options.onMessage === undefined) reply()
          else options.onMessage({ socket, connection, received: message, reply })
        })
      })
      return {
        url: `ws://127.0.0.1:${port}`,
        upgrades,
        received,
        closeCodes,
        /** Open server-side sockets, by connection number. */
        sockets,
        /** Cuts every connection without a close handshake, as a network failure does. */
        dropAll: () => {
          for (const socket of sockets.values()) socket.terminate()
        }
      }
    })
  )

/** Polls `condition` every 5 ms (real time) up to `timeout`. */
export const eventually = (condition: () => boolean, timeout = 5_000) =>
  Effect.gen(function* () {
    const start = Date.now()
    while (!condition()) {
      if (Date.now() - start > timeout) return yield* Effect.dieMessage("condition not met in time")
      yield* Effect.sleep("5 millis")
    }
  })
