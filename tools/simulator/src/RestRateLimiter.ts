/**
 * Server-side throttling of the simulated REST APIs: token buckets per API id and rule, driven by `Clock` (so
 * `TestClock` moves them). Unlike effect's `RateLimiter`, which makes callers wait, this one refuses: `take` says
 * how many seconds the caller should wait, which `RestGuard` sends as `Retry-After` with a 429.
 */
import { Clock, Context, Effect, Layer, Option, Ref } from "effect"
import { SimulatorConfig } from "./Config.ts"
import type { RateLimitRule, RateLimits } from "./RateLimits.ts"

interface Bucket {
  readonly tokens: number
  readonly updatedAt: number
}

interface State {
  readonly limits: RateLimits
  /** Keyed `<apiId>#<rule index>`; a missing bucket is full. */
  readonly buckets: ReadonlyMap<string, Bucket>
}

const capacity = (rule: RateLimitRule) => rule.burst ?? rule.limit

const refill = (rule: RateLimitRule, bucket: Bucket | undefined, now: number): number =>
  bucket === undefined
    ? capacity(rule)
    : Math.min(capacity(rule), bucket.tokens + ((now - bucket.updatedAt) * rule.limit) / rule.intervalMs)

/** Takes a token from every applicable rule, or none: `None` admits, `Some(seconds)` refuses with `Retry-After`. */
const take = (state: State, apiId: string, method: string, now: number): [Option.Option<number>, State] => {
  const rules = (state.limits[apiId] ?? [])
    .map((rule, index) => ({ rule, key: `${apiId}#${index}` }))
    .filter(({ rule }) => rule.method === undefined || rule.method === method.toUpperCase())
  if (rules.length === 0) return [Option.none(), state]
  const levels = rules.map((entry) => ({ ...entry, tokens: refill(entry.rule, state.buckets.get(entry.key), now) }))
  const waitMs = Math.max(
    0,
    ...levels.map(({ rule, tokens }) => (tokens >= 1 ? 0 : ((1 - tokens) * rule.intervalMs) / rule.limit))
  )
  const buckets = new Map(state.buckets)
  if (waitMs > 0) {
    // Refused requests do not consume; only the refill is recorded.
    for (const { key, tokens } of levels) buckets.set(key, { tokens, updatedAt: now })
    // The tolerance keeps float noise (1000.0000000002 ms) from adding a second.
    return [Option.some(Math.max(1, Math.ceil((waitMs - 1e-6) / 1000))), { ...state, buckets }]
  }
  for (const { key, tokens } of levels) buckets.set(key, { tokens: tokens - 1, updatedAt: now })
  return [Option.none(), { ...state, buckets }]
}

export class RestRateLimiter extends Context.Tag("@its/simulator/RestRateLimiter")<
  RestRateLimiter,
  {
    readonly limits: Effect.Effect<RateLimits>
    /** Replaces every API's rules and refills all buckets. */
    readonly set: (limits: RateLimits) => Effect.Effect<void>
    /** `None`: admitted. `Some(seconds)`: refused, retry after that many seconds (at least 1). */
    readonly take: (apiId: string, method: string) => Effect.Effect<Option.Option<number>>
    /** Refills all buckets, keeping the rules. */
    readonly reset: Effect.Effect<void>
  }
>() {
  static readonly make = (limits: RateLimits = {}) =>
    Effect.map(Ref.make<State>({ limits, buckets: new Map() }), (ref) =>
      RestRateLimiter.of({
        limits: Effect.map(Ref.get(ref), (state) => state.limits),
        set: (limits) => Ref.set(ref, { limits, buckets: new Map() }),
        take: (apiId, method) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.modify(ref, (state) => take(state, apiId, method, now))),
        reset: Ref.update(ref, (state) => ({ ...state, buckets: new Map() }))
      })
    )

  /** Starts with `SimulatorConfig.rateLimits` (off by default). */
  static readonly Live: Layer.Layer<RestRateLimiter, never, SimulatorConfig> = Layer.effect(
    RestRateLimiter,
    Effect.flatMap(SimulatorConfig, (config) => RestRateLimiter.make(config.rateLimits))
  )

  static readonly layer = (limits: RateLimits = {}): Layer.Layer<RestRateLimiter> =>
    Layer.effect(RestRateLimiter, RestRateLimiter.make(limits))
}
