/**
 * Load generation: autocannon against an HTTP target (a warm-up of the same target first), and placements straight
 * over one data-plane WebSocket with the same number in flight. Every measurement becomes a `Row`.
 */
import { createRequire } from "node:module"
import { join } from "node:path"
import { repoRoot } from "./processes.ts"

export const seconds = Number(process.env.BENCH_SECONDS ?? 10)
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 32)
export const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 1)

const require = createRequire(import.meta.url)

// Untyped dependencies: autocannon ships no types, and `ws` is not a dependency of this package (it is resolved
// from `@its/transport`, whose data plane — the one the gateway uses — is built on it).

export interface AutocannonRequest {
  readonly method?: string
  readonly path?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly setupRequest?: (request: AutocannonRequest) => AutocannonRequest
  readonly onResponse?: (status: number, body: string) => void
}

export interface AutocannonOptions {
  readonly url: string
  readonly connections: number
  readonly duration: number
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly requests?: ReadonlyArray<AutocannonRequest>
}

export interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number }
  readonly latency: { readonly p50: number; readonly p99: number }
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
}

export const autocannon = require("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>

interface WebSocketLike {
  on(event: "open", listener: () => void): void
  on(event: "error", listener: (error: Error) => void): void
  on(event: "message", listener: (data: { toString(): string }) => void): void
  send(text: string): void
  close(): void
}

const WebSocketClass = createRequire(join(repoRoot, "packages/transport/package.json"))("ws") as new (
  url: string,
  options: { readonly headers: Record<string, string> }
) => WebSocketLike

export interface Row {
  readonly scenario: string
  readonly target: string
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
  readonly errors: number
  readonly note?: string
}

export const rows: Array<Row> = []

/** A warm-up of `BENCH_WARMUP` seconds, then the measured `BENCH_SECONDS`. */
export const load = async (url: string, options: Omit<AutocannonOptions, "url" | "connections" | "duration">) => {
  await autocannon({ url, connections, duration: warmupSeconds, ...options })
  return autocannon({ url, connections, duration: seconds, ...options })
}

export const record = (scenario: string, target: string, result: AutocannonResult, note?: string) => {
  const row: Row = {
    scenario,
    target,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(note === undefined ? {} : { note })
  }
  rows.push(row)
  console.log(`  ${scenario} / ${target}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms`)
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)

/**
 * Placements straight over one data-plane WebSocket with `connections` in flight: each reply sends the next.
 * Returns what autocannon would (requests over the measured window, latency percentiles, non-accepted replies).
 */
export const directPlacements = (dataPlaneUrl: string, token: string, ticketJson: Record<string, unknown>) =>
  new Promise<{ rps: number; p50: number; p99: number; rejected: number; total: number }>((resolve, reject) => {
    const ws = new WebSocketClass(dataPlaneUrl, { headers: { Authorization: `Bearer ${token}` } })
    const sentAt = new Map<string, number>()
    const samples: Array<number> = []
    let counter = 0
    let rejected = 0
    let measuring = false
    let stopping = false
    let measureStart = 0
    let measureEnd = 0
    const sendOne = () => {
      const id = `direct-${++counter}`
      sentAt.set(id, performance.now())
      ws.send(
        JSON.stringify({
          operatorId: 9999,
          correlationId: id,
          timestampUtc: Date.now(),
          operation: "ticket-placement",
          version: "3.0",
          content: { ...ticketJson, ticketId: `bench-direct-${counter}` }
        })
      )
    }
    ws.on("error", reject)
    ws.on("message", (data) => {
      const reply = JSON.parse(data.toString()) as { correlationId?: string; content?: { status?: string } }
      const started = reply.correlationId === undefined ? undefined : sentAt.get(reply.correlationId)
      if (started === undefined || reply.correlationId === undefined) return
      sentAt.delete(reply.correlationId)
      if (measuring) {
        samples.push(performance.now() - started)
        if (reply.content?.status !== "accepted") rejected++
      }
      if (!stopping) sendOne()
      else if (sentAt.size === 0) {
        ws.close()
        const sorted = samples.sort((a, b) => a - b)
        resolve({
          rps: samples.length / ((measureEnd - measureStart) / 1000),
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          rejected,
          total: samples.length
        })
      }
    })
    ws.on("open", () => {
      for (let i = 0; i < connections; i++) sendOne()
      setTimeout(() => {
        measuring = true
        measureStart = performance.now()
        setTimeout(() => {
          // Replies to requests sent before this point but arriving later are not counted (as autocannon).
          measuring = false
          stopping = true
          measureEnd = performance.now()
        }, seconds * 1000)
      }, warmupSeconds * 1000)
    })
  })
