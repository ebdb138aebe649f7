/**
 * TokenProvider under load against the in-process simulator, with a 2-second token lifetime (refresh at
 * 1.6 s, hard expiry at 1.8 s). For N concurrent callers calling `get` for several lifetimes it prints:
 * token requests per refresh cycle (target 1.00), calls served inside the hard margin (target 0), and cached
 * `get` throughput, with a baseline (`Effect.succeed` of a token, same loop) run in the same process.
 *
 *   pnpm bench:auth            (BENCH_SECONDS=8 by default; BENCH_CALLERS=1,100,10000)
 */
import { FetchHttpClient } from "@effect/platform"
import { AccessToken, AuthConfig, TokenProvider } from "@its/auth"
import { Counters, Simulator, SimulatorInfo } from "@its/simulator"
import { Clock, Context, Effect, Layer, Logger, LogLevel, Redacted } from "effect"

const LIFETIME_SECONDS = 2
const seconds = Number(process.env.BENCH_SECONDS ?? 8)
const callerCounts = (process.env.BENCH_CALLERS ?? "1,100,10000").split(",").map(Number)

interface Result {
  readonly callers: number
  readonly calls: number
  readonly insideMargin: number
  readonly requests: number
  readonly cycles: number
  readonly opsPerSecond: number
}

/** N fibers call `get` in a loop for `seconds`; each checks the token it got against the clock. */
const hammer = (callers: number, get: Effect.Effect<AccessToken, unknown>) =>
  Effect.gen(function* () {
    const deadline = (yield* Clock.currentTimeMillis) + seconds * 1000
    let calls = 0
    let insideMargin = 0
    const caller = Effect.gen(function* () {
      while ((yield* Clock.currentTimeMillis) < deadline) {
        const token = yield* get
        calls++
        if ((yield* Clock.currentTimeMillis) >= token.hardExpiresAt) insideMargin++
        yield* Effect.yieldNow()
      }
    })
    const start = yield* Clock.currentTimeMillis
    yield* Effect.all(
      Array.from({ length: callers }, () => caller),
      { concurrency: "unbounded", discard: true }
    )
    const elapsed = ((yield* Clock.currentTimeMillis) - start) / 1000
    return { calls, insideMargin, opsPerSecond: calls / elapsed }
  })

const runOne = (callers: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const sim = yield* Layer.build(Simulator.layerTest({ tokenTtl: LIFETIME_SECONDS }))
      const config = AuthConfig.layer({
        clientId: "its-sim-client",
        clientSecret: Redacted.make("its-sim-secret"),
        tokenUrl: Context.get(sim, SimulatorInfo).tokenUrl
      })
      const provider = yield* Layer.build(TokenProvider.Live.pipe(Layer.provide([config, FetchHttpClient.layer])))
      const tokens = Context.get(provider, TokenProvider)
      const first = yield* tokens.get() // warm: the first token, so every cycle below is a refresh
      const refreshEvery = first.refreshAt - first.issuedAt
      const run = yield* hammer(callers, tokens.get())
      const requests = yield* Context.get(sim, Counters).total({ outcome: "issued" })
      // The first token plus one refresh per elapsed refresh interval.
      const cycles = 1 + Math.floor((seconds * 1000) / refreshEvery)
      return { callers, requests, cycles, ...run } satisfies Result
    })
  )

const baseline = (callers: number) => {
  const token = AccessToken.unexpiring("baseline", "x")
  return hammer(callers, Effect.succeed(token))
}

const program = Effect.gen(function* () {
  console.log(
    `TokenProvider benchmark: ${LIFETIME_SECONDS} s tokens, ${seconds} s per run (${seconds / LIFETIME_SECONDS} lifetimes)`
  )
  console.log(
    "callers | token requests | refresh cycles | requests/cycle | per 2 s lifetime | calls inside margin | get ops/s | baseline ops/s | get/baseline"
  )
  for (const callers of callerCounts) {
    const r = yield* runOne(callers)
    const b = yield* baseline(callers)
    console.log(
      [
        String(callers).padStart(7),
        String(r.requests).padStart(14),
        String(r.cycles).padStart(14),
        (r.requests / r.cycles).toFixed(2).padStart(14),
        ((r.requests / seconds) * LIFETIME_SECONDS).toFixed(2).padStart(16),
        String(r.insideMargin).padStart(19),
        Math.round(r.opsPerSecond).toLocaleString("en").padStart(9),
        Math.round(b.opsPerSecond).toLocaleString("en").padStart(14),
        (r.opsPerSecond / b.opsPerSecond).toFixed(2).padStart(12)
      ].join(" | ")
    )
  }
})

Effect.runPromise(program.pipe(Logger.withMinimumLogLevel(LogLevel.Warning))).catch((error) => {
  console.error(error)
  process.exit(1)
})
