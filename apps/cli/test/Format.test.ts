import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Redacted } from "effect"
import {
  detectFormat,
  parseCredentials,
  parseEnvFile,
  renderEnvFile,
  renderExports,
  selectCredentials
} from "../src/credentials/Format.ts"

const secretOf = (sets: Record<string, { clientSecret: Redacted.Redacted<string> }>, env: string) =>
  Redacted.value(sets[env]!.clientSecret)

describe("credentials content", () => {
  it.effect("JSON, flat", () =>
    Effect.gen(function* () {
      const sets = yield* parseCredentials('{"client_id":"id1","client_secret":"s1","audience":"mts-insight-tech"}')
      expect(sets.default).toMatchObject({ clientId: "id1", audience: "mts-insight-tech" })
      expect(secretOf(sets, "default")).toBe("s1")
      expect(String(sets.default!.clientSecret)).toBe("<redacted>")
    })
  )

  it.effect("JSON per environment, camelCase keys", () =>
    Effect.gen(function* () {
      const sets = yield* parseCredentials(
        JSON.stringify({
          integration: { clientId: "i", clientSecret: "si" },
          production: { clientId: "p", clientSecret: "sp" }
        })
      )
      expect(Object.keys(sets).sort()).toEqual(["integration", "production"])
      expect(Either.isLeft(selectCredentials(sets, undefined))).toBe(true)
      expect(Either.map(selectCredentials(sets, "production"), (s) => s.credentials.clientId)).toEqual(
        Either.right("p")
      )
      expect(Either.isLeft(selectCredentials(sets, "staging"))).toBe(true)
    })
  )

  it.effect(".env style, with export, quotes and comments; per-environment prefixes", () =>
    Effect.gen(function* () {
      const text = "# from Sportradar\nexport CLIENT_ID=abc\nCLIENT_SECRET='s e#cret'\n"
      expect(detectFormat(text)).toBe("env")
      const sets = yield* parseCredentials(text)
      expect(secretOf(sets, "default")).toBe("s e#cret")
      const prefixed = yield* parseCredentials("INTEGRATION_CLIENT_ID=a\nINTEGRATION_CLIENT_SECRET=b\n")
      expect(prefixed.integration?.clientId).toBe("a")
    })
  )

  it.effect("YAML, per environment", () =>
    Effect.gen(function* () {
      const text = "integration:\n  client_id: yi\n  client_secret: ys\n  audience: mts-insight-tech-non-prod\n"
      expect(detectFormat(text)).toBe("yaml")
      const sets = yield* parseCredentials(text)
      expect(sets.integration).toMatchObject({ clientId: "yi", audience: "mts-insight-tech-non-prod" })
    })
  )

  it.effect("missing or empty fields name the field, never a value", () =>
    Effect.gen(function* () {
      const missing = yield* Effect.flip(parseCredentials('{"client_id":"x-visible"}'))
      expect(missing).toBe("missing client_secret")
      const perEnv = yield* Effect.flip(parseCredentials("production:\n  client_secret: hush\n"))
      expect(perEnv).toBe('missing client_id for environment "production"')
      expect(perEnv).not.toContain("hush")
      expect(yield* Effect.flip(parseCredentials("just some text"))).toContain("not valid")
      expect(yield* Effect.flip(parseCredentials('{"client_id":"a","client_secret":""}'))).toContain("non-empty")
    })
  )

  it("the written file round-trips through the .env parser (quotes included)", () => {
    const credentials = { clientId: "id", clientSecret: Redacted.make('it\'s $ecret "x"'), audience: "aud" }
    const file = renderEnvFile("integration", credentials)
    expect(parseEnvFile(file)).toEqual(
      Either.right({
        ITS_ENV: "integration",
        ITS_CLIENT_ID: "id",
        ITS_CLIENT_SECRET: 'it\'s $ecret "x"',
        ITS_AUDIENCE: "aud"
      })
    )
    expect(renderExports("default", credentials)).toContain("export ITS_CLIENT_SECRET='it'\\''s $ecret \"x\"'")
    expect(renderExports("default", credentials)).not.toContain("ITS_ENV")
    expect(Either.isLeft(parseEnvFile("not a pair"))).toBe(true)
  })
})
