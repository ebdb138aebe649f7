import { inspect } from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { AuthConfig } from "@its/auth"
import { ConfigProvider, Duration, Effect, Exit, Layer, Option, Redacted } from "effect"
import { EnvironmentDefaults, LocalSimulator } from "../src/Assumptions.ts"
import { DataPlaneConfig } from "../src/DataPlane.ts"
import { ItsEnvironment } from "../src/ItsEnvironment.ts"
import { ItsHttpConfig } from "../src/ItsHttp.ts"

const provider = (entries: Record<string, string>) => ConfigProvider.fromMap(new Map(Object.entries(entries)))

const load = (entries: Record<string, string>) =>
  ItsEnvironment.load.pipe(Effect.withConfigProvider(provider(entries)), Effect.exit)

const loaded = (entries: Record<string, string>) =>
  Effect.flatMap(load(entries), (exit) =>
    Exit.isSuccess(exit) ? Effect.succeed(exit.value) : Effect.dieMessage(`expected success, got ${String(exit)}`)
  )

const failure = (entries: Record<string, string>) =>
  Effect.flatMap(load(entries), (exit) =>
    Exit.isFailure(exit) ? Effect.succeed(String(exit.cause)) : Effect.dieMessage("expected a config failure")
  )

const credentials = { ITS_CLIENT_ID: "client-1", ITS_CLIENT_SECRET: "s3cr3t-value" }

