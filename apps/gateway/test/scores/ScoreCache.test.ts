import { describe, expect, it } from "@effect/vitest"
import { AccountId, BookmakerId, type ScoreScope } from "@its/models"
import { Context, Duration, Effect, Exit, Fiber, Layer, Metric, Option, Queue, Ref, Scope, TestClock } from "effect"
import * as fc from "fast-check"
import { ScoreCache } from "../../src/scores/ScoreCache.ts"
import type { ScoreCacheConfig } from "../../src/scores/ScoreCacheConfig.ts"
import {
  cacheEntries,
  cacheHitRatio,
  cacheHits,
  cacheMisses,
  cacheUpstreamCalls,
  cacheUpstreamCallsSaved
} from "../../src/scores/ScoreCacheMetrics.ts"
import { type FakeUpstream, makeFakeUpstream } from "./FakeModels.ts"

const all: ScoreScope = { bookmaker: BookmakerId.make(1234), subBookmaker: "*" }
const ids = (...names: ReadonlyArray<string>) => names.map((name) => AccountId.make(name))

type Settings = Parameters<typeof ScoreCacheConfig.layerWith>[0]

/** A cache over a fresh fake upstream, living in the test's scope. */
const setup = (settings: Settings = {}, latency: Duration.DurationInput = 0) =>
  Effect.gen(function* () {
    const upstream = yield* makeFakeUpstream({ latency })
    const context = yield* Layer.build(ScoreCache.layerWith(settings).pipe(Layer.provide(upstream.layer)))
    return { cache: Context.get(context, ScoreCache), upstream }
  })

const callIds = (upstream: FakeUpstream) =>
  Effect.map(Ref.get(upstream.calls), (calls) => calls.map((call) => [call.model, ...call.ids]))

const counter = (metric: Metric.Metric.Counter<number>, model: string) =>
  Effect.map(Metric.value(Metric.tagged(metric, "model", model)), (state) => state.count)

