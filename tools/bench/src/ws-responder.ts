/**
 * The bench's side of `ws-responder.mjs`: start it as another process (scoped: killed with the scope) and the
 * ceiling of the data-plane measurements — a plain `ws` client in this process sending the same envelopes and
 * pairing replies by correlationId in a `Map`, with no Effect in the path.
 */
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"

// `ws` is a dependency of @its/transport, not of the bench package: resolve it from there.
const require = createRequire(new URL("../../../packages/transport/package.json", import.meta.url))

interface PlainSocket {
  send(data: string): void
  on(event: "message", listener: (data: Buffer) => void): void
  once(event: "open", listener: () => void): void
  once(event: "error", listener: (error: Error) => void): void
  close(): void
}
const PlainWebSocket = require("ws") as new (url: string, options?: { perMessageDeflate?: boolean }) => PlainSocket

/** Starts the responder process and returns its `ws://127.0.0.1:<port>` URL; the process ends with the scope. */
export const startResponder = Effect.acquireRelease(
  Effect.async<{ url: string; stop: () => void }, Error>((resume) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL("./ws-responder.mjs", import.meta.url))], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    let output = ""
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      output += chunk
      const match = /PORT (\d+)/.exec(output)
      if (match !== null) resume(Effect.succeed({ url: `ws://127.0.0.1:${match[1]}`, stop: () => child.kill() }))
    })
    child.once("error", (error) => resume(Effect.fail(error)))
    child.once("exit", (code) => resume(Effect.fail(new Error(`responder exited with ${code}`))))
  }),
  ({ stop }) => Effect.sync(stop)
)

export interface RunResult {
  readonly count: number
  readonly perSecond: number
  readonly samples: ReadonlyArray<number>
}

/**
 * `inFlight` requests kept outstanding for `seconds` over one plain `ws` socket; `envelope(i)` gives the text and
 * its correlationId. Replies are paired by reading the correlationId with `JSON.parse` (what any client does).
 */
export const plainClientRun = (
  url: string,
  inFlight: number,
  seconds: number,
  envelope: () => { readonly correlationId: string; readonly text: string }
) =>
  Effect.async<RunResult, Error>((resume) => {
    const socket = new PlainWebSocket(url, { perMessageDeflate: false })
    const waiting = new Map<string, number>()
    const samples: Array<number> = []
    let start = 0
    let deadline = 0
    let outstanding = 0
    const sendOne = () => {
      const { correlationId, text } = envelope()
      waiting.set(correlationId, performance.now())
      outstanding++
      socket.send(text)
    }
    socket.on("message", (data) => {
      const reply = JSON.parse(data.toString()) as { correlationId: string }
      const sentAt = waiting.get(reply.correlationId)
      if (sentAt === undefined) return
      waiting.delete(reply.correlationId)
      outstanding--
      const at = performance.now()
      samples.push(at - sentAt)
      if (at < deadline) sendOne()
      else if (outstanding === 0) {
        socket.close()
        resume(Effect.succeed({ count: samples.length, perSecond: samples.length / ((at - start) / 1000), samples }))
      }
    })
    socket.once("error", (error) => resume(Effect.fail(error)))
    socket.once("open", () => {
      start = performance.now()
      deadline = start + seconds * 1000
      for (let i = 0; i < inFlight; i++) sendOne()
    })
  })
