/**
 * Server-side throttling of the simulated REST APIs with `@effect/experimental`'s `RateLimiter` (token buckets in its
 * memory store, on `Clock` time so `TestClock` moves them). Unlike a client-side limiter, which makes callers wait,
 * this one refuses: `take` says how many seconds the caller should wait, which `RestGuard` sends as `Retry-After`
 * with a 429.
 *
 * Two details keep the answers exact:
 * - The store refills whole tokens only, so a bucket counts microseconds of refill time (a request costs
 *   `intervalMs / limit` ms of them): a partly refilled bucket then reports how long is really left, and
 *   `Retry-After` is the time until the emptiest applicable bucket holds one request.
 * - A request takes a token from every applicable rule or from none: the buckets are first read (a zero-token
 *   `consume`), and only taken from when all of them admit; one request at a time.
 */
import { RateLimiter } from "@effect/experimental"
import { Context, Duration, Effect, Layer, Option, Ref } from "effect"
import { SimulatorConfig } from "./Config.ts"
import type { RateLimitRule, RateLimits } from "./RateLimits.ts"

/** Bucket units per millisecond of refill time. */
const UnitsPerMs = 1000

interface Bucket {
  readonly key: string
  /** Units one request takes (the refill time of one token). */
  readonly cost: number
  /** Capacity in units: `burst` requests. */
  readonly capacity: number
}

const bucketOf = (apiId: string, index: number, rule: RateLimitRule): Bucket => {
  const cost = Math.max(1, Math.round((rule.intervalMs * UnitsPerMs) / rule.limit))
  return { key: `${apiId}#${index}`, cost, capacity: (rule.burst ?? rule.limit) * cost }
}

/** The options that make the store refill one unit per microsecond: a window of `capacity` microseconds. */
const consumeOptions = (bucket: Bucket, tokens: number) => ({
  key: bucket.key,
  algorithm: "token-bucket" as const,
  onExceeded: "fail" as const,
  limit: bucket.capacity,
  window: Duration.nanos(BigInt(bucket.capacity) * BigInt(1_000_000 / UnitsPerMs)),
  tokens
})

const freshLimiter = RateLimiter.make.pipe(Effect.provide(RateLimiter.layerStoreMemory))

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
  static readonly make = (initial: RateLimits = {}) =>
    Effect.gen(function* () {
      const limits = yield* Ref.make(initial)
      const limiter = yield* Ref.make(yield* freshLimiter)
      const oneAtATime = (yield* Effect.makeSemaphore(1)).withPermits(1)

      const take = (apiId: string, method: string) =>
        Effect.gen(function* () {
          const buckets = ((yield* Ref.get(limits))[apiId] ?? []).flatMap((rule, index) =>
            rule.method === undefined || rule.method === method.toUpperCase() ? [bucketOf(apiId, index, rule)] : []
          )
          if (buckets.length === 0) return Option.none()
          const store = yield* Ref.get(limiter)
          const held = yield* Effect.forEach(buckets, (bucket) => store.consume(consumeOptions(bucket, 0)))
          const waitUnits = Math.max(0, ...buckets.map((bucket, i) => bucket.cost - held[i]!.remaining))
          if (waitUnits > 0) return Option.some(Math.max(1, Math.ceil(waitUnits / (1000 * UnitsPerMs))))
          yield* Effect.forEach(buckets, (bucket) => store.consume(consumeOptions(bucket, bucket.cost)), {
            discard: true
          })
          return Option.none<number>()
        }).pipe(Effect.orDie, oneAtATime)

      const refill = Effect.flatMap(freshLimiter, (fresh) => Ref.set(limiter, fresh))
      return RestRateLimiter.of({
        limits: Ref.get(limits),
        set: (next) => oneAtATime(Effect.zipRight(Ref.set(limits, next), refill)),
        take,
        reset: oneAtATime(refill)
      })
    })

  /** Starts with `SimulatorConfig.rateLimits` (off by default). */
  static readonly layer: Layer.Layer<RestRateLimiter, never, SimulatorConfig> = Layer.effect(
    RestRateLimiter,
    Effect.flatMap(SimulatorConfig, (config) => RestRateLimiter.make(config.rateLimits))
  )

  /** With explicit rules. */
  static readonly layerWith = (limits: RateLimits = {}): Layer.Layer<RestRateLimiter> =>
    Layer.effect(RestRateLimiter, RestRateLimiter.make(limits))
}
