/**
 * `ItsEnvironment`: where ITS lives and who we are, resolved once at startup from `Config`.
 *
 * `ITS_ENV` picks a set of defaults (`local` simulator, `integration`, `production`; see `Assumptions.ts`), explicit
 * `ITS_*` keys override single values. Production is opt-in only: it is never a default or a fallback, and it has
 * no default credentials. Every invalid value fails startup with a `ConfigError` naming its key.
 */
import { AuthConfig, type AuthSettings } from "@its/auth"
import {
  Config,
  ConfigError,
  Context,
  Effect,
  Either,
  Layer,
  Option,
  Redacted,
  type Redacted as RedactedType
} from "effect"
import {
  ApiBasePaths,
  EnvironmentDefaults,
  type EnvironmentName,
  EnvironmentNames,
  type ItsApi,
  ItsApis,
  LocalSimulator
} from "./Assumptions.ts"

/** Where one REST API is reached. */
export interface ApiEndpoint {
  /** The API's base path without slashes, e.g. `api/lbs`. */
  readonly basePath: string
  /** Base URL + `/` + basePath, no trailing slash; operation paths are appended to it. */
  readonly url: string
  /** Optional `x-api-key` (its-api.md §1.6); absent by default. */
  readonly apiKey: Option.Option<RedactedType.Redacted<string>>
}

/** What `describe()` prints: plain data, every secret masked. */
export interface EnvironmentDescription {
  readonly env: EnvironmentName
  readonly apiUrl: string
  readonly tokenUrl: string
  readonly audience: string
  readonly wsUrl: string
  readonly wsAudience: string
  readonly operatorId: number | null
  readonly bookmakerId: number | null
  readonly clientId: string
  readonly clientSecret: "<redacted>"
  readonly apis: Record<ItsApi, { readonly url: string; readonly apiKey: "<redacted>" | null }>
}

export interface EnvironmentValues {
  readonly name: EnvironmentName
  /** ITS REST base URL, no trailing slash. */
  readonly apiUrl: string
  readonly tokenUrl: string
  /** REST token audience. */
  readonly audience: string
  /** Transaction 3.0 data-plane WebSocket URL. */
  readonly wsUrl: string
  /** Data-plane token audience. */
  readonly wsAudience: string
  readonly operatorId: Option.Option<number>
  readonly bookmakerId: Option.Option<number>
  readonly clientId: string
  readonly clientSecret: RedactedType.Redacted<string>
  readonly apis: Record<ItsApi, ApiEndpoint>
}

/** The resolved environment. Printing it (`String`, `JSON.stringify`, `console.log`) shows `describe()`. */
export class ResolvedEnvironment implements EnvironmentValues {
  readonly name: EnvironmentName
  readonly apiUrl: string
  readonly tokenUrl: string
  readonly audience: string
  readonly wsUrl: string
  readonly wsAudience: string
  readonly operatorId: Option.Option<number>
  readonly bookmakerId: Option.Option<number>
  readonly clientId: string
  readonly clientSecret: RedactedType.Redacted<string>
  readonly apis: Record<ItsApi, ApiEndpoint>

  constructor(values: EnvironmentValues) {
    this.name = values.name
    this.apiUrl = values.apiUrl
    this.tokenUrl = values.tokenUrl
    this.audience = values.audience
    this.wsUrl = values.wsUrl
    this.wsAudience = values.wsAudience
    this.operatorId = values.operatorId
    this.bookmakerId = values.bookmakerId
    this.clientId = values.clientId
    this.clientSecret = values.clientSecret
    this.apis = values.apis
  }

  describe(): EnvironmentDescription {
    const apis = {} as Record<ItsApi, { url: string; apiKey: "<redacted>" | null }>
    for (const api of ItsApis) {
      const endpoint = this.apis[api]
      apis[api] = { url: endpoint.url, apiKey: Option.isSome(endpoint.apiKey) ? "<redacted>" : null }
    }
    return {
      env: this.name,
      apiUrl: this.apiUrl,
      tokenUrl: this.tokenUrl,
      audience: this.audience,
      wsUrl: this.wsUrl,
      wsAudience: this.wsAudience,
      operatorId: Option.getOrNull(this.operatorId),
      bookmakerId: Option.getOrNull(this.bookmakerId),
      clientId: this.clientId,
      clientSecret: "<redacted>",
      apis
    }
  }

