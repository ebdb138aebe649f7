/**
 * The `Models` score clients (LBS, Bot, Marker, sCCF, CCF) end to end through `@its/transport`'s `ItsHttp` against
 * an in-memory ITS serving `ItsModelsApi` (`support/FakeModels.ts`).
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Option, Stream } from "effect"
import { AccountId, BookmakerId, Models, SubBookmakerId, WireDecimal } from "../src/index.ts"
import { customers, scope, useFakeModels } from "./support/FakeModels.ts"

const { ModelsTest, targets } = useFakeModels()

describe("score clients", () => {
  it.effect("look up many customers in chunks and merge the results; absence is Option.none", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const ids = customers(...Array.from({ length: 25 }, (_, i) => `cust_${i}`), "cust_0", "cust_1")
      const results = yield* models.lbs.scores(scope, ids)
      expect(results.requested).toHaveLength(25)
      expect(results.items).toHaveLength(24)
      expect(results.get(AccountId.make("cust_7")).pipe(Option.map((item) => item.lbs?.text))).toStrictEqual(
        Option.some("0.07")
      )
      expect(results.get(AccountId.make("cust_13"))).toStrictEqual(Option.none())
      expect(results.missing).toStrictEqual(["cust_13"])
      const sent = targets("/api/lbs/")
      expect(sent).toHaveLength(3)
      expect(sent.map((r) => r.target.split("customer=")[1]?.split(",").length)).toStrictEqual([10, 10, 5])
      expect(sent[0]?.target).toMatch(/^\/api\/lbs\/v1\/bookmakers\/1234\/sub-bookmakers\/\*\/source\?customer=cust_0,/)
    }).pipe(Effect.provide(ModelsTest({ maxIdsPerRequest: 10 })))
  )

  it.effect("KEY_NOT_FOUND (404) is absence, for one customer and for a whole chunk", () =>
    Effect.gen(function* () {
      const models = yield* Models
      expect(yield* models.lbs.score(scope, AccountId.make("unknown_key"))).toStrictEqual(Option.none())
      const results = yield* models.lbs.scores(scope, customers("unknown_key", "cust_2"))
      expect(results.items).toStrictEqual([])
      expect(yield* models.lbs.score(scope, AccountId.make("cust_2"))).toStrictEqual(
        Option.some({ id: "cust_2", srcId: "1#cust_2", lbs: WireDecimal.fromNumber(0.02) })
      )
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("VALIDATION_FAILED and ERROR are typed errors carrying ITS's requestId", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const fail = (id: string) => Effect.flip(models.lbs.score(scope, AccountId.make(id)))
      const rejected = yield* fail("invalid")
      expect(rejected).toMatchObject({ _tag: "ModelRequestRejected", api: "lbs", requestId: "vf-1" })
      expect(rejected.message).toContain("VALIDATION_FAILED for this request")
      expect(yield* fail("error_200")).toMatchObject({ _tag: "ModelServiceFailed", requestId: "er-200" })
      // HTTP 500 belongs to the transport (retried, then UpstreamUnavailable with the body excerpt).
      const upstream = yield* fail("error_500")
      expect(upstream).toMatchObject({ _tag: "UpstreamUnavailable", api: "lbs", status: 500 })
      expect(upstream.message).toContain("er-500")
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("a range scan follows lastEvaluatedKey until it is absent", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const items = yield* Stream.runCollect(models.lbs.inRange(scope, { lower: 0.9, higher: 1 }))
      expect(Chunk.toReadonlyArray(items).map((item) => [item.id, item.lbs?.text])).toStrictEqual([
        ["cust_90", "0.90"],
        ["cust_91", "0.91"],
        ["cust_92", "0.92"],
        ["cust_93", "0.93"],
        ["cust_94", "0.94"]
      ])
      expect(targets("/api/lbs/").map((r) => r.target.split("?")[1])).toStrictEqual([
        "lower=0.9&higher=1",
        "lower=0.9&higher=1&startKey=k1",
        "lower=0.9&higher=1&startKey=k2"
      ])
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("a range scan refuses bounds outside the score's range, and a key that does not advance", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const invalid = yield* Effect.flip(Stream.runCollect(models.lbs.inRange(scope, { lower: 0.5, higher: 2 })))
      expect(invalid).toMatchObject({ _tag: "ModelRequestInvalid", api: "lbs" })
      expect(invalid.message).toContain("higher")
      expect(targets("/api/lbs/")).toHaveLength(0)
      const stuck = yield* Effect.flip(Stream.runCollect(models.marker.inRange(scope, { lower: 0.5, higher: 1 })))
      expect(stuck).toMatchObject({ _tag: "ModelResponseInvalid", api: "marker" })
      expect(targets("/api/mscore/")).toHaveLength(2)
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("sCCF looks up customers, shops and terminals, and checks the configured range", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const results = yield* models.sccf.scores(
        { bookmaker: BookmakerId.make(1), subBookmaker: SubBookmakerId.make(3) },
        { customers: customers("c1"), shops: customers("s1", "s2"), terminals: customers("t1") }
      )
      expect(results.customers.items.map((i) => i.sCcf.text)).toStrictEqual(["0.60"])
      expect(results.shops.items.map((i) => [i.id, i.sCcf.text])).toStrictEqual([
        ["s1", "1.50"],
        ["s2", "1.50"]
      ])
      expect(results.terminals.get(AccountId.make("t1")).pipe(Option.isSome)).toBe(true)
      expect(
        targets("/api/sccf/")
          .map((r) => r.target.split("?")[1])
          .sort()
      ).toStrictEqual(["customer=c1", "shop=s1,s2", "terminal=t1"])
      const tooHigh = yield* Effect.flip(models.sccf.score(scope, { type: "S", id: AccountId.make("weird") }))
      expect(tooHigh).toMatchObject({ _tag: "ModelResponseInvalid", api: "sccf" })
      expect(tooHigh.message).toContain("sCcf 50.00 is outside the configured range 0–10")
      const ranged = yield* Stream.runCollect(models.sccf.inRange(scope, { lower: 1, higher: 5 }))
      expect(Chunk.toReadonlyArray(ranged).map(({ type, item }) => [type, item.id])).toStrictEqual([
        ["C", "c1"],
        ["T", "t1"]
      ])
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("a wider configured sCCF range lets 0–100 values through", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const item = yield* models.sccf.score(scope, { type: "S", id: AccountId.make("weird") })
      expect(Option.map(item, (i) => i.sCcf.value)).toStrictEqual(Option.some(50))
    }).pipe(Effect.provide(ModelsTest({ sccfRange: { min: 0, max: 100 } })))
  )
})
