/**
 * The token provider's bounds (issue 14): the failure cooldown honours the IdP's `Retry-After`, and a silent IdP
 * holds a caller at most `maxWait` (TestClock time throughout).
 */
import { describe, expect, it } from "@effect/vitest"
import { Context, Duration, Effect, Fiber, Layer, Redacted } from "effect"
import { type AuthSettings, TokenProvider } from "../src/index.ts"
import { makeFakeIdp, type Reply } from "./FakeIdp.ts"
import { advance } from "./TestTime.ts"

const setup = (script: (n: number, audience: string) => Reply, settings: Partial<AuthSettings> = {}) =>
  Effect.gen(function* () {
    const idp = yield* makeFakeIdp(script)
    const tokensLayer = TokenProvider.layerWith({
      clientId: "client-1",
      clientSecret: Redacted.make("secret"),
      tokenUrl: "https://idp.test/oauth/token",
      ...settings
    })
    const context = yield* Layer.build(tokensLayer.pipe(Layer.provide(idp.layer)))
    return { provider: Context.get(context, TokenProvider), idp }
  })

describe("TokenProvider bounds", () => {
  it.scoped("after a 503 with Retry-After, callers fail fast until it has passed, without asking the IdP", () =>
    Effect.gen(function* () {
      // Retry-After 8 s: above the 1 s cooldown, within maxRetryAfter (10 s) for the refresher, 0 on-demand retries.
      const { provider, idp } = yield* setup((n) => (n === 1 ? { status: 503, headers: { "retry-after": "8" } } : {}), {
        retries: 0
      })
      expect((yield* Effect.flip(provider.get()))._tag).toBe("TokenEndpointUnavailable")
      const asked = yield* idp.count
      yield* advance(Duration.seconds(5)) // past the 1 s cooldown, before the Retry-After
      expect((yield* Effect.flip(provider.get()))._tag).toBe("TokenEndpointUnavailable")
      expect(yield* idp.count).toBe(asked)
      yield* advance(Duration.seconds(4))
      expect(Redacted.value((yield* provider.get()).value)).toMatch(/^tok-/)
    })
  )

  it.scoped("a silent IdP holds a caller at most maxWait (TokenTimeout), not every retry's timeout", () =>
    Effect.gen(function* () {
      const { provider } = yield* setup(() => ({ latency: "10 minutes" }), { maxWait: Duration.seconds(15) })
      const fiber = yield* Effect.fork(Effect.flip(provider.get()))
      yield* advance(Duration.seconds(15))
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "TokenTimeout", timeoutMillis: 15_000 })
    })
  )
})
