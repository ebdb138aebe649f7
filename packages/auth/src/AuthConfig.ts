/**
 * Configuration of the token layer. `AuthConfig.layer` reads it through `Config` (environment variables by
 * default); `AuthConfig.layerWith` builds it from values for tests and for callers that resolve the environment
 * themselves (the transport's `ItsEnvironment`).
 */
import { Config, ConfigError, Context, Duration, Either, Layer, Option, type Redacted } from "effect"
import { defaultRefreshPolicy, type RefreshPolicy } from "./RefreshPolicy.ts"

/**
 * Documented defaults (its-api.md §0, §1.3, §1.4). ASSUMPTION: the integration token URL is the production one;
 * older pages say stg-auth.sportradar.com (CONFLICT), hence `ITS_TOKEN_URL`. The default audience is the
 * non-production REST audience, so nothing reaches production unless configured to.
 */
export const AuthDefaults = {
  tokenUrl: "https://auth.sportradar.com/oauth/token",
  audience: "mts-insight-tech-non-prod"
} as const

const url = (name: string) =>
  Config.string(name).pipe(
    Config.mapOrFail((value) =>
      Either.try({
        try: () => new URL(value).toString(),
        catch: () => ConfigError.InvalidData([], `Expected an absolute URL, got "${value}"`)
      })
    )
  )

const fraction = (name: string, fallback: number) =>
  Config.number(name).pipe(
    Config.validate({ message: "must be between 0 and 1 (exclusive)", validation: (n) => n > 0 && n < 1 }),
    Config.withDefault(fallback)
  )

/** Explicit settings: the credentials, everything else defaulted. */
export type AuthOptions = Pick<AuthSettings, "clientId" | "clientSecret"> & Partial<AuthSettings>

export interface AuthSettings {
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** Audience used by `TokenProvider.get()` without an argument. */
  readonly audience: string
  /** `post`: credentials in the form body (Auth0 default); `basic`: HTTP Basic. */
  readonly clientAuth: "post" | "basic"
  /** Sent only when set; Auth0 client credentials use `audience`, not `scope`. */
  readonly scope: Option.Option<string>
  readonly refresh: RefreshPolicy
  /** Per token request. */
  readonly requestTimeout: Duration.Duration
  /** Retries of one on-demand fetch (a caller waits for these). */
  readonly retries: number
  readonly backoffBase: Duration.Duration
  readonly backoffCap: Duration.Duration
  /** An on-demand fetch does not wait for a `Retry-After` longer than this; it fails instead. */
  readonly maxRetryAfter: Duration.Duration
  /**
   * After a failed fetch with no valid token, callers fail fast with that error for this long, or for the IdP's
   * `Retry-After` when that is longer.
   */
  readonly failureCooldown: Duration.Duration
  /**
   * The longest a caller waits for a token being fetched (its retries included): past it the caller fails with
   * `TokenTimeout` while the fetch goes on for later callers. A silent IdP holds no caller longer than this.
   */
  readonly maxWait: Duration.Duration
  /** `expires_in` above this is treated as malformed. */
  readonly maxLifetime: Duration.Duration
}

export class AuthConfig extends Context.Tag("@its/auth/AuthConfig")<AuthConfig, AuthSettings>() {
  static readonly defaults = {
    tokenUrl: AuthDefaults.tokenUrl,
    audience: AuthDefaults.audience,
    clientAuth: "post",
    scope: Option.none(),
    refresh: defaultRefreshPolicy,
    requestTimeout: Duration.seconds(10),
    retries: 3,
    backoffBase: Duration.millis(200),
    backoffCap: Duration.seconds(30),
    maxRetryAfter: Duration.seconds(10),
    failureCooldown: Duration.seconds(1),
    maxWait: Duration.seconds(15),
    maxLifetime: Duration.days(1)
  } satisfies Omit<AuthSettings, "clientId" | "clientSecret">

  /** Values with defaults for everything but the credentials. */
  static readonly make = (settings: AuthOptions): AuthSettings => ({ ...AuthConfig.defaults, ...settings })

  static readonly layerWith = (settings: AuthOptions): Layer.Layer<AuthConfig> =>
    Layer.succeed(AuthConfig, AuthConfig.make(settings))

  /**
   * The tuning keys alone (`ITS_TOKEN_*`): everything but the endpoint, the audience and the credentials, for
   * callers that resolve those elsewhere (the transport's `ItsEnvironment`) and must not re-read the secret.
   */
  static readonly tuning: Config.Config<Omit<AuthSettings, "tokenUrl" | "audience" | "clientId" | "clientSecret">> =
    Config.all({
      clientAuth: Config.literal("post", "basic")("ITS_TOKEN_CLIENT_AUTH").pipe(Config.withDefault("post" as const)),
      scope: Config.option(Config.nonEmptyString("ITS_TOKEN_SCOPE")),
      refreshFraction: fraction("ITS_TOKEN_REFRESH_FRACTION", defaultRefreshPolicy.refreshFraction),
      hardMargin: Config.duration("ITS_TOKEN_HARD_MARGIN").pipe(Config.withDefault(defaultRefreshPolicy.hardMargin)),
      requestTimeout: Config.duration("ITS_TOKEN_REQUEST_TIMEOUT").pipe(
        Config.withDefault(AuthConfig.defaults.requestTimeout)
      ),
      retries: Config.integer("ITS_TOKEN_RETRIES").pipe(
        Config.validate({ message: "must be 0 or more", validation: (n) => n >= 0 }),
        Config.withDefault(AuthConfig.defaults.retries)
      ),
      backoffCap: Config.duration("ITS_TOKEN_BACKOFF_CAP").pipe(Config.withDefault(AuthConfig.defaults.backoffCap))
    }).pipe(
      Config.map(({ refreshFraction, hardMargin, ...rest }) => {
        const { tokenUrl: _u, audience: _a, ...defaults } = AuthConfig.defaults
        return { ...defaults, ...rest, refresh: { ...defaultRefreshPolicy, refreshFraction, hardMargin } }
      })
    )

  /** Reads the `ITS_*` keys below through `Config`; a missing or invalid key fails naming it. */
  static readonly layer: Layer.Layer<AuthConfig, ConfigError.ConfigError> = Layer.effect(
    AuthConfig,
    Config.all({
      tokenUrl: url("ITS_TOKEN_URL").pipe(Config.withDefault(AuthDefaults.tokenUrl)),
      clientId: Config.nonEmptyString("ITS_CLIENT_ID"),
      clientSecret: Config.redacted(Config.nonEmptyString("ITS_CLIENT_SECRET")),
      audience: Config.nonEmptyString("ITS_AUDIENCE").pipe(Config.withDefault(AuthDefaults.audience)),
      tuning: AuthConfig.tuning
    }).pipe(Config.map(({ tuning, ...endpoint }): AuthSettings => ({ ...tuning, ...endpoint })))
  )
}
