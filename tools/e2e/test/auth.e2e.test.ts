import { describe, expect, it } from "@effect/vitest"
import { Counters, Faults, TokenIssuer } from "@its/simulator"
import { Clock, Context, Duration, Effect, Redacted } from "effect"
import { bearer, demo, startAuth } from "./support/simulator.ts"

const REST = "mts-insight-tech-non-prod"
const DATA_PLANE = "mbs-dp-non-prod-wss"

describe("@its/auth against the simulator", () => {
  it.scopedLive("fetches a JWT the simulator's JWKS verifies, with the configured audience and lifetime", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth()
      const token = yield* tokens.get()
      const claims = yield* Context.get(simulator, TokenIssuer).verifyAccessToken(bearer(token), REST)
      expect(claims).toMatchObject({ aud: REST, sub: `${demo.clientId}@clients` })
      expect(token.lifetimeMillis).toBe(600_000)
      expect(claims.exp - claims.iat).toBe(600)
      expect(yield* Context.get(simulator, Counters).total({ outcome: "issued" })).toBe(1)
    })
  )

  it.scopedLive("one credential set, one token per audience (REST 600 s, data plane 300 s)", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth()
      const [rest, ws] = yield* Effect.all([tokens.get(REST), tokens.get(DATA_PLANE)], { concurrency: 2 })
      const issuer = Context.get(simulator, TokenIssuer)
      yield* issuer.verifyAccessToken(bearer(ws), DATA_PLANE)
      const wrong = yield* Effect.flip(issuer.verifyAccessToken(bearer(ws), REST))
      expect(wrong._tag).toBe("TokenAudienceMismatch")
      expect(rest.lifetimeMillis).toBe(600_000)
      expect(ws.lifetimeMillis).toBe(300_000)
      yield* Effect.all([tokens.get(REST), tokens.get(DATA_PLANE)])
      expect(yield* Context.get(simulator, Counters).total({ outcome: "issued" })).toBe(2)
    })
  )

  it.scopedLive("100 concurrent callers share one request over real HTTP", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth({ faults: { latencyMs: 100 } })
      const all = yield* Effect.all(
        Array.from({ length: 100 }, () => tokens.get()),
        { concurrency: "unbounded" }
      )
      expect(new Set(all.map(bearer)).size).toBe(1)
      expect(yield* Context.get(simulator, Counters).total()).toBe(1)
    })
  )

  it.scopedLive("HTTP Basic client authentication works too", () =>
    Effect.gen(function* () {
      const { tokens } = yield* startAuth({}, { clientAuth: "basic" })
      expect(bearer(yield* tokens.get())).toMatch(/^ey/)
    })
  )

  it.scopedLive("a wrong secret is a TokenRejected carrying invalid_client, without the secret", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth({}, { clientSecret: Redacted.make("wrong-secret-value") })
      const error = yield* Effect.flip(tokens.get())
      expect(error).toMatchObject({ _tag: "TokenRejected", status: 401, error: "invalid_client" })
      expect(JSON.stringify(error) + error.message).not.toContain("wrong-secret-value")
      expect(yield* Context.get(simulator, Counters).total({ outcome: "invalid_client" })).toBe(1)
    })
  )

  it.scopedLive("an audience the client may not use is a TokenRejected carrying unauthorized_client", () =>
    Effect.gen(function* () {
      const { tokens } = yield* startAuth({
        clients: [
          { clientId: demo.clientId, clientSecret: demo.clientSecret, audiences: [REST] },
          { clientId: "other-client", clientSecret: "other-secret", audiences: [DATA_PLANE] }
        ]
      })
      yield* tokens.get(REST)
      const error = yield* Effect.flip(tokens.get(DATA_PLANE))
      expect(error).toMatchObject({ _tag: "TokenRejected", status: 403, error: "unauthorized_client" })
    })
  )

  it.scopedLive("retries 503, then 429 with Retry-After, then gets a token", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth({
        faults: { script: [503, { kind: "error", status: 429, retryAfter: 1 }, "ok"] }
      })
      const start = yield* Clock.currentTimeMillis
      const token = yield* tokens.get()
      const elapsed = (yield* Clock.currentTimeMillis) - start
      expect(bearer(token)).toMatch(/^ey/)
      expect(elapsed).toBeGreaterThanOrEqual(1000) // honoured Retry-After: 1
      const counters = Context.get(simulator, Counters)
      expect(yield* counters.total({ outcome: "fault:503" })).toBe(1)
      expect(yield* counters.total({ outcome: "fault:429" })).toBe(1)
      expect(yield* counters.total({ outcome: "issued" })).toBe(1)
    })
  )

  it.scopedLive("a dropped connection is retried", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth({ faults: { script: ["drop", "ok"] } })
      expect(bearer(yield* tokens.get())).toMatch(/^ey/)
      expect(yield* Context.get(simulator, Counters).total({ outcome: "dropped" })).toBe(1)
    })
  )

  it.scopedLive("malformed bodies are typed errors naming the problem", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth({ faults: { always: "malformed" } })
      const html = yield* Effect.flip(tokens.get())
      expect(html).toMatchObject({ _tag: "TokenResponseMalformed", problems: ["$: is not JSON"] })
      yield* Context.get(simulator, Faults).set({ always: { kind: "malformed-json" } })
      yield* Effect.sleep("1100 millis") // past the failure cooldown
      const json = yield* Effect.flip(tokens.get())
      expect(json._tag).toBe("TokenResponseMalformed")
      expect(json.message).toMatch(/\$\.access_token: is missing|\$\.expires_in: has an invalid value/)
      expect(yield* Context.get(simulator, Counters).total({ outcome: "malformed" })).toBeGreaterThanOrEqual(2)
    })
  )

  it.scopedLive("a slow endpoint gives a TokenTimeout", () =>
    Effect.gen(function* () {
      const { tokens } = yield* startAuth(
        { faults: { latencyMs: 2000 } },
        { requestTimeout: Duration.millis(200), retries: 1 }
      )
      const error = yield* Effect.flip(tokens.get())
      expect(error).toMatchObject({ _tag: "TokenTimeout", timeoutMillis: 200 })
    })
  )

  it.scopedLive("refreshes short-lived tokens ahead of expiry and keeps serving during an outage", () =>
    Effect.gen(function* () {
      const { simulator, tokens } = yield* startAuth({ tokenTtl: 2 })
      const first = yield* tokens.get()
      yield* Effect.sleep("1900 millis") // refresh at 1.6 s
      const second = yield* tokens.get()
      expect(bearer(second)).not.toBe(bearer(first))
      const faults = Context.get(simulator, Faults)
      yield* faults.set({ always: { kind: "error", status: 503 } })
      // Refreshing now fails; the current token is still served until its hard expiry.
      const during = yield* tokens.get()
      expect(bearer(during)).toBe(bearer(second))
      yield* faults.clear
      yield* Effect.sleep("2 seconds")
      const after = yield* tokens.get()
      yield* Context.get(simulator, TokenIssuer).verifyAccessToken(bearer(after), REST)
    })
  )
})
