/**
 * `@its/transport` against the in-process simulator (loopback, 127.0.0.1, port 0):
 *
 * (a) REST overhead: N sequential GETs (after a warm-up) of one guarded example endpoint through `ItsHttp`
 *     (`NodeHttpClient.layerUndici`, client-side pacing off), through the bare `HttpClient` on the same undici
 *     layer, and through Node's global `fetch` (the raw baseline: `undici` itself does not resolve from this
 *     package); mean / p50 / p99 per request and the ratios to the baseline.
 * (b) Data plane (`dataplane-bench.ts`): placements/s over one WebSocket against a canned-reply responder in
 *     another process, through `DataPlane.request` and `Tickets.placeTicket`, next to a plain `ws` client.
 *
 *   pnpm bench:transport     (BENCH_REQUESTS=2000, BENCH_WARMUP=200, BENCH_SECONDS=3; BENCH_PART=rest|dataplane)
 */
import { Effect, Logger, LogLevel } from "effect"
import { dataPlaneBench } from "./dataplane-bench.ts"

const wsSeconds = Number(process.env.BENCH_SECONDS ?? process.env.BENCH_WS_SECONDS ?? 3)
const part = process.env.BENCH_PART ?? "all"

const program = Effect.gen(function* () {
  console.log(`@its/transport benchmark (Node ${process.version})`)
  if (part !== "dataplane") {
    // Loaded only when needed: the data-plane part alone also runs from built code (no simulator import).
    const rest = yield* Effect.promise(() => import("./transport-rest-bench.ts"))
    yield* rest.restBench
    console.log("")
    yield* Effect.scoped(rest.inMemoryBench)
    console.log("")
  }
  if (part !== "rest") yield* dataPlaneBench(wsSeconds)
})

Effect.runPromise(program.pipe(Logger.withMinimumLogLevel(LogLevel.Warning))).catch((error) => {
  console.error(error)
  process.exit(1)
})
