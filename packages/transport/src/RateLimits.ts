/**
 * Client-side pacing per ITS API with Effect's `RateLimiter` (its-api.md §8.1, §8.5). Limits are data
 * (`Assumptions.DocumentedRateLimits`), overridable per API and per method with a compact syntax:
 *
 *   ITS_RATE_LIMIT_BOT="10/1 seconds, 500/1 minutes, 200000/1 days"   (composed: all must admit)
 *   ITS_RATE_LIMIT_TOURNAMENT_GET="1/1 minutes"
 *   ITS_RATE_LIMIT_LBS="200/666 millis"                                 (token bucket: 200 burst, 300/s)
 *   ITS_RATE_LIMIT_EVENT="50/1 seconds fixed"                           (fixed window)
 *   ITS_RATE_LIMIT_LBS="off"                                            (no client-side limit)
 *
 * `<limit>/<interval>` is `RateLimiter.make({ limit, interval })`: a token bucket of `limit` tokens refilled over
 * `interval`, or with ` fixed` a fixed window of `limit` starts per `interval`.
 */
import { Config, ConfigError, Duration, Effect, Either, type RateLimiter, RateLimiter as RL, type Scope } from "effect"
import { type ApiRateLimits, DocumentedRateLimits, type ItsApi, ItsApis, type LimiterSpec } from "./Assumptions.ts"

/** Parses `"10/1 seconds, 500/1 minutes fixed"` / `"off"`; `Left` carries a readable reason. */
export const parseLimiterSpecs = (text: string): Either.Either<ReadonlyArray<LimiterSpec>, string> => {
  const trimmed = text.trim()
  if (trimmed === "" || trimmed === "off" || trimmed === "none") return Either.right([])
  const specs: Array<LimiterSpec> = []
  for (const part of trimmed.split(",")) {
    const match = /^\s*(\d+)\s*\/\s*(.+?)\s*(?:\s(fixed|bucket))?\s*$/.exec(part)
    const limit = match === null ? Number.NaN : Number(match[1])
    const interval = match?.[2]
    const duration = interval === undefined ? undefined : Duration.decodeUnknown(interval)
    if (
      match === null ||
      interval === undefined ||
      !Number.isSafeInteger(limit) ||
      limit <= 0 ||
      duration === undefined ||
      duration._tag === "None" ||
      Duration.toMillis(duration.value) <= 0
    ) {
      return Either.left(
        `Expected "off" or comma-separated "<limit>/<interval>[ fixed]" such as "10/1 seconds, 500/1 minutes", got "${part.trim()}"`
      )
    }
    specs.push({ limit, interval: duration.value, algorithm: match[3] === "fixed" ? "fixed-window" : "token-bucket" })
  }
  return Either.right(specs)
}

const specsConfig = (name: string) =>
  Config.string(name).pipe(
    Config.mapOrFail((text) => Either.mapLeft(parseLimiterSpecs(text), (reason) => ConfigError.InvalidData([], reason)))
  )

/**
 * Limits per API from `ITS_RATE_LIMIT_<API>` (all methods), `ITS_RATE_LIMIT_<API>_GET` and `…_POST`; an absent
 * key keeps the documented default for that slot. `ITS_RATE_LIMITS=off` disables client-side pacing entirely.
 */
export const rateLimitsConfig: Config.Config<Record<ItsApi, ApiRateLimits>> = Config.all({
  enabled: Config.literal("on", "off")("ITS_RATE_LIMITS").pipe(Config.withDefault("on" as const)),
  perApi: Config.all(
    Object.fromEntries(
      ItsApis.map((api) => {
        const key = `ITS_RATE_LIMIT_${api.toUpperCase()}`
        return [
          api,
          Config.all({
            all: Config.option(specsConfig(key)),
            GET: Config.option(specsConfig(`${key}_GET`)),
            POST: Config.option(specsConfig(`${key}_POST`))
          })
        ] as const
      })
    )
  )
}).pipe(
  Config.map(({ enabled, perApi }) => {
    const out = {} as Record<ItsApi, ApiRateLimits>
    for (const api of ItsApis) {
      if (enabled === "off") {
        out[api] = {}
        continue
      }
      const documented = DocumentedRateLimits[api]
      const configured = perApi[api]
      const pick = (slot: "all" | "GET" | "POST") =>
        configured?.[slot]._tag === "Some" ? configured[slot].value : documented[slot]
      const all = pick("all")
      const get = pick("GET")
      const post = pick("POST")
      out[api] = {
        ...(all === undefined ? {} : { all }),
        ...(get === undefined ? {} : { GET: get }),
        ...(post === undefined ? {} : { POST: post })
      }
    }
    return out
  })
)

/** Admits a request for `(api, method)`: waits as long as any applicable limiter says. */
export type Pacer = (api: ItsApi, method: string) => <A, E, R>(task: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>

const compose = (limiters: ReadonlyArray<RateLimiter.RateLimiter>): RateLimiter.RateLimiter =>
  limiters.reduce<RateLimiter.RateLimiter>(
    (outer, inner) => (task) => outer(inner(task)),
    (task) => task
  )

/**
 * Builds every limiter once (their refill fibers live in the given scope). Per request, the API's `all` limiters
 * and the method's limiters are composed: one request takes a token from each.
 */
export const makePacer = (limits: Record<ItsApi, ApiRateLimits>): Effect.Effect<Pacer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const build = (specs: ReadonlyArray<LimiterSpec> | undefined) =>
      Effect.map(
        Effect.forEach(specs ?? [], (spec) =>
          RL.make({ limit: spec.limit, interval: spec.interval, algorithm: spec.algorithm })
        ),
        compose
      )
    const table = new Map<string, RateLimiter.RateLimiter>()
    for (const api of ItsApis) {
      const limits_ = limits[api]
      const all = yield* build(limits_.all)
      const get = yield* build(limits_.GET)
      const post = yield* build(limits_.POST)
      table.set(`${api} GET`, compose([all, get]))
      table.set(`${api} POST`, compose([all, post]))
      table.set(`${api} *`, all)
    }
    return (api, method) => table.get(`${api} ${method}`) ?? table.get(`${api} *`) ?? ((task) => task)
  })
