import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import { TokenIssuer } from "../src/index.ts"

const now = Date.parse("2026-11-20T10:00:00Z")
const options = { issuer: "https://sim.test/", tokenTtl: 60, tokenTtlByAudience: { "mbs-dp-non-prod-wss": 30 } }
const request = { clientId: "c1", audience: "mts-insight-tech" }

const flip = (char: string) => (char === "A" ? "B" : "A")

describe("TokenIssuer", () => {
  it.effect("verifies a token until it expires (TestClock)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const issuer = yield* TokenIssuer
      const issued = yield* issuer.issue(request)
      expect(issued.expiresIn).toBe(60)
      const token = Redacted.value(issued.accessToken)

      yield* TestClock.adjust("59 seconds")
      expect(yield* issuer.verifyAccessToken(token, "mts-insight-tech")).toEqual(issued.claims)

      yield* TestClock.adjust("2 seconds")
      const error = yield* Effect.flip(issuer.verifyAccessToken(token, "mts-insight-tech"))
      expect(error._tag).toBe("TokenExpired")
      expect(error._tag === "TokenExpired" && error.expiredAt).toBe(now / 1000 + 60)
    }).pipe(Effect.provide(TokenIssuer.layerWith(options)))
  )

  it.effect("applies the per-audience lifetime", () =>
    Effect.gen(function* () {
      const issued = yield* (yield* TokenIssuer).issue({ ...request, audience: "mbs-dp-non-prod-wss" })
      expect(issued.expiresIn).toBe(30)
      expect(issued.claims.exp - issued.claims.iat).toBe(30)
    }).pipe(Effect.provide(TokenIssuer.layerWith(options)))
  )

  it.effect("rejects a token for another audience", () =>
    Effect.gen(function* () {
      const issuer = yield* TokenIssuer
      const token = Redacted.value((yield* issuer.issue(request)).accessToken)
      const error = yield* Effect.flip(issuer.verifyAccessToken(token, "mbs-dp-production-wss"))
      expect(error._tag).toBe("TokenAudienceMismatch")
      expect(error).toMatchObject({ expected: "mbs-dp-production-wss", actual: "mts-insight-tech" })
    }).pipe(Effect.provide(TokenIssuer.layerWith(options)))
  )

  it.effect("rejects a tampered signature, a foreign key and garbage", () =>
    Effect.gen(function* () {
      const issuer = yield* TokenIssuer
      const token = Redacted.value((yield* issuer.issue(request)).accessToken)
      const tampered = token.slice(0, -10) + flip(token.charAt(token.length - 10)) + token.slice(-9)
      expect((yield* Effect.flip(issuer.verifyAccessToken(tampered, "mts-insight-tech")))._tag).toBe(
        "TokenSignatureInvalid"
      )

      // Same settings, different key pair (and kid).
      const other = yield* TokenIssuer.make(options)
      const foreign = Redacted.value((yield* other.issue(request)).accessToken)
      expect((yield* Effect.flip(issuer.verifyAccessToken(foreign, "mts-insight-tech")))._tag).toBe(
        "TokenSignatureInvalid"
      )

      expect((yield* Effect.flip(issuer.verifyAccessToken("not-a-jwt", "mts-insight-tech")))._tag).toBe("TokenInvalid")
    }).pipe(Effect.provide(TokenIssuer.layerWith(options)))
  )

  it.effect("gives every token a distinct jti, even within one second", () =>
    Effect.gen(function* () {
      const issuer = yield* TokenIssuer
      const a = yield* issuer.issue(request)
      const b = yield* issuer.issue(request)
      expect(a.claims.iat).toBe(b.claims.iat)
      expect(a.claims.jti).not.toBe(b.claims.jti)
      expect(Redacted.value(a.accessToken)).not.toBe(Redacted.value(b.accessToken))
    }).pipe(Effect.provide(TokenIssuer.layerWith(options)))
  )
})