describe("ScoreCache", () => {
  it.scoped("a miss goes upstream once, the repeat is a hit with the same answer", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup()
      const first = yield* cache.lbs(all, ids("a", "b"))
      expect(first.accounts.map((a) => [a.id, a.cached])).toEqual([
        ["a", false],
        ["b", false]
      ])
      expect([first.hits, first.misses, first.upstreamCalls]).toEqual([0, 2, 1])

      yield* upstream.setVersion(2)
      const second = yield* cache.lbs(all, ids("b", "a", "a"))
      expect(second.accounts.map((a) => [a.id, a.cached])).toEqual([
        ["b", true],
        ["a", true]
      ])
      expect([second.hits, second.misses, second.upstreamCalls]).toEqual([2, 0, 0])
      // Served from the cache: still the first batch.
      expect(Option.map(second.get(AccountId.make("a")), (item) => item.srcId)).toEqual(Option.some("v1-sub0"))
      expect(second.get(AccountId.make("a"))).toEqual(first.get(AccountId.make("a")))
      expect(yield* callIds(upstream)).toEqual([["lbs", "a", "b"]])
    })
  )

  it.scoped("'no score' is cached as a negative entry", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup()
      const first = yield* cache.marker(all, ids("none-1", "x"))
      expect(first.missing).toEqual([{ type: "C", id: "none-1" }])
      const second = yield* cache.marker(all, ids("none-1"))
      expect(second.missing).toEqual([{ type: "C", id: "none-1" }])
      expect(second.accounts[0]?.cached).toBe(true)
      expect(second.get(AccountId.make("none-1"))).toEqual(Option.none())
      expect((yield* Ref.get(upstream.calls)).length).toBe(1)
    })
  )

  it.scoped("entries expire after the model's TTL (TestClock) and report their age", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup({ ttl: { lbs: "1 hour" } })
      yield* cache.lbs(all, ids("a"))
      yield* TestClock.adjust("30 minutes")
      const fresh = yield* cache.lbs(all, ids("a"))
      expect(fresh.accounts[0]).toMatchObject({ cached: true, ageMillis: 30 * 60_000 })
      expect(fresh.maxAgeMillis).toBe(30 * 60_000)

      yield* upstream.setVersion(2)
      yield* TestClock.adjust("30 minutes")
      const expired = yield* cache.lbs(all, ids("a"))
      expect(expired.accounts[0]).toMatchObject({ cached: false, ageMillis: 0 })
      expect(Option.map(expired.get(AccountId.make("a")), (item) => item.srcId)).toEqual(Option.some("v2-sub0"))
      expect((yield* Ref.get(upstream.calls)).length).toBe(2)
    })
  )

  it.scoped("a partial hit fetches only the missing ids", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup()
      yield* cache.lbs(all, ids("a", "b"))
      const result = yield* cache.lbs(all, ids("a", "c", "b", "d"))
      expect([result.hits, result.misses, result.upstreamCalls]).toEqual([2, 2, 1])
      expect(result.accounts.map((a) => [a.id, a.cached])).toEqual([
        ["a", true],
        ["c", false],
        ["b", true],
        ["d", false]
      ])
      expect(yield* callIds(upstream)).toEqual([
        ["lbs", "a", "b"],
        ["lbs", "c", "d"]
      ])
    })
  )

  it.scoped("keys include the scope: another sub-bookmaker or bookmaker is another entry", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup()
      const everyone = yield* cache.lbs(all, ids("multi-1"))
      // With `*` one account can have an item per sub-bookmaker.
      expect(everyone.all(AccountId.make("multi-1")).length).toBe(2)
      expect(everyone.items.length).toBe(2)
      yield* cache.lbs({ ...all, subBookmaker: 7 as ScoreScope["subBookmaker"] }, ids("multi-1"))
      yield* cache.lbs({ ...all, bookmaker: BookmakerId.make(99) }, ids("multi-1"))
      const again = yield* cache.lbs(all, ids("multi-1"))
      expect(again.accounts[0]?.cached).toBe(true)
      expect(again.all(AccountId.make("multi-1"))).toEqual(everyone.all(AccountId.make("multi-1")))
      expect((yield* Ref.get(upstream.calls)).map((call) => [call.scope.bookmaker, call.scope.subBookmaker])).toEqual([
        [1234, "*"],
        [1234, 7],
        [99, "*"]
      ])
    })
  )

  it.scoped("50 concurrent lookups of the same missing key share one upstream call", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup({}, "1 second")
      const savedBefore = yield* counter(cacheUpstreamCallsSaved, "bot")
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 50 }, () => cache.bot(all, ids("a"))),
          { concurrency: "unbounded" }
        )
      )
      yield* Queue.take(upstream.started)
      for (let i = 0; i < 5; i++) yield* Effect.yieldNow()
      yield* TestClock.adjust("1 second")
      const results = yield* Fiber.join(fiber)
      expect((yield* Ref.get(upstream.calls)).length).toBe(1)
      // All 50 waited for the one call (none was a hit: nothing was stored before it returned).
      expect(results.every((r) => r.misses === 1 && r.hits === 0 && Option.isSome(r.get(AccountId.make("a"))))).toBe(
        true
      )
      expect(results.filter((r) => r.upstreamCalls === 1).length).toBe(1)
      expect((yield* counter(cacheUpstreamCallsSaved, "bot")) - savedBefore).toBe(49)
    })
  )

  it.scoped("an upstream failure reaches every waiter and is not cached", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup({}, "1 second")
      yield* upstream.failNext(1)
      const first = yield* Effect.fork(Effect.exit(cache.lbs(all, ids("a"))))
      yield* Queue.take(upstream.started)
      const second = yield* Effect.fork(Effect.exit(cache.lbs(all, ids("a", "b"))))
      yield* Queue.take(upstream.started) // `b` is fetched by the second lookup itself
      yield* TestClock.adjust("1 second")
      const [exitA, exitB] = [yield* Fiber.join(first), yield* Fiber.join(second)]
      expect(exitA).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "ModelServiceFailed", requestId: "req-lbs-fail" }) as never)
      )
      expect(exitB).toEqual(exitA)
      expect(yield* cache.size).toBe(1) // only `b`, fetched by the call that succeeded

      // Not cached: the next lookup of `a` goes upstream again and succeeds.
      const retry = yield* Effect.fork(cache.lbs(all, ids("a")))
      yield* Queue.take(upstream.started)
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(retry)
      expect(Option.isSome(result.get(AccountId.make("a")))).toBe(true)
      expect(yield* callIds(upstream)).toEqual([
        ["lbs", "a"],
        ["lbs", "b"],
        ["lbs", "a"]
      ])
    })
  )

  it.scoped("interrupting a waiter, even the one that started the call, does not cancel it for the others", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup({}, "1 second")
      const starter = yield* Effect.fork(cache.sccf(all, { customers: ids("a") }))
      yield* Queue.take(upstream.started)
      const waiter = yield* Effect.fork(cache.sccf(all, { customers: ids("a") }))
      for (let i = 0; i < 5; i++) yield* Effect.yieldNow()
      yield* Fiber.interrupt(starter)
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(waiter)
      expect(result.accounts[0]).toMatchObject({ id: "a", type: "C", cached: false })
      expect(Option.isSome(result.get(AccountId.make("a")))).toBe(true)

      // The lone caller goes away: the call still completes and its answer is stored.
      const lone = yield* Effect.fork(cache.sccf(all, { customers: ids("b") }))
      yield* Queue.take(upstream.started)
      yield* Fiber.interrupt(lone)
      yield* TestClock.adjust("1 second")
      const later = yield* cache.sccf(all, { customers: ids("a", "b") })
      expect(later.accounts.map((a) => a.cached)).toEqual([true, true])
      expect((yield* Ref.get(upstream.calls)).length).toBe(2)
    })
  )

  it.effect("closing the cache's scope interrupts in-flight calls and their waiters", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const { cache, upstream } = yield* setup({}, "1 hour").pipe(Scope.extend(scope))
      const waiter = yield* Effect.fork(cache.lbs(all, ids("a")))
      yield* Queue.take(upstream.started)
      // Would never return if the upstream call (sleeping in virtual time) could not be interrupted.
      yield* Scope.close(scope, Exit.void)
      const exit = yield* Fiber.await(waiter)
      expect(Exit.isInterrupted(exit)).toBe(true)
    })
  )

  it.scoped("the size bound evicts the least recently used entry", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup({ maxEntries: 3 })
      yield* cache.lbs(all, ids("a", "b", "c"))
      yield* cache.lbs(all, ids("a")) // `a` is now more recent than `b`
      yield* cache.lbs(all, ids("d")) // evicts `b`
      expect(yield* cache.size).toBe(3)
      expect((yield* Metric.value(cacheEntries)).value).toBe(3)
      const result = yield* cache.lbs(all, ids("a", "b", "c", "d"))
      expect(result.accounts.map((a) => [a.id, a.cached])).toEqual([
        ["a", true],
        ["b", false],
        ["c", true],
        ["d", true]
      ])
      expect((yield* callIds(upstream)).at(-1)).toEqual(["lbs", "b"])
      expect(yield* cache.size).toBe(3)
    })
  )

  it.scoped("CCF passes through (TTL 0) while sCCF is cached; kinds are separate keys", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup()
      expect(cache.policy("ccf")).toEqual({ enabled: false, ttl: Duration.zero })
      const request = { customers: ids("a"), shops: ids("a") }
      const first = yield* cache.ccf(all, request)
      yield* upstream.setVersion(2)
      const second = yield* cache.ccf(all, request)
      for (const result of [first, second]) {
        expect(result.accounts.map((a) => [a.type, a.id, a.cached, a.ageMillis])).toEqual([
          ["C", "a", false, 0],
          ["S", "a", false, 0]
        ])
        expect([result.hits, result.misses, result.upstreamCalls]).toEqual([0, 2, 1])
      }
      expect(Option.map(second.get(AccountId.make("a"), "S"), (item) => item.srcId)).toEqual(Option.some("v2-sub0"))
      expect(yield* cache.size).toBe(0)

      yield* cache.sccf(all, { customers: ids("a") })
      const sccf = yield* cache.sccf(all, { customers: ids("a"), terminals: ids("a") })
      expect(sccf.accounts.map((a) => [a.type, a.cached])).toEqual([
        ["C", true],
        ["T", false]
      ])
      expect(yield* callIds(upstream)).toEqual([
        ["ccf", "C:a", "S:a"],
        ["ccf", "C:a", "S:a"],
        ["sccf", "C:a"],
        ["sccf", "T:a"]
      ])
    })
  )

  it.scoped("records hits, misses, upstream calls and calls saved per model", () =>
    Effect.gen(function* () {
      const { cache } = yield* setup()
      const before = {
        hits: yield* counter(cacheHits, "marker"),
        misses: yield* counter(cacheMisses, "marker"),
        calls: yield* counter(cacheUpstreamCalls, "marker"),
        saved: yield* counter(cacheUpstreamCallsSaved, "marker")
      }
      yield* cache.marker(all, ids("a", "b")) // 2 misses, 1 call
      yield* cache.marker(all, ids("a", "b")) // 2 hits, 1 saved
      yield* cache.marker(all, ids("a", "c")) // 1 hit, 1 miss, 1 call
      yield* cache.marker(all, []) // nothing requested: nothing counted
      expect({
        hits: (yield* counter(cacheHits, "marker")) - before.hits,
        misses: (yield* counter(cacheMisses, "marker")) - before.misses,
        calls: (yield* counter(cacheUpstreamCalls, "marker")) - before.calls,
        saved: (yield* counter(cacheUpstreamCallsSaved, "marker")) - before.saved
      }).toEqual({ hits: 3, misses: 3, calls: 2, saved: 1 })
      const ratio = (yield* Metric.value(Metric.tagged(cacheHitRatio, "model", "marker"))).value
      expect(ratio).toBeGreaterThan(0)
      expect(ratio).toBeLessThan(1)
    })
  )

  it.scoped("invalidateAll drops stored entries", () =>
    Effect.gen(function* () {
      const { cache, upstream } = yield* setup()
      yield* cache.lbs(all, ids("a"))
      yield* cache.invalidateAll
      expect(yield* cache.size).toBe(0)
      const again = yield* cache.lbs(all, ids("a"))
      expect(again.accounts[0]?.cached).toBe(false)
      expect((yield* Ref.get(upstream.calls)).length).toBe(2)
    })
  )

  it("answers exactly what the uncached client answers, for any sequence of requests (property)", async () => {
    const universe = ["a", "b", "c", "none-1", "none-2", "multi-1", "multi-2", "d"]
    const request = fc.array(fc.constantFrom(...universe), { maxLength: 8 })
    const scopeArb = fc.constantFrom<ScoreScope>(all, { ...all, subBookmaker: 3 as ScoreScope["subBookmaker"] })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(scopeArb, request), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (requests, maxEntries, concurrent) => {
          const program = Effect.gen(function* () {
            const { cache, upstream } = yield* setup({ maxEntries })
            const answers = yield* Effect.forEach(
              requests,
              ([scope, names]) => Effect.map(cache.lbs(scope, ids(...names)), (result) => ({ scope, names, result })),
              { concurrency: concurrent ? "unbounded" : 1 }
            )
            for (const { scope, names, result } of answers) {
              const unique = [...new Set(names)]
              expect(result.accounts.map((a) => a.id)).toEqual(unique)
              expect(result.hits + result.misses).toBe(unique.length)
              expect(result.upstreamCalls).toBeLessThanOrEqual(1)
              const truth = yield* upstream.truth("lbs", scope, "C", ids(...unique))
              expect(result.items.map(({ item }) => item)).toEqual(truth)
              for (const name of unique) {
                expect(result.all(AccountId.make(name))).toEqual(truth.filter((item) => item.id === name))
              }
            }
            expect(yield* cache.size).toBeLessThanOrEqual(maxEntries)
          })
          await Effect.runPromise(Effect.scoped(program))
        }
      ),
      { seed: 20261128, numRuns: 150 }
    )
  })
})
