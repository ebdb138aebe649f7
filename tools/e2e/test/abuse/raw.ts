/**
 * Raw HTTP/1.1 over a TCP socket for the abuse suite: requests that `fetch` would refuse to send or would rewrite
 * (chunked bodies, invalid UTF-8, huge headers, odd targets). Every request ends with `Connection: close`, so the
 * answer is everything read until the server closes; "reset" and "no answer" are outcomes, not exceptions.
 */
import { connect } from "node:net"

export interface RawReply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export type RawOutcome = RawReply | "reset" | "no answer"

export interface RawRequest {
  readonly method: string
  readonly target: string
  readonly headers?: Record<string, string>
  /** Sent with Content-Length unless `chunks` is given. */
  readonly body?: Buffer | string
  /** Sent with Transfer-Encoding: chunked, one chunk per element. */
  readonly chunks?: ReadonlyArray<Buffer | string>
  readonly timeoutMs?: number
}

const parse = (raw: Buffer): RawReply | undefined => {
  const text = raw.toString("latin1")
  const end = text.indexOf("\r\n\r\n")
  if (end < 0) return undefined
  const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n")
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? "0")
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(":")
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"))
  if (headers["transfer-encoding"] === "chunked") {
    const parts: Array<Buffer> = []
    let rest = body
    for (;;) {
      const lineEnd = rest.indexOf("\r\n")
      if (lineEnd < 0) break
      const size = Number.parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16)
      if (!(size > 0)) break
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size))
      rest = rest.subarray(lineEnd + 2 + size + 2)
    }
    body = Buffer.concat(parts)
  }
  return { status, headers, body: body.toString("utf8") }
}

/** Sends one request on a fresh connection; resolves with the answer, "reset" or "no answer" (after the timeout). */
export const rawRequest = (port: number, request: RawRequest): Promise<RawOutcome> =>
  new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    const received: Array<Buffer> = []
    let settled = false
    const done = (outcome: RawOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    }
    const timer = setTimeout(() => done(parse(Buffer.concat(received)) ?? "no answer"), request.timeoutMs ?? 10_000)
    socket.on("data", (chunk) => received.push(chunk))
    socket.on("end", () => done(parse(Buffer.concat(received)) ?? "reset"))
    socket.on("close", () => done(parse(Buffer.concat(received)) ?? "reset"))
    // A reset after the answer was read still counts as the answer.
    socket.on("error", () => done(parse(Buffer.concat(received)) ?? "reset"))
    socket.on("connect", () => {
      const headers: Record<string, string> = { host: "127.0.0.1", connection: "close", ...request.headers }
      const body = request.body === undefined ? undefined : Buffer.from(request.body)
      if (request.chunks !== undefined) headers["transfer-encoding"] = "chunked"
      else if (body !== undefined) headers["content-length"] = String(body.length)
      const head = `${request.method} ${request.target} HTTP/1.1\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("")}\r\n`
      socket.write(head)
      if (request.chunks !== undefined) {
        for (const chunk of request.chunks) {
          const bytes = Buffer.from(chunk)
          socket.write(`${bytes.length.toString(16)}\r\n`)
          socket.write(bytes)
          socket.write("\r\n")
        }
        socket.write("0\r\n\r\n")
      } else if (body !== undefined) socket.write(body)
    })
  })

export const statusOf = (outcome: RawOutcome): number | string =>
  typeof outcome === "string" ? outcome : outcome.status
