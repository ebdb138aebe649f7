import { describe, expect, it } from "@effect/vitest"
import { Cause, ConfigProvider, Duration, Effect, Exit, Option, Redacted } from "effect"
import { AuthConfig, AuthDefaults } from "../src/index.ts"

const load = (entries: Record<string, string>) =>
  Effect.provide(AuthConfig, AuthConfig.layer).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries)))),
    Effect.exit
  )

const base = { ITS_CLIENT_ID: "client", ITS_CLIENT_SECRET: "secret" }

describe("AuthConfig.layer", () => {
  it.effect("has non-production defaults and keeps the secret redacted", () =>
    Effect.gen(function* () {
      const exit = yield* load(base)
      const settings = Exit.getOrElse(exit, () => {
        throw new Error("expected success")
      })
      expect(settings.tokenUrl).toBe(AuthDefaults.tokenUrl)
      expect(settings.audience).toBe("mts-insight-tech-non-prod")
      expect(settings.clientAuth).toBe("post")
      expect(Option.isNone(settings.scope)).toBe(true)
      expect(Redacted.value(settings.clientSecret)).toBe("secret")
      expect(String(settings.clientSecret)).toBe("<redacted>")
      expect(settings.refresh.refreshFraction).toBe(0.8)
    })
  )

  it.effect("explicit keys win", () =>
    Effect.gen(function* () {
      const exit = yield* load({
        ...base,
        ITS_TOKEN_URL: "http://127.0.0.1:4010/oauth/token",
        ITS_AUDIENCE: "mts-insight-tech",
        ITS_TOKEN_CLIENT_AUTH: "basic",
        ITS_TOKEN_REFRESH_FRACTION: "0.5",
        ITS_TOKEN_HARD_MARGIN: "45 seconds",
        ITS_TOKEN_RETRIES: "5"
      })
      expect(Exit.isSuccess(exit)).toBe(true)
      if (Exit.isSuccess(exit)) {
        expect(exit.value.tokenUrl).toBe("http://127.0.0.1:4010/oauth/token")
        expect(exit.value.audience).toBe("mts-insight-tech")
        expect(exit.value.clientAuth).toBe("basic")
        expect(exit.value.refresh.refreshFraction).toBe(0.5)
        expect(Duration.toSeconds(exit.value.refresh.hardMargin)).toBe(45)
        expect(exit.value.retries).toBe(5)
      }
    })
  )

  it.effect.each([
    [{ ITS_CLIENT_SECRET: "s" }, "ITS_CLIENT_ID"],
    [{ ...base, ITS_TOKEN_URL: "not a url" }, "ITS_TOKEN_URL"],
    [{ ...base, ITS_TOKEN_REFRESH_FRACTION: "1.5" }, "ITS_TOKEN_REFRESH_FRACTION"],
    [{ ...base, ITS_TOKEN_CLIENT_AUTH: "jwt" }, "ITS_TOKEN_CLIENT_AUTH"],
    [{ ...base, ITS_TOKEN_RETRIES: "many" }, "ITS_TOKEN_RETRIES"]
  ] as const)("invalid configuration fails naming the key (%#)", ([entries, key]) =>
    Effect.gen(function* () {
      const exit = yield* load(entries)
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).toContain(key)
    })
  )
})
