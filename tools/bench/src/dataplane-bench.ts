/**
 * (b) Data-plane throughput over ONE WebSocket against `ws-responder.mjs` (another process that answers each message
 * with a canned reply), so that the figures are the client's own cost:
 *   - plain `ws` client in this process (the ceiling),
 *   - `DataPlane.request`,
 *   - `Tickets.placeTicket` (default: accepted → `ticket-placement-ack`, i.e. two round trips per placement) and
 *     `placeTicket` with `autoAck: false` (one round trip),
 * each at 1, 16 and 256 requests in flight, with p50 / p99 and the ratio to the goal (≥ 10 000 placements/s).
 */
import { TokenProvider } from "@its/auth"
import { Build, Tickets } from "@its/tickets"
import { DataPlane } from "@its/transport"
import { Context, Effect, Layer } from "effect"
import { plainClientRun, type RunResult, startResponder } from "./ws-responder.ts"

const inFlightLevels = (process.env.BENCH_IN_FLIGHT ?? "1,16,256").split(",").map(Number)
/** `BENCH_ONLY=request,place` runs a subset (for profiling one path): plain, request, place, place-noack. */
const only = new Set((process.env.BENCH_ONLY ?? "plain,request,place,place-noack").split(","))
const goal = 10_000
const audience = "mbs-dp-non-prod-wss"

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)

let sequence = 0
const envelope = () => {
  const correlationId = `bench-${++sequence}`
  return {
    operatorId: 9985,
    correlationId,
    timestampUtc: Date.now(),
    operation: "ticket-placement",
    version: "3.0",
    content: { type: "ticket", ticketId: correlationId }
  }
}

const context = { channel: { type: "internet" as const, ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
const ticket = () =>
  Build.single({
    ticketId: `Bench_${++sequence}`,
    selection: Build.uf({ productId: "3", eventId: "sr:match:1", marketId: "1", outcomeId: "1", odds: "1.5" }),
    stake: Build.cash("10", "EUR"),
    context
  })

/** `inFlight` fibers each running `one` back to back for `seconds`. */
const fibersRun = <E>(inFlight: number, seconds: number, one: Effect.Effect<unknown, E>) =>
  Effect.gen(function* () {
    const samples: Array<number> = []
    const start = performance.now()
    const deadline = start + seconds * 1000
    const worker = Effect.gen(function* () {
      while (performance.now() < deadline) {
        const sent = performance.now()
        yield* one
        samples.push(performance.now() - sent)
      }
    })
    yield* Effect.all(
      Array.from({ length: inFlight }, () => worker),
      { concurrency: "unbounded", discard: true }
    )
    return { count: samples.length, perSecond: samples.length / ((performance.now() - start) / 1000), samples }
  })

const fmt = (n: number) => Math.round(n).toLocaleString("en")

const row = (name: string, inFlight: number, r: RunResult, ceiling: number | undefined) => {
  const sorted = [...r.samples].sort((a, b) => a - b)
  console.log(
    [
      name.padEnd(30),
      String(inFlight).padStart(9),
      fmt(r.perSecond).padStart(9),
      `${percentile(sorted, 50).toFixed(3)} ms`.padStart(10),
      `${percentile(sorted, 99).toFixed(3)} ms`.padStart(10),
      (r.perSecond / goal).toFixed(2).padStart(9),
      (ceiling === undefined ? "-" : (r.perSecond / ceiling).toFixed(2)).padStart(10)
    ].join(" | ")
  )
}

export const dataPlaneBench = (seconds: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const responder = yield* startResponder
      const built = yield* Layer.build(
        Tickets.layerWith({ operatorId: 9985 }).pipe(
          Layer.provideMerge(DataPlane.layerWith({ url: responder.url, audience, maxInFlight: 1000 })),
          Layer.provide(TokenProvider.layerTest({ [audience]: "bench-token" }))
        )
      )
      const dataPlane = Context.get(built, DataPlane)
      const tickets = Context.get(built, Tickets)
      yield* dataPlane.awaitConnected
      const warm = Math.min(1, seconds)

      console.log(
        `(b) data plane over one WebSocket to a canned-reply responder in another process, ${seconds} s per row`
      )
      console.log(
        "client                         | in flight |       /s |        p50 |        p99 | /s ÷ 10k | ÷ plain ws"
      )
      for (const inFlight of inFlightLevels) {
        const plainOnce = (duration = seconds) =>
          plainClientRun(responder.url, inFlight, duration, () => {
            const message = envelope()
            return { correlationId: message.correlationId, text: JSON.stringify(message) }
          })
        if (only.has("plain")) yield* plainOnce(warm)
        const plain = only.has("plain") ? yield* plainOnce() : undefined
        if (plain !== undefined) row("plain ws client (ceiling)", inFlight, plain, undefined)

        const targets = [
          ["request", "DataPlane.request", Effect.suspend(() => dataPlane.request(envelope()))],
          ["place", "Tickets.placeTicket (+ack)", Effect.suspend(() => tickets.placeTicket(ticket()))],
          [
            "place-noack",
            "Tickets.placeTicket (no ack)",
            Effect.suspend(() => tickets.placeTicket(ticket(), { autoAck: false }))
          ]
        ] as const
        for (const [key, name, one] of targets) {
          if (!only.has(key)) continue
          yield* fibersRun(inFlight, warm, one as Effect.Effect<unknown, unknown>)
          const result = yield* fibersRun(inFlight, seconds, one as Effect.Effect<unknown, unknown>)
          row(name, inFlight, result, plain?.perSecond)
        }
      }
      const stats = yield* dataPlane.stats
      console.log(
        `stats: sent ${stats.sent}, replies ${stats.replies}, unmatched ${stats.unmatchedReplies}, ` +
          `timeouts ${stats.timeouts}, connection lost ${stats.connectionLost}, connects ${stats.connects}`
      )
    })
  )
