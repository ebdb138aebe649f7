import { describe, expect, it } from "@effect/vitest"
import { Context, Duration, Effect, Exit, Fiber, Layer, Redacted } from "effect"
import { type AuthSettings, TokenProvider } from "../src/index.ts"
import { makeFakeIdp, type Reply, tokenReply } from "./FakeIdp.ts"
import { advance } from "./TestTime.ts"

const SECRET = "s3cr3t-client-secret"

/** Builds a provider against a scripted IdP inside the test's scope (its refresher dies with the test). */
const setup = (script: (n: number, audience: string) => Reply, settings: Partial<AuthSettings> = {}) =>
  Effect.gen(function* () {
    const idp = yield* makeFakeIdp(script)
    const tokensLayer = TokenProvider.layerWith({
      clientId: "client-1",
      clientSecret: Redacted.make(SECRET),
      tokenUrl: "https://idp.test/oauth/token",
      ...settings
    })
    const context = yield* Layer.build(tokensLayer.pipe(Layer.provide(idp.layer)))
    return { provider: Context.get(context, TokenProvider), idp }
  })

const value = (token: { value: Redacted.Redacted<string> }) => Redacted.value(token.value)
const seconds = (n: number) => advance(Duration.seconds(n))

describe("TokenProvider", () => {
  it.scoped("caches the token and refreshes it in the background at 80% of its lifetime", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n) => tokenReply(n, 600))
      const first = yield* provider.get()
      expect(value(first)).toBe("tok-1")
      expect(String(first.value)).toBe("<redacted>")
      expect(value(yield* provider.get())).toBe("tok-1")
      expect(yield* idp.count).toBe(1)
      // 600 s token: soft refresh at 480 s, hard expiry at 570 s.
      expect([first.refreshAt, first.hardExpiresAt, first.expiresAt]).toEqual([480_000, 570_000, 600_000])
      yield* seconds(479)
      expect(yield* idp.count).toBe(1)
      expect(value(yield* provider.get())).toBe("tok-1")
      yield* seconds(2)
      expect(yield* idp.count).toBe(2)
      expect(value(yield* provider.get())).toBe("tok-2")
      // The second token is refreshed on its own schedule.
      yield* seconds(480)
      expect(yield* idp.count).toBe(3)
    })
  )

  it.scoped("sends the Auth0 form: client_id, client_secret, audience, grant_type", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n) => tokenReply(n))
      yield* provider.get()
      const [request] = yield* idp.requests
      expect(Object.fromEntries(request!.form)).toEqual({
        grant_type: "client_credentials",
        audience: "mts-insight-tech-non-prod",
        client_id: "client-1",
        client_secret: SECRET
      })
      expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded")
      expect(request!.headers.authorization).toBeUndefined()
    })
  )

  it.scoped("can authenticate with HTTP Basic instead (configurable alternative)", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n) => tokenReply(n), { clientAuth: "basic" })
      yield* provider.get()
      const [request] = yield* idp.requests
      expect(request!.form.get("client_secret")).toBeNull()
      expect(request!.headers.authorization).toBe(`Basic ${btoa(`client-1:${SECRET}`)}`)
    })
  )

  it.scoped("1 000 concurrent callers cause exactly one token request", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n) => ({ ...tokenReply(n), latency: "2 seconds" }))
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 1000 }, () => provider.get()),
          { concurrency: "unbounded" }
        )
      )
      yield* seconds(2)
      const tokens = yield* Fiber.join(fiber)
      expect(yield* idp.count).toBe(1)
      expect(new Set(tokens.map(value))).toEqual(new Set(["tok-1"]))
    })
  )

  it.scoped("an interrupted caller does not cancel the shared request for the others", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n) => ({ ...tokenReply(n), latency: "2 seconds" }))
      const impatient = yield* Effect.fork(provider.get())
      const patient = yield* Effect.fork(provider.get())
      yield* seconds(1)
      yield* Fiber.interrupt(impatient)
      yield* seconds(1)
      expect(value(yield* Fiber.join(patient))).toBe("tok-1")
      expect(yield* idp.count).toBe(1)
    })
  )

  it.scoped("retries 503 and 429, waiting at least Retry-After, then succeeds", () =>
    Effect.gen(function* () {
      const script = (n: number): Reply =>
        n === 1
          ? { status: 503, body: { error: "server_error" } }
          : n === 2
            ? { status: 429, body: { error: "too_many_requests" }, headers: { "retry-after": "7" } }
            : tokenReply(n)
      const { provider, idp } = yield* setup(script)
      const fiber = yield* Effect.fork(provider.get())
      yield* seconds(1) // backoff after the 503 is ~200 ms
      expect(yield* idp.count).toBe(2)
      yield* seconds(5.5) // t = 6.5 s: < 7 s after the 429 (sent at ~0.2 s)
      expect(yield* idp.count).toBe(2)
      yield* seconds(1.5)
      expect(value(yield* Fiber.join(fiber))).toBe("tok-3")
      expect(yield* idp.count).toBe(3)
    })
  )

  it.scoped("an on-demand get does not wait for a Retry-After beyond maxRetryAfter", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup(() => ({ status: 429, headers: { "retry-after": "120" } }))
      const error = yield* Effect.flip(provider.get())
      expect(error).toMatchObject({ _tag: "TokenEndpointUnavailable", status: 429, retryAfterMillis: 120_000 })
      expect(yield* idp.count).toBe(1)
    })
  )

  it.scoped("rejections are typed, carry the IdP's error, and are not retried", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup(() => ({
        status: 401,
        body: { error: "invalid_client", error_description: "Unauthorized" }
      }))
      const error = yield* Effect.flip(provider.get())
      expect(error).toMatchObject({ _tag: "TokenRejected", status: 401, error: "invalid_client" })
      expect(error.message).toContain("invalid_client: Unauthorized")
      expect(yield* idp.count).toBe(1)
    })
  )

  it.scoped.each([
    ["not JSON", "<html>oops</html>", "$: is not JSON"],
    ["missing access_token", { expires_in: 600, token_type: "Bearer" }, "$.access_token: is missing"],
    [
      "expires_in <= 0",
      { access_token: "t", expires_in: -5, token_type: "Bearer" },
      "$.expires_in: has an invalid value"
    ],
    [
      "expires_in absurd",
      { access_token: "t", expires_in: 1e9, token_type: "Bearer" },
      "$.expires_in: 1000000000 s exceeds"
    ],
    [
      "expires_in not a number",
      { access_token: "t", expires_in: "600", token_type: "Bearer" },
      "$.expires_in: has an invalid value"
    ],
    ["not a bearer token", { access_token: "t", expires_in: 600, token_type: "mac" }, "$.token_type: is not Bearer"]
  ] as const)("a malformed response (%s) is a typed error naming the field", ([, body, problem]) =>
    Effect.gen(function* () {
      const { provider } = yield* setup(() => ({ body }))
      const error = yield* Effect.flip(provider.get())
      expect(error._tag).toBe("TokenResponseMalformed")
      expect(error.message).toContain(problem)
    })
  )

  it.scoped("a slow endpoint times out with a typed error", () =>
    Effect.gen(function* () {
      const { provider } = yield* setup(() => ({ latency: "1 minute" }), { retries: 0 })
      const fiber = yield* Effect.fork(Effect.flip(provider.get()))
      yield* seconds(10)
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "TokenTimeout", timeoutMillis: 10_000 })
    })
  )

  it.scoped("with the endpoint down and no token, get fails fast instead of hanging", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup(() => ({ drop: true }))
      const fiber = yield* Effect.fork(Effect.flip(provider.get()))
      yield* seconds(5) // three retries: ~0.2 + 0.4 + 0.8 s
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "TokenEndpointUnavailable" })
      const after = yield* idp.count
      expect(after).toBeGreaterThanOrEqual(4)
      // Later callers fail too (at once within the cooldown, or with the refresher's attempt in flight), and
      // the refresher backs off at least the cooldown between attempts: no request storm.
      const again = yield* Effect.fork(Effect.flip(provider.get()))
      yield* seconds(5)
      expect((yield* Fiber.join(again))._tag).toBe("TokenEndpointUnavailable")
      expect(yield* idp.count).toBeLessThanOrEqual(after + 16)
    })
  )

  it.scoped("rides through an outage until the hard expiry, then fails, then recovers", () =>
    Effect.gen(function* () {
      let healthy = true
      const { provider, idp } = yield* setup((n) => (n === 1 || healthy ? tokenReply(n) : { status: 500 }))
      expect(value(yield* provider.get())).toBe("tok-1")
      healthy = false
      yield* seconds(500) // refresher started at 480 s and is failing
      expect(yield* idp.count).toBeGreaterThan(2)
      expect(value(yield* provider.get())).toBe("tok-1") // served at once, no blocking
      yield* seconds(69) // 569 s: last millisecond range before the 570 s hard expiry
      expect(value(yield* provider.get())).toBe("tok-1")
      yield* seconds(2) // 571 s: past the hard expiry
      const fiber = yield* Effect.fork(Effect.flip(provider.get()))
      yield* seconds(10)
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TokenEndpointUnavailable")
      const requestsDuringOutage = yield* idp.count
      expect(requestsDuringOutage).toBeLessThan(100) // backoff, not a storm
      healthy = true
      yield* seconds(31) // the refresher's capped backoff brings a token back
      const recovered = yield* provider.get()
      expect(value(recovered)).toMatch(/^tok-\d+$/)
      expect(value(recovered)).not.toBe("tok-1")
    })
  )

  it.scoped("a refresh that recovers before the hard expiry swaps the token seamlessly", () =>
    Effect.gen(function* () {
      // statuses [200, 500 x N, 200]: the refresher retries until one works.
      let failures = 0
      const { provider } = yield* setup((n) => {
        if (n === 1) return tokenReply(n)
        if (failures++ < 5) return { status: 500 }
        return tokenReply(n)
      })
      yield* provider.get()
      yield* seconds(480)
      expect(value(yield* provider.get())).toBe("tok-1")
      yield* seconds(60)
      expect(value(yield* provider.get())).toBe("tok-7")
    })
  )

  it.scoped("invalidate drops exactly that token; a stale invalidate does nothing", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n) => tokenReply(n))
      const first = yield* provider.get()
      expect(yield* provider.invalidate(first)).toBe(true)
      const second = yield* provider.get()
      expect(value(second)).toBe("tok-2")
      expect(yield* provider.invalidate(first)).toBe(false)
      expect(value(yield* provider.get())).toBe("tok-2")
      expect(yield* idp.count).toBe(2)
    })
  )

  it.scoped("invalidate racing a background refresh never drops the fresh token", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n) => ({ ...tokenReply(n), latency: n === 1 ? 0 : "1 second" }))
      const old = yield* provider.get()
      yield* seconds(480) // refresh in flight (1 s latency)
      const staleInvalidate = yield* Effect.fork(Effect.zipRight(Effect.sleep("1 second"), provider.invalidate(old)))
      yield* seconds(1)
      // Whichever happened first, at most one extra request is made and the result is a fresh token.
      yield* Fiber.join(staleInvalidate)
      const now = yield* provider.get().pipe(Effect.fork)
      yield* seconds(1)
      const token = yield* Fiber.join(now)
      expect(value(token)).not.toBe("tok-1")
      expect(yield* idp.count).toBeLessThanOrEqual(3)
      expect(yield* provider.invalidate(old)).toBe(false)
    })
  )

  it.scoped("keeps one token per audience, each on its own schedule", () =>
    Effect.gen(function* () {
      const { provider, idp } = yield* setup((n, audience) => ({
        body: {
          access_token: `${audience}-${n}`,
          expires_in: audience.startsWith("mbs") ? 300 : 600,
          token_type: "Bearer"
        }
      }))
      const rest = yield* provider.get("mts-insight-tech-non-prod")
      const ws = yield* provider.get("mbs-dp-non-prod-wss")
      expect(value(rest)).toBe("mts-insight-tech-non-prod-1")
      expect(value(ws)).toBe("mbs-dp-non-prod-wss-2")
      expect(ws.hardExpiresAt).toBe(270_000) // 300 s: hard margin 30 s
      yield* seconds(241) // data-plane refresh at 240 s; REST not yet
      expect(value(yield* provider.get("mbs-dp-non-prod-wss"))).toBe("mbs-dp-non-prod-wss-3")
      expect(value(yield* provider.get("mts-insight-tech-non-prod"))).toBe("mts-insight-tech-non-prod-1")
      expect((yield* idp.requests).map((r) => r.form.get("audience"))).toEqual([
        "mts-insight-tech-non-prod",
        "mbs-dp-non-prod-wss",
        "mbs-dp-non-prod-wss"
      ])
      const invalidated = yield* provider.invalidate(ws)
      expect(invalidated).toBe(false) // already replaced by the refresh
    })
  )

  it.scoped("the layer's scope ends its refreshers", () =>
    Effect.gen(function* () {
      const idp = yield* makeFakeIdp((n) => tokenReply(n))
      const tokensLayer = TokenProvider.layerWith({ clientId: "c", clientSecret: Redacted.make(SECRET) })
      yield* Effect.scoped(
        Effect.flatMap(Layer.build(tokensLayer.pipe(Layer.provide(idp.layer))), (ctx) =>
          Context.get(ctx, TokenProvider).get()
        )
      )
      yield* seconds(3600)
      expect(yield* idp.count).toBe(1)
      expect(Exit.isSuccess(Exit.void)).toBe(true)
    })
  )
})

describe("TokenProvider.layerTest", () => {
  it.effect("serves fixed, unexpiring tokens per audience", () =>
    Effect.gen(function* () {
      const provider = yield* TokenProvider
      const token = yield* provider.get("a")
      expect(value(token)).toBe("token-a")
      expect(token.isUsableAt(Date.UTC(3000, 0))).toBe(true)
      expect(value(yield* provider.get())).toBe("token-a")
      expect(yield* provider.invalidate(token)).toBe(false)
    }).pipe(Effect.provide(TokenProvider.layerTest({ a: "token-a", b: "token-b" })))
  )
})
