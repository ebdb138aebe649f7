import { describe, expect, it } from "@effect/vitest"
import { AccountId, BookmakerId, type LbsItem, Models, ScoreResults, WireDecimal } from "@its/models"
import { Context, Duration, Effect, Layer, Schema, TestClock } from "effect"
import { ScoreCache } from "../../src/scores/ScoreCache.ts"
import { LbsScoreLookup, toScoreLookupResponse } from "../../src/scores/ScoreLookupResponse.ts"

// Real `LbsItem`s (with the wire text "0.930" kept exactly), so the response Schema's encoding is exercised.
const lbsItem = (id: string, text: string): LbsItem => ({
  id: AccountId.make(id),
  srcId: `src-${id}`,
  lbs: new WireDecimal({ text, value: Number(text) })
})

const lbsOnly = Layer.succeed(
  Models,
  Models.of({
    lbs: {
      scores: (_scope: unknown, ids: ReadonlyArray<AccountId>) =>
        Effect.succeed(
          new ScoreResults(
            ids,
            ids.filter((id) => id !== "gone").map((id) => lbsItem(id, "0.930"))
          )
        )
    }
  } as never)
)

describe("score lookup response", () => {
  it.scoped("encodes items with the models' wire strings plus freshness and totals", () =>
    Effect.gen(function* () {
      const context = yield* Layer.build(
        ScoreCache.layerWith({ ttl: { lbs: "10 minutes" } }).pipe(Layer.provide(lbsOnly))
      )
      const cache = Context.get(context, ScoreCache)
      const scope = { bookmaker: BookmakerId.make(1), subBookmaker: "*" as const }
      yield* cache.lbs(scope, [AccountId.make("a")])
      yield* TestClock.adjust("90 seconds")
      const result = yield* cache.lbs(scope, [AccountId.make("a"), AccountId.make("gone")])
      const wire = yield* Schema.encode(LbsScoreLookup)(toScoreLookupResponse(result))
      expect(wire).toEqual({
        items: [{ type: "C", item: { id: "a", srcId: "src-a", lbs: "0.930" } }],
        missing: [{ type: "C", id: "gone" }],
        accounts: [
          { id: "a", type: "C", found: true, cached: true, ageSeconds: 90 },
          { id: "gone", type: "C", found: false, cached: false, ageSeconds: 0 }
        ],
        cache: { enabled: true, ttlSeconds: 600, hits: 1, misses: 1, upstreamCalls: 1, maxAgeSeconds: 90 }
      })
      // And back: the wire form decodes to the same response.
      const decoded = yield* Schema.decodeUnknown(LbsScoreLookup)(JSON.parse(JSON.stringify(wire)))
      expect(decoded.items[0]?.item.lbs?.text).toBe("0.930")
      expect(Duration.toSeconds(result.policy.ttl)).toBe(600)
    })
  )
})
