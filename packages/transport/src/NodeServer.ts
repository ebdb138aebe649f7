/**
 * The Node HTTP(S) server every HTTP service of the project listens on (gateway, simulator): `node:http` /
 * `node:https`, except that an `Upgrade` offer other than `websocket` (e.g. the `h2c` offer Java's
 * `java.net.http.HttpClient` adds to every plain-http request) is ignored and the request is served as an ordinary
 * HTTP/1.1 request, body included (RFC 9110 §7.8: a server may ignore `Upgrade`; RFC 9113 §3.1 for h2c).
 *
 * Why this is needed: `@effect/platform-node`'s `NodeHttpServer` listens for `upgrade` (WebSockets). Node's server
 * then hands every request carrying `Connection: Upgrade` + `Upgrade: …` to that listener without parsing its body
 * (`parserOnIncoming`: `req.upgrade = … || server.listenerCount('upgrade') > 0`), and the platform answers it from the
 * upgrade path with an empty body. Here such a request is given back to Node's HTTP/1.1 parser instead: its head is
 * rebuilt from `rawHeaders` without the upgrade offer and put in front of the bytes read after it (body, pipelined
 * requests), and the socket is handed to the server's connection listener as if it had just connected. Node then parses
 * the body (Content-Length or chunked), keep-alive and pipelining as for any other request; nothing answers `101`.
 * WebSocket upgrades go to the `upgrade` listeners as before.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http"
import { createServer as createHttpsServer, Server as HttpsServer } from "node:https"
import type { Duplex, Writable } from "node:stream"

export interface NodeServerOptions {
  /** PEM certificate chain and key: an HTTPS server. Without them, plain HTTP. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined
  /**
   * How often Node checks `headersTimeout` and `requestTimeout` (Node's default: 30 s, so a 10 s header timeout
   * could take up to 40 s to bite).
   */
  readonly connectionsCheckingInterval?: number | undefined
}

/** A `node:http` (or, with `tls`, `node:https`) server that serves non-WebSocket upgrade offers as HTTP/1.1. */
export const createNodeServer = (options: NodeServerOptions = {}): Server =>
  serveUpgradeOffersAsHttp11(
    options.tls === undefined
      ? createHttpServer(checking(options))
      : (createHttpsServer({ ...checking(options), cert: options.tls.cert, key: options.tls.key }) as unknown as Server)
  )

const checking = (options: NodeServerOptions) =>
  options.connectionsCheckingInterval === undefined
    ? {}
    : { connectionsCheckingInterval: options.connectionsCheckingInterval }

const listOf = (value: string | undefined): ReadonlyArray<string> =>
  (value ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "")

/** `Upgrade: websocket` (any case, possibly among other offers): the upgrade the `upgrade` listeners handle. */
export const isWebSocketUpgrade = (request: IncomingMessage): boolean =>
  listOf(request.headers.upgrade).some((protocol) => protocol.toLowerCase() === "websocket")

/** Header fields that only make sense with the upgrade offer (RFC 9113 §3.2: `HTTP2-Settings` is hop-by-hop). */
const offerFields = new Set(["upgrade", "http2-settings"])

/**
 * The request head as sent, minus the upgrade offer: no `Upgrade` and `HTTP2-Settings` fields, and `Connection`
 * without their tokens (other tokens such as `close` stay; an emptied `Connection` field is dropped). Header bytes
 * round-trip through `latin1`, as Node's parser decoded them.
 */
export const headWithoutUpgradeOffer = (request: IncomingMessage): Buffer => {
  const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`]
  const raw = request.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    const lower = name.toLowerCase()
    if (offerFields.has(lower)) continue
    if (lower === "connection") {
      const kept = listOf(value).filter((token) => !offerFields.has(token.toLowerCase()))
      if (kept.length > 0) lines.push(`${name}: ${kept.join(", ")}`)
      continue
    }
    lines.push(`${name}: ${value}`)
  }
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1")
}

/** The response Node is writing on a socket (`ServerResponse.assignSocket`); undocumented but stable since Node 0.x. */
const responseOn = (socket: Duplex): Writable | null | undefined =>
  (socket as Duplex & { _httpMessage?: Writable | null })._httpMessage

/**
 * Runs `next` once the responses to requests pipelined before the upgrade offer are written: Node answers them from
 * the parser state it dropped at the offer, one after the other on this socket, and a fresh parser state must not
 * assign its first response while one of those holds the socket. Abandoned when the socket closes meanwhile (or a
 * response ended it: `Connection: close`).
 */
const afterPendingResponses = (socket: Duplex, next: () => void): void => {
  if (socket.destroyed || socket.writableEnded) return
  const response = responseOn(socket)
  if (response === null || response === undefined) next()
  // Node's own `finish` listener (registered first) detaches the socket and assigns the next queued response.
  else response.once("finish", () => afterPendingResponses(socket, next))
}

const served = Symbol.for("@its/transport/NodeServer/servesUpgradeOffersAsHttp11")

/**
 * Makes `server` serve non-WebSocket upgrade offers as ordinary requests (see the module comment). Idempotent; returns
 * the same server. Node emits `upgrade` through `server.emit`, so that is where the request is diverted.
 */
export const serveUpgradeOffersAsHttp11 = <S extends Server>(server: S): S => {
  const marked = server as S & { [served]?: true }
  if (marked[served]) return server
  marked[served] = true
  // An HTTPS server runs the HTTP connection listener on `secureConnection` (after the TLS handshake, already done).
  const connectionEvent = server instanceof HttpsServer ? "secureConnection" : "connection"
  const emit = server.emit as (this: S, event: string | symbol, ...args: Array<unknown>) => boolean
  server.emit = function (this: S, event: string | symbol, ...args: Array<unknown>): boolean {
    if (event === "upgrade") {
      const [request, socket, bodyHead] = args as [IncomingMessage, Duplex, Buffer]
      if (!isWebSocketUpgrade(request)) {
        afterPendingResponses(socket, () => {
          try {
            // Node has detached its parser (and its listeners) from the socket before emitting `upgrade`.
            socket.unshift(Buffer.concat([headWithoutUpgradeOffer(request), bodyHead]))
          } catch {
            // The client already ended its side: nothing left to answer.
            return void socket.destroy()
          }
          emit.call(this, connectionEvent, socket)
        })
        return true
      }
    }
    return emit.call(this, event, ...args)
  } as S["emit"]
  return server
}
