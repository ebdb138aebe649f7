import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Layer, Redacted, TestClock } from "effect"
import { ApiKeys, makeApiKeys, parseKeysFile, sha256 } from "../../src/keys/ApiKeys.ts"

const key = (text: string) => Redacted.make(text)
const file = {
  keys: [
    { consumer: "risk", key: key("risk-key-0123456789"), scopes: ["scores:read" as const] },
    {
      consumer: "sportsbook",
      sha256: sha256("book-key-0123456789").toString("hex"),
      scopes: ["tickets:write" as const, "tickets:read" as const],
      rateLimit: { requests: 2, perSeconds: 1 }
    }
  ]
}

describe("ApiKeys", () => {
  it.effect("resolves plaintext and hashed keys to their consumer and scopes", () =>
    Effect.gen(function* () {
      const keys = yield* makeApiKeys(file)
      const risk = yield* keys.authenticate(key("risk-key-0123456789"))
      expect(risk.name).toBe("risk")
      expect([...risk.scopes]).toEqual(["scores:read"])
      const book = yield* keys.authenticate(key("book-key-0123456789"))
      expect(book.name).toBe("sportsbook")
      expect(keys.consumers).toEqual(["risk", "sportsbook"])
    })
  )

  it.effect("refuses a missing or unknown key with 401", () =>
    Effect.gen(function* () {
      const keys = yield* makeApiKeys(file)
      const missing = yield* Effect.flip(keys.authenticate(key("")))
      expect(missing.status).toBe(401)
      expect(missing.title).toBe("Missing API key")
      const unknown = yield* Effect.flip(keys.authenticate(key("risk-key-012345678X")))
      expect(unknown.status).toBe(401)
      expect(JSON.stringify(unknown)).not.toContain("risk-key")
    })
  )

  it.effect("rate-limits per consumer with Retry-After, refilling on Clock time", () =>
    Effect.gen(function* () {
      const keys = yield* makeApiKeys(file)
      const book = key("book-key-0123456789")
      yield* keys.authenticate(book)
      yield* keys.authenticate(book)
      const limited = yield* Effect.flip(keys.authenticate(book))
      expect(limited.status).toBe(429)
      expect(limited.retryAfterSeconds).toBe(1)
      // Another consumer is not affected.
      yield* keys.authenticate(key("risk-key-0123456789"))
      yield* TestClock.adjust("500 millis")
      yield* keys.authenticate(book)
      expect((yield* Effect.flip(keys.authenticate(book))).status).toBe(429)
    })
  )

  it.effect("names the JSON path of every problem in a keys file and never echoes a key", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({
        keys: [
          { consumer: "x", key: "short-secret", scopes: ["nope"] },
          { consumer: "y", scopes: ["admin"] }
        ],
        extra: true
      })
      const error = yield* Effect.flip(parseKeysFile("GATEWAY_API_KEYS", text))
      const message = String(error)
      expect(message).toContain("$.keys[0].scopes[0]")
      expect(message).toContain("$.keys[0].key")
      expect(message).toContain("$.keys[1]")
      expect(message).toContain("$.extra")
      expect(message).not.toContain("short-secret")
      const notJson = yield* Effect.flip(parseKeysFile("GATEWAY_API_KEYS", "{"))
      expect(String(notJson)).toContain("not valid JSON")
    })
  )

  it.effect("refuses to run without keys in every environment (no demo key outside the development composition)", () =>
    Effect.gen(function* () {
      const build = (env: Record<string, string>) =>
        Layer.build(ApiKeys.layer).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
          Effect.scoped
        )
      for (const env of [{}, { ITS_ENV: "local" }, { ITS_ENV: "production" }]) {
        const exit = yield* Effect.exit(build(env))
        expect(Exit.isFailure(exit)).toBe(true)
        expect(String(exit)).toContain("GATEWAY_API_KEYS_FILE")
      }
    })
  )
})