describe("ItsEnvironment", () => {
  it.effect("defaults to the local simulator with its demo client", () =>
    Effect.gen(function* () {
      const env = yield* loaded({})
      expect(env.name).toBe("local")
      expect(env.apiUrl).toBe("http://127.0.0.1:4010")
      expect(env.tokenUrl).toBe("http://127.0.0.1:4010/oauth/token")
      expect(env.wsUrl).toBe("ws://127.0.0.1:4010/dataplane")
      expect(env.audience).toBe("mts-insight-tech-non-prod")
      expect(env.wsAudience).toBe("mbs-dp-non-prod-wss")
      expect(env.clientId).toBe(LocalSimulator.clientId)
      expect(Redacted.value(env.clientSecret)).toBe(LocalSimulator.clientSecret)
      expect(env.apis.lbs.url).toBe("http://127.0.0.1:4010/api/lbs")
      expect(env.apis.bot.url).toBe("http://127.0.0.1:4010/api/bscore")
      expect(env.apis.ccf.url).toBe("http://127.0.0.1:4010/api/ccf")
      expect(Option.isNone(env.operatorId)).toBe(true)
    })
  )

  it.effect("integration resolves its documented URLs and audiences", () =>
    Effect.gen(function* () {
      const env = yield* loaded({
        ITS_ENV: "integration",
        ...credentials,
        ITS_OPERATOR_ID: "45426",
        ITS_BOOKMAKER_ID: "45426"
      })
      expect(env.name).toBe("integration")
      expect(env.apiUrl).toBe("https://api.insighttechservices-nonprod.sportradar.dev/ci")
      expect(env.apis.account.url).toBe("https://api.insighttechservices-nonprod.sportradar.dev/ci/api/account")
      expect(env.tokenUrl).toBe("https://auth.sportradar.com/oauth/token")
      expect(env.audience).toBe("mts-insight-tech-non-prod")
      expect(env.wsUrl).toBe("wss://wss.dataplane-nonprod.sportradar.dev")
      expect(env.wsAudience).toBe("mbs-dp-non-prod-wss")
      expect(env.operatorId).toEqual(Option.some(45426))
      expect(env.bookmakerId).toEqual(Option.some(45426))
      expect(env.clientId).toBe("client-1")
    })
  )

  it.effect("production resolves only with ITS_ENV=production and explicit credentials", () =>
    Effect.gen(function* () {
      const env = yield* loaded({ ITS_ENV: "production", ...credentials })
      expect(env.apiUrl).toBe("https://api.insighttechservices.sportradar.com")
      expect(env.audience).toBe("mts-insight-tech")
      expect(env.wsUrl).toBe("wss://wss.dataplane.sportradar.com")
      expect(env.wsAudience).toBe("mbs-dp-production-wss")
      expect(env.tokenUrl).toBe(EnvironmentDefaults.production.tokenUrl)
    })
  )

  it.effect("production is never a fallback: credentials alone still mean local", () =>
    Effect.gen(function* () {
      const env = yield* loaded(credentials)
      expect(env.name).toBe("local")
      expect(env.apiUrl).toBe(LocalSimulator.apiUrl)
      expect(env.clientId).toBe("client-1")
    })
  )

  it.effect.each([
    [{ ITS_ENV: "production" }, "ITS_CLIENT_ID"],
    [{ ITS_ENV: "production", ITS_CLIENT_ID: "c" }, "ITS_CLIENT_SECRET"],
    [{ ITS_ENV: "integration", ITS_CLIENT_SECRET: "s" }, "ITS_CLIENT_ID"]
  ] as const)("missing credentials outside local fail with a clear message (%#)", ([entries, key]) =>
    Effect.gen(function* () {
      const message = yield* failure(entries)
      expect(message).toContain(key)
      expect(message).toContain(`ITS_ENV=${entries.ITS_ENV} requires ${key}`)
      expect(message).not.toContain("127.0.0.1")
    })
  )

  it.effect("explicit ITS_* keys override every environment default", () =>
    Effect.gen(function* () {
      const env = yield* loaded({
        ITS_ENV: "integration",
        ...credentials,
        ITS_API_URL: "https://its.example.test/base/",
        ITS_TOKEN_URL: "https://stg-auth.sportradar.com/oauth/token",
        ITS_AUDIENCE: "aud-rest",
        ITS_WS_URL: "wss://dp.example.test/ws",
        ITS_WS_AUDIENCE: "aud-ws",
        ITS_API_PATH_BOT: "/api/bot/",
        ITS_API_URL_RG: "https://api.nonprod.insighttech.ai/ci",
        ITS_API_KEY_RG: "rg-key"
      })
      expect(env.apiUrl).toBe("https://its.example.test/base")
      expect(env.tokenUrl).toBe("https://stg-auth.sportradar.com/oauth/token")
      expect(env.audience).toBe("aud-rest")
      expect(env.wsUrl).toBe("wss://dp.example.test/ws")
      expect(env.wsAudience).toBe("aud-ws")
      expect(env.apis.bot.url).toBe("https://its.example.test/base/api/bot")
      expect(env.apis.lbs.url).toBe("https://its.example.test/base/api/lbs")
      expect(env.apis.rg.url).toBe("https://api.nonprod.insighttech.ai/ci/api/rg")
      expect(Option.map(env.apis.rg.apiKey, Redacted.value)).toEqual(Option.some("rg-key"))
      expect(Option.isNone(env.apis.lbs.apiKey)).toBe(true)
    })
  )

  it.effect("for local, moving ITS_API_URL moves the simulator's token and WebSocket URLs with it", () =>
    Effect.gen(function* () {
      const env = yield* loaded({ ITS_API_URL: "http://127.0.0.1:5555" })
      expect(env.tokenUrl).toBe("http://127.0.0.1:5555/oauth/token")
      expect(env.wsUrl).toBe("ws://127.0.0.1:5555/dataplane")
    })
  )

  it.effect.each([
    [{ ITS_ENV: "prod" }, "ITS_ENV"],
    [{ ITS_ENV: "Production" }, "ITS_ENV"],
    [{ ITS_API_URL: "not a url" }, "ITS_API_URL"],
    [{ ITS_TOKEN_URL: "ftp://auth.example/token" }, "ITS_TOKEN_URL"],
    [{ ITS_WS_URL: "https://dp.example" }, "ITS_WS_URL"],
    [{ ITS_OPERATOR_ID: "abc" }, "ITS_OPERATOR_ID"],
    [{ ITS_BOOKMAKER_ID: "12x" }, "ITS_BOOKMAKER_ID"],
    [{ ITS_BOOKMAKER_ID: "-4" }, "ITS_BOOKMAKER_ID"],
    [{ ITS_API_URL_RG: "nope" }, "ITS_API_URL_RG"],
    [{ ITS_API_URL: "ws://its.example" }, "ITS_API_URL"]
  ] as const)("an invalid value fails at startup naming its key (%#)", ([entries, key]) =>
    Effect.gen(function* () {
      const message = yield* failure(entries)
      expect(message).toContain(key)
    })
  )

  it.effect("printing masks every secret", () =>
    Effect.gen(function* () {
      const env = yield* loaded({ ITS_ENV: "integration", ...credentials, ITS_API_KEY_RG: "rg-key-value" })
      const described = env.describe()
      expect(described.clientSecret).toBe("<redacted>")
      expect(described.apis.rg.apiKey).toBe("<redacted>")
      expect(described.apis.lbs.apiKey).toBeNull()
      expect(described.env).toBe("integration")
      for (const printed of [
        String(env),
        JSON.stringify(env),
        inspect(env, { depth: 10 }),
        JSON.stringify(described)
      ]) {
        expect(printed).not.toContain("s3cr3t-value")
        expect(printed).not.toContain("rg-key-value")
        expect(printed).toContain("<redacted>")
        expect(printed).toContain("https://api.insighttechservices-nonprod.sportradar.dev/ci")
      }
    })
  )

  it.effect("a config error never echoes the client secret", () =>
    Effect.gen(function* () {
      const message = yield* failure({ ITS_ENV: "integration", ...credentials, ITS_API_URL: "bad" })
      expect(message).not.toContain("s3cr3t-value")
    })
  )
})