  toJSON(): EnvironmentDescription {
    return this.describe()
  }

  toString(): string {
    return JSON.stringify(this.describe(), null, 2)
  }

  [Symbol.for("nodejs.util.inspect.custom")](): EnvironmentDescription {
    return this.describe()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Config readers

const absoluteUrl = (name: string, protocols: ReadonlyArray<string>) =>
  Config.string(name).pipe(
    Config.mapOrFail((value) =>
      Either.try({ try: () => new URL(value), catch: () => undefined }).pipe(
        Either.filterOrLeft(
          (url): url is URL => protocols.includes(url.protocol),
          () => undefined
        ),
        Either.mapBoth({
          onLeft: () =>
            ConfigError.InvalidData([], `Expected an absolute ${protocols.join(" or ")} URL, got "${value}"`),
          onRight: (url) => url.toString().replace(/\/+$/, "")
        })
      )
    )
  )

const httpUrl = (name: string) => absoluteUrl(name, ["http:", "https:"])
const wsUrl = (name: string) => absoluteUrl(name, ["ws:", "wss:"])

const id = (name: string) =>
  Config.option(
    Config.integer(name).pipe(
      Config.validate({
        message: "Expected a non-negative integer id",
        validation: (n) => Number.isSafeInteger(n) && n >= 0
      })
    )
  )

const basePath = (name: string, fallback: string) =>
  Config.string(name).pipe(
    Config.map((value) => value.trim().replace(/^\/+|\/+$/g, "")),
    Config.withDefault(fallback)
  )

/** Config key suffix of an API: `ITS_API_PATH_BOT`, `ITS_API_URL_RG`, `ITS_API_KEY_RG`, … */
export const apiKeySuffix = (api: ItsApi): string => api.toUpperCase()

/** A credential that has a default only in `local`; elsewhere missing means a clear startup failure. */
const credential = <A>(name: string, env: EnvironmentName, read: Config.Config<A>, localDefault: A) =>
  env === "local"
    ? read.pipe(Config.withDefault(localDefault))
    : read.pipe(
        Config.option,
        Config.mapOrFail(
          Option.match({
            onSome: Either.right,
            onNone: () =>
              Either.left(
                ConfigError.MissingData(
                  [name],
                  `ITS_ENV=${env} requires ${name}: ${env} credentials have no default (only ITS_ENV=local does)`
                )
              )
          })
        )
      )

const resolve = Effect.gen(function* () {
  const name = yield* Config.literal(...EnvironmentNames)("ITS_ENV").pipe(Config.withDefault("local" as const))
  const defaults = EnvironmentDefaults[name]
  const apiUrl = yield* httpUrl("ITS_API_URL").pipe(Config.withDefault(defaults.apiUrl))
  // For the simulator, a moved API URL (e.g. a test server on port 0) moves the token and WebSocket URLs with it.
  const origin = new URL(apiUrl)
  const localToken = `${origin.origin}${new URL(LocalSimulator.tokenUrl).pathname}`
  const localWs = `${origin.protocol === "https:" ? "wss:" : "ws:"}//${origin.host}${new URL(LocalSimulator.wsUrl).pathname}`
  const tokenUrl = yield* httpUrl("ITS_TOKEN_URL").pipe(
    Config.withDefault(name === "local" ? localToken : defaults.tokenUrl)
  )
  const ws = yield* wsUrl("ITS_WS_URL").pipe(Config.withDefault(name === "local" ? localWs : defaults.wsUrl))
  const audience = yield* Config.nonEmptyString("ITS_AUDIENCE").pipe(Config.withDefault(defaults.audience))
  const wsAudience = yield* Config.nonEmptyString("ITS_WS_AUDIENCE").pipe(Config.withDefault(defaults.wsAudience))
  const operatorId = yield* id("ITS_OPERATOR_ID")
  const bookmakerId = yield* id("ITS_BOOKMAKER_ID")
  const clientId = yield* credential(
    "ITS_CLIENT_ID",
    name,
    Config.nonEmptyString("ITS_CLIENT_ID"),
    LocalSimulator.clientId
  )
  const clientSecret = yield* credential(
    "ITS_CLIENT_SECRET",
    name,
    Config.redacted(Config.nonEmptyString("ITS_CLIENT_SECRET")),
    Redacted.make(LocalSimulator.clientSecret)
  )
  const apis = {} as Record<ItsApi, ApiEndpoint>
  for (const api of ItsApis) {
    const suffix = apiKeySuffix(api)
    const path = yield* basePath(`ITS_API_PATH_${suffix}`, ApiBasePaths[api])
    const base = yield* httpUrl(`ITS_API_URL_${suffix}`).pipe(Config.withDefault(apiUrl))
    const apiKey = yield* Config.option(Config.redacted(Config.nonEmptyString(`ITS_API_KEY_${suffix}`)))
    apis[api] = { basePath: path, url: path === "" ? base : `${base}/${path}`, apiKey }
  }
  return new ResolvedEnvironment({
    name,
    apiUrl,
    tokenUrl,
    audience,
    wsUrl: ws,
    wsAudience,
    operatorId,
    bookmakerId,
    clientId,
    clientSecret,
    apis
  })
})

/** Values for tests: the `local` defaults, with any field replaced. */
const makeValues = (overrides: Partial<EnvironmentValues> = {}): ResolvedEnvironment => {
  const defaults = EnvironmentDefaults.local
  const apiUrl = overrides.apiUrl ?? defaults.apiUrl
  const apis = {} as Record<ItsApi, ApiEndpoint>
  for (const api of ItsApis) {
    apis[api] = { basePath: ApiBasePaths[api], url: `${apiUrl}/${ApiBasePaths[api]}`, apiKey: Option.none() }
  }
  return new ResolvedEnvironment({
    name: "local",
    apiUrl,
    tokenUrl: defaults.tokenUrl,
    audience: defaults.audience,
    wsUrl: defaults.wsUrl,
    wsAudience: defaults.wsAudience,
    operatorId: Option.none(),
    bookmakerId: Option.none(),
    clientId: LocalSimulator.clientId,
    clientSecret: Redacted.make(LocalSimulator.clientSecret),
    apis,
    ...overrides
  })
}

export class ItsEnvironment extends Context.Tag("@its/transport/ItsEnvironment")<
  ItsEnvironment,
  ResolvedEnvironment
>() {
  /** Reads `ITS_ENV` and the `ITS_*` overrides from the current `ConfigProvider` (the process environment). */
  static readonly load: Effect.Effect<ResolvedEnvironment, ConfigError.ConfigError> = resolve

  static readonly layer: Layer.Layer<ItsEnvironment, ConfigError.ConfigError> = Layer.effect(ItsEnvironment, resolve)

  /** Plain values (local defaults + overrides), for tests. */
  static readonly make = makeValues

  static readonly layerWith = (overrides: Partial<EnvironmentValues> = {}): Layer.Layer<ItsEnvironment> =>
    Layer.succeed(ItsEnvironment, makeValues(overrides))

  /**
   * `@its/auth`'s `AuthConfig` for this environment: the resolved token URL, REST audience and credentials (they
   * already include any explicit `ITS_*` key; the secret stays `Redacted`) plus the `ITS_TOKEN_*` tuning keys.
   */
  static readonly authSettings: Effect.Effect<AuthSettings, ConfigError.ConfigError, ItsEnvironment> = Effect.gen(
    function* () {
      const env = yield* ItsEnvironment
      const tuning = yield* AuthConfig.tuning
      return {
        ...tuning,
        tokenUrl: env.tokenUrl,
        audience: env.audience,
        clientId: env.clientId,
        clientSecret: env.clientSecret
      }
    }
  )

  /** `authSettings` as a layer. */
  static readonly authConfig: Layer.Layer<AuthConfig, ConfigError.ConfigError, ItsEnvironment> = Layer.effect(
    AuthConfig,
    ItsEnvironment.authSettings
  )
}
