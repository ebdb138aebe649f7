/** `ItsHttpConfig`: timeouts, retries, backoff and client-side rate limits of ITS REST calls (`ITS_HTTP_*` keys). */
import { Config, type ConfigError, Context, Duration, Layer } from "effect"
import { type ApiRateLimits, DocumentedRateLimits, type ItsApi } from "./Assumptions.ts"
import { rateLimitsConfig } from "./RateLimits.ts"

export interface ItsHttpSettings {
  /** Per physical attempt, until the response headers arrive (error bodies are read within it too). */
  readonly requestTimeout: Duration.Duration
  /** Retries after the first attempt (transient failures of idempotent requests only). */
  readonly retries: number
  /** No retry starts after this much time has passed since the first attempt. */
  readonly retryBudget: Duration.Duration
  readonly backoffBase: Duration.Duration
  readonly backoffCap: Duration.Duration
  /** A `Retry-After` longer than this is not waited for: the call fails with `RateLimited` at once. */
  readonly maxRetryAfter: Duration.Duration
  readonly rateLimits: Record<ItsApi, ApiRateLimits>
}

const defaults: ItsHttpSettings = {
  requestTimeout: Duration.seconds(10),
  retries: 3,
  retryBudget: Duration.seconds(30),
  backoffBase: Duration.millis(200),
  backoffCap: Duration.seconds(5),
  maxRetryAfter: Duration.seconds(30),
  rateLimits: DocumentedRateLimits
}

const nonNegative = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "Expected 0 or more", validation: (n) => n >= 0 }),
    Config.withDefault(fallback)
  )

const positiveDuration = (name: string, fallback: Duration.Duration) =>
  Config.duration(name).pipe(
    Config.validate({ message: "Expected a positive duration", validation: (d) => Duration.toMillis(d) > 0 }),
    Config.withDefault(fallback)
  )

export class ItsHttpConfig extends Context.Tag("@its/transport/ItsHttpConfig")<ItsHttpConfig, ItsHttpSettings>() {
  static readonly defaults = defaults

  static readonly make = (settings: Partial<ItsHttpSettings> = {}): ItsHttpSettings => ({ ...defaults, ...settings })

  static readonly layerWith = (settings: Partial<ItsHttpSettings> = {}): Layer.Layer<ItsHttpConfig> =>
    Layer.succeed(ItsHttpConfig, ItsHttpConfig.make(settings))

  /** `ITS_HTTP_*` and `ITS_RATE_LIMIT*` keys (see README); a missing key keeps its default. */
  static readonly layer: Layer.Layer<ItsHttpConfig, ConfigError.ConfigError> = Layer.effect(
    ItsHttpConfig,
    Config.all({
      requestTimeout: positiveDuration("ITS_HTTP_TIMEOUT", defaults.requestTimeout),
      retries: nonNegative("ITS_HTTP_RETRIES", defaults.retries),
      retryBudget: positiveDuration("ITS_HTTP_RETRY_BUDGET", defaults.retryBudget),
      backoffBase: positiveDuration("ITS_HTTP_BACKOFF_BASE", defaults.backoffBase),
      backoffCap: positiveDuration("ITS_HTTP_BACKOFF_CAP", defaults.backoffCap),
      maxRetryAfter: positiveDuration("ITS_HTTP_MAX_RETRY_AFTER", defaults.maxRetryAfter),
      rateLimits: rateLimitsConfig
    })
  )
}

/** No client-side pacing for any API. */
export const noRateLimits: Record<ItsApi, ApiRateLimits> = Object.fromEntries(
  Object.keys(DocumentedRateLimits).map((api) => [api, {}])
) as Record<ItsApi, ApiRateLimits>