describe("ItsEnvironment.authConfig", () => {
  const authFor = (entries: Record<string, string>) =>
    Effect.gen(function* () {
      const layer = ItsEnvironment.authConfig.pipe(Layer.provide(ItsEnvironment.layer))
      return yield* Effect.provide(AuthConfig, layer)
    }).pipe(Effect.withConfigProvider(provider(entries)))

  it.effect("feeds the environment's token URL, REST audience and credentials to @its/auth", () =>
    Effect.gen(function* () {
      const settings = yield* authFor({ ITS_ENV: "production", ...credentials })
      expect(settings.tokenUrl).toBe("https://auth.sportradar.com/oauth/token")
      expect(settings.audience).toBe("mts-insight-tech")
      expect(settings.clientId).toBe("client-1")
      expect(Redacted.value(settings.clientSecret)).toBe("s3cr3t-value")
    })
  )

  it.effect("local gives the simulator's token URL and demo client", () =>
    Effect.gen(function* () {
      const settings = yield* authFor({})
      expect(settings.tokenUrl).toBe(LocalSimulator.tokenUrl)
      expect(settings.clientId).toBe(LocalSimulator.clientId)
      expect(Redacted.value(settings.clientSecret)).toBe(LocalSimulator.clientSecret)
    })
  )

  it.effect("explicit keys win and AuthConfig's tuning keys still apply", () =>
    Effect.gen(function* () {
      const settings = yield* authFor({
        ITS_ENV: "integration",
        ...credentials,
        ITS_TOKEN_URL: "https://stg-auth.sportradar.com/oauth/token",
        ITS_AUDIENCE: "custom-aud",
        ITS_TOKEN_RETRIES: "5",
        ITS_TOKEN_CLIENT_AUTH: "basic",
        ITS_TOKEN_HARD_MARGIN: "45 seconds"
      })
      expect(settings.tokenUrl).toBe("https://stg-auth.sportradar.com/oauth/token")
      expect(settings.audience).toBe("custom-aud")
      expect(settings.retries).toBe(5)
      expect(settings.clientAuth).toBe("basic")
      expect(Duration.toSeconds(settings.refresh.hardMargin)).toBe(45)
    })
  )

  it.effect("an invalid tuning key still fails naming it", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(authFor({ ITS_TOKEN_RETRIES: "many" }))
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) expect(String(exit.cause)).toContain("ITS_TOKEN_RETRIES")
    })
  )
})

