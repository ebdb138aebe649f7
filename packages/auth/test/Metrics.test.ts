import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Metric, Redacted } from "effect"
import { AuthMetrics, TokenProvider } from "../src/index.ts"
import { makeFakeIdp, tokenReply } from "./FakeIdp.ts"
import { advance } from "./TestTime.ts"

const counterValue = (counter: Metric.Metric.Counter<number>, tags: Record<string, string>) =>
  Metric.value(Object.entries(tags).reduce((m, [k, v]) => Metric.tagged(m, k, v), counter)).pipe(
    Effect.map((state) => state.count)
  )

describe("metrics", () => {
  it.scoped("count token requests by outcome, refreshes, and publish time to expiry", () =>
    Effect.gen(function* () {
      const audience = "metrics-audience"
      let n = 0
      const idp = yield* makeFakeIdp((i) => (n++ === 1 ? { status: 503 } : tokenReply(i)))
      const tokensLayer = TokenProvider.layerWith({ clientId: "c", clientSecret: Redacted.make("s"), audience })
      const ctx = yield* Layer.build(tokensLayer.pipe(Layer.provide(idp.layer)))
      const issuedBefore = yield* counterValue(AuthMetrics.tokenRequests, { audience, outcome: "issued" })
      yield* Context.get(ctx, TokenProvider).get()
      expect(yield* counterValue(AuthMetrics.tokenRequests, { audience, outcome: "issued" })).toBe(issuedBefore + 1)
      const gauge = yield* Metric.value(Metric.tagged(AuthMetrics.tokenSecondsToExpiry, "audience", audience))
      expect(gauge.value).toBe(570)
      yield* advance("481 seconds") // refresh: one 503, then issued
      expect(yield* counterValue(AuthMetrics.tokenRequests, { audience, outcome: "unavailable" })).toBe(1)
      expect(yield* counterValue(AuthMetrics.tokenRefreshes, { audience, result: "ok" })).toBe(1)
    })
  )
})
