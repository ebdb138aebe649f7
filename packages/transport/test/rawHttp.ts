/**
 * Raw HTTP/1.1 over a TCP socket for the upgrade-offer tests: the exact bytes a client sends (here: Java's h2c offer)
 * and every response read back, split by `Content-Length`. `node:http`'s client cannot send a body with
 * `Connection: Upgrade`, and `fetch` refuses those headers.
 */
import { connect, type Socket } from "node:net"

/** The three header fields `java.net.http.HttpClient` adds to plain-http requests (HTTP/2 preferred). */
export const h2cOffer = [
  "Connection: Upgrade, HTTP2-Settings",
  "Upgrade: h2c",
  "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA"
] as const

export interface RawResponse {
  readonly statusLine: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** One request's bytes: `headers` as `Name: value` lines; a string body gets its `Content-Length`. */
export const rawRequest = (
  method: string,
  target: string,
  host: string,
  headers: ReadonlyArray<string>,
  body?: string
): string => {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...headers]
  if (body !== undefined && !headers.some((h) => /^transfer-encoding:/i.test(h)))
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`)
  return `${lines.join("\r\n")}\r\n\r\n${body ?? ""}`
}

/** Splits what was read into responses (every response here has a `Content-Length`). */
export const parseResponses = (data: string): Array<RawResponse> => {
  const responses: Array<RawResponse> = []
  let rest = data
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n")
    if (end < 0) break
    const [statusLine = "", ...fields] = rest.slice(0, end).split("\r\n")
    const headers: Record<string, string> = {}
    for (const field of fields) {
      const colon = field.indexOf(":")
      headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim()
    }
    const length = Number(headers["content-length"] ?? "0")
    const bodyBytes = Buffer.from(rest.slice(end + 4), "utf8")
    if (bodyBytes.length < length) break
    const body = bodyBytes.subarray(0, length).toString("utf8")
    responses.push({ statusLine, status: Number(statusLine.split(" ")[1]), headers, body })
    rest = bodyBytes.subarray(length).toString("utf8")
  }
  return responses
}

export interface RawConnection {
  readonly socket: Socket
  readonly write: (bytes: string) => void
  /** Resolves once `count` complete responses were read (rejects after `timeoutMs`, with what was read). */
  readonly responses: (count: number, timeoutMs?: number) => Promise<Array<RawResponse>>
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>
  readonly text: () => string
  readonly end: () => void
}

export const openRaw = (port: number, host = "127.0.0.1"): Promise<RawConnection> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, host)
    let data = ""
    const waiters = new Set<() => void>()
    socket.setEncoding("utf8")
    socket.on("data", (chunk: string) => {
      data += chunk
      for (const waiter of waiters) waiter()
    })
    const closed = new Promise<void>((done) => socket.on("close", () => done()))
    socket.on("close", () => {
      for (const waiter of waiters) waiter()
    })
    socket.once("error", reject)
    socket.once("connect", () =>
      resolve({
        socket,
        write: (bytes) => socket.write(bytes),
        responses: (count, timeoutMs = 5_000) =>
          new Promise((done, fail) => {
            const check = () => {
              const parsed = parseResponses(data)
              if (parsed.length >= count) {
                waiters.delete(check)
                clearTimeout(timer)
                done(parsed)
              } else if (socket.destroyed) {
                waiters.delete(check)
                clearTimeout(timer)
                fail(new Error(`connection closed after ${parsed.length} of ${count} responses; read: ${data}`))
              }
            }
            const timer = setTimeout(() => {
              waiters.delete(check)
              fail(new Error(`${count} responses not read within ${timeoutMs} ms; read: ${data}`))
            }, timeoutMs)
            waiters.add(check)
            check()
          }),
        closed,
        text: () => data,
        end: () => socket.destroy()
      })
    )
  })

/** Sends `bytes` on a fresh connection and reads `count` responses; the connection is closed afterwards. */
export const exchange = async (port: number, bytes: string, count = 1): Promise<Array<RawResponse>> => {
  const connection = await openRaw(port)
  try {
    connection.write(bytes)
    return await connection.responses(count)
  } finally {
    connection.end()
  }
}