describe("ItsHttpConfig.layer and DataPlaneConfig.layer", () => {
  const httpConfig = (entries: Record<string, string>) =>
    Effect.provide(ItsHttpConfig, ItsHttpConfig.layer).pipe(Effect.withConfigProvider(provider(entries)), Effect.exit)

  it.effect("documented rate limits by default; per-API and per-method overrides; off", () =>
    Effect.gen(function* () {
      const defaults = yield* httpConfig({})
      expect(Exit.isSuccess(defaults)).toBe(true)
      if (Exit.isSuccess(defaults)) {
        expect(defaults.value.rateLimits.bot.all).toHaveLength(3)
        expect(defaults.value.rateLimits.tournament.GET?.[0]?.limit).toBe(1)
        expect(defaults.value.rateLimits.marker).toEqual({})
        expect(Duration.toSeconds(defaults.value.requestTimeout)).toBe(10)
      }
      const custom = yield* httpConfig({
        ITS_RATE_LIMIT_BOT: "20/1 seconds, 1000/1 minutes fixed",
        ITS_RATE_LIMIT_TOURNAMENT_GET: "2/1 minutes",
        ITS_RATE_LIMIT_LBS: "off",
        ITS_HTTP_TIMEOUT: "3 seconds",
        ITS_HTTP_RETRIES: "1"
      })
      expect(Exit.isSuccess(custom)).toBe(true)
      if (Exit.isSuccess(custom)) {
        const bot = custom.value.rateLimits.bot.all ?? []
        expect(bot.map((s) => [s.limit, Duration.toMillis(s.interval), s.algorithm])).toEqual([
          [20, 1000, "token-bucket"],
          [1000, 60_000, "fixed-window"]
        ])
        expect(custom.value.rateLimits.tournament.GET?.[0]?.limit).toBe(2)
        expect(custom.value.rateLimits.tournament.POST?.[0]?.limit).toBe(15)
        expect(custom.value.rateLimits.lbs.all).toEqual([])
        expect(custom.value.retries).toBe(1)
      }
      const off = yield* httpConfig({ ITS_RATE_LIMITS: "off" })
      if (Exit.isSuccess(off)) expect(off.value.rateLimits.bot).toEqual({})
      else expect.fail("expected success")
    })
  )

  it.effect.each([
    [{ ITS_RATE_LIMIT_BOT: "ten per second" }, "ITS_RATE_LIMIT_BOT"],
    [{ ITS_RATE_LIMIT_TOURNAMENT_POST: "0/1 minutes" }, "ITS_RATE_LIMIT_TOURNAMENT_POST"],
    [{ ITS_HTTP_TIMEOUT: "soon" }, "ITS_HTTP_TIMEOUT"],
    [{ ITS_HTTP_RETRIES: "-1" }, "ITS_HTTP_RETRIES"]
  ] as const)("invalid HTTP tuning fails naming the key (%#)", ([entries, key]) =>
    Effect.gen(function* () {
      const exit = yield* httpConfig(entries)
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) expect(String(exit.cause)).toContain(key)
    })
  )

  it.effect("the data plane takes URL and audience from the environment, tuning from ITS_WS_*", () =>
    Effect.gen(function* () {
      const settings = yield* Effect.provide(
        DataPlaneConfig,
        DataPlaneConfig.layer.pipe(Layer.provide(ItsEnvironment.layer))
      ).pipe(
        Effect.withConfigProvider(
          provider({
            ITS_ENV: "integration",
            ...credentials,
            ITS_WS_MAX_IN_FLIGHT: "64",
            ITS_WS_MAX_CONNECTION_AGE: "30 minutes"
          })
        )
      )
      expect(settings.url).toBe("wss://wss.dataplane-nonprod.sportradar.dev")
      expect(settings.audience).toBe("mbs-dp-non-prod-wss")
      expect(settings.maxInFlight).toBe(64)
      expect(Duration.toMinutes(settings.maxConnectionAge)).toBe(30)
      expect(settings.maxMessageBytes).toBe(128_000)
      expect(Duration.toSeconds(settings.requestTimeout)).toBe(20)
    })
  )
})
