/**
 * TokenProvider under load against the in-process simulator, with a 2-second token lifetime (refresh at
 * 1.6 s, hard expiry at 1.8 s). For N concurrent callers calling `get` for several lifetimes it prints:
 * token requests (all outcomes, counted by the simulator) per distinct token served (target 1.00: no duplicate
 * or wasted request), requests per lifetime (1.25 expected: a refresh at 80 %), calls served inside the hard
 * margin (target 0), and cached `get` throughput next to a baseline (`Effect.succeed` of a token, same loop).
 *
 *   pnpm bench:auth            (BENCH_SECONDS=8 by default; BENCH_CALLERS=1,100,10000)
 */
import { FetchHttpClient } from "@effect/platform"
import { AccessToken, TokenProvider } from "@its/auth"
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
  readonly tokensServed: number
  readonly opsPerSecond: number
}

// Real callers are requests arriving through I/O; callers that never leave the microtask queue would starve
// the sockets (the token refresh among them), so each caller lets the event loop turn between calls.
const letIoRun = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/**
 * N fibers call `get` in a loop for `seconds`. A call counts as "inside the margin" when the token was already
 * past its hard expiry before the call started (certain, independent of scheduling after the call).
 */
const hammer = (callers: number, get: Effect.Effect<AccessToken, unknown>) =>
  Effect.gen(function* () {
    const deadline = (yield* Clock.currentTimeMillis) + seconds * 1000
    let calls = 0
    let insideMargin = 0
    const served = new Set<string>()
    const caller = Effect.gen(function* () {
      while (true) {
        const before = yield* Clock.currentTimeMillis
        if (before >= deadline) return
        const token = yield* get
        calls++
        if (before >= token.hardExpiresAt) insideMargin++
        served.add(AccessToken.bearer(token))
        yield* letIoRun
      }
    })
    const start = yield* Clock.currentTimeMillis
    yield* Effect.all(
      Array.from({ length: callers }, () => caller),
      { concurrency: "unbounded", discard: true }
    )
    const elapsed = ((yield* Clock.currentTimeMillis) - start) / 1000
    return { calls, insideMargin, tokensServed: served.size, opsPerSecond: calls / elapsed }
  })

/** Cached `get` throughput: one fiber, back to back, for a second. */
const tightLoop = (get: Effect.Effect<AccessToken, unknown>) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    let calls = 0
    while ((yield* Clock.currentTimeMillis) - start < 1000) {
      for (let i = 0; i < 1000; i++) yield* get
      calls += 1000
    }
    return calls / (((yield* Clock.currentTimeMillis) - start) / 1000)
  })

/** A simulator with 2-second tokens and a provider pointed at it, for the scope of `use`. */
const withProvider = <A, E>(
  use: (tokens: TokenProvider["Type"], sim: Context.Context<Counters>) => Effect.Effect<A, E>
) =>
  Effect.scoped(
    Effect.gen(function* () {
      const sim = yield* Layer.build(Simulator.layerTest({ tokenTtl: LIFETIME_SECONDS }))
      const tokensLayer = TokenProvider.layerWith({
        clientId: "its-sim-client",
        clientSecret: Redacted.make("its-sim-secret"),
        tokenUrl: Context.get(sim, SimulatorInfo).tokenUrl
      })
      const provider = yield* Layer.build(tokensLayer.pipe(Layer.provide(FetchHttpClient.layer)))
      return yield* use(Context.get(provider, TokenProvider), sim)
    })
  )

const runOne = (callers: number) =>
  withProvider((tokens, sim) =>
    Effect.gen(function* () {
      const run = yield* hammer(callers, tokens.get())
      const requests = yield* Context.get(sim, Counters).total()
      return { callers, requests, ...run } satisfies Result
    })
  )

const cachedThroughput = withProvider((tokens) =>
  Effect.gen(function* () {
    const token = yield* tokens.get()
    return { get: yield* tightLoop(tokens.get()), baseline: yield* tightLoop(Effect.succeed(token)) }
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
    "callers | token requests | tokens served | requests/token | requests per 2 s lifetime | calls inside margin | calls/s (I/O turn per call) | baseline calls/s | ratio"
  )
  for (const callers of callerCounts) {
    const r = yield* runOne(callers)
    const b = yield* baseline(callers)
    console.log(
      [
        String(callers).padStart(7),
        String(r.requests).padStart(14),
        String(r.tokensServed).padStart(13),
        (r.requests / r.tokensServed).toFixed(2).padStart(14),
        ((r.requests / seconds) * LIFETIME_SECONDS).toFixed(2).padStart(25),
        String(r.insideMargin).padStart(19),
        Math.round(r.opsPerSecond).toLocaleString("en").padStart(27),
        Math.round(b.opsPerSecond).toLocaleString("en").padStart(16),
        (r.opsPerSecond / b.opsPerSecond).toFixed(2).padStart(5)
      ].join(" | ")
    )
  }
  const t = yield* cachedThroughput
  console.log(
    `cached get, one fiber back to back: ${Math.round(t.get).toLocaleString("en")} ops/s; ` +
      `baseline (Effect.succeed) ${Math.round(t.baseline).toLocaleString("en")} ops/s; ratio ${(t.get / t.baseline).toFixed(2)}`
  )
})

Effect.runPromise(program.pipe(Logger.withMinimumLogLevel(LogLevel.Warning))).catch((error) => {
  console.error(error)
  process.exit(1)
})
