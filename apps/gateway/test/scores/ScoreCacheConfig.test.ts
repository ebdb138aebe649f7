import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Either } from "effect"
import { parseTtl, ScoreCacheConfig, scoreCacheConfig } from "../../src/scores/ScoreCacheConfig.ts"

const withEnv = (entries: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

describe("ScoreCacheConfig", () => {
  it("parses TTLs as seconds or Effect durations", () => {
    expect(Either.map(parseTtl("3600"), Duration.toMillis)).toEqual(Either.right(3_600_000))
    expect(Either.map(parseTtl(" 0.5 "), Duration.toMillis)).toEqual(Either.right(500))
    expect(Either.map(parseTtl("0"), Duration.toMillis)).toEqual(Either.right(0))
    expect(Either.map(parseTtl("90 seconds"), Duration.toMillis)).toEqual(Either.right(90_000))
    expect(Either.map(parseTtl("2 hours"), Duration.toMillis)).toEqual(Either.right(7_200_000))
    for (const bad of ["-1", "-5 seconds", "soon", "", "1h"]) expect(Either.isLeft(parseTtl(bad))).toBe(true)
  })

  it.effect("defaults: daily models 1 h, Bot 5 min, CCF not cached, 100000 entries", () =>
    Effect.gen(function* () {
      const settings = yield* scoreCacheConfig.pipe(withEnv({}))
      expect(settings.maxEntries).toBe(100_000)
      expect(Object.fromEntries(Object.entries(settings.ttl).map(([k, v]) => [k, Duration.toSeconds(v)]))).toEqual({
        lbs: 3600,
        bot: 300,
        marker: 3600,
        sccf: 3600,
        ccf: 0
      })
      expect(settings).toEqual(ScoreCacheConfig.defaults)
    })
  )

  it.effect("reads SCORE_CACHE_* keys and rejects bad values", () =>
    Effect.gen(function* () {
      const settings = yield* scoreCacheConfig.pipe(
        withEnv({
          SCORE_CACHE_MAX_ENTRIES: "500",
          SCORE_CACHE_TTL_LBS: "120",
          SCORE_CACHE_TTL_BOT: "30 seconds",
          SCORE_CACHE_TTL_MARKER: "0",
          SCORE_CACHE_TTL_SCCF: "1 day",
          SCORE_CACHE_TTL_CCF: "2 seconds"
        })
      )
      expect(settings.maxEntries).toBe(500)
      expect(Object.values(settings.ttl).map(Duration.toSeconds)).toEqual([120, 30, 0, 86_400, 2])

      const badTtl = yield* Effect.either(scoreCacheConfig.pipe(withEnv({ SCORE_CACHE_TTL_BOT: "often" })))
      expect(Either.isLeft(badTtl) && String(badTtl.left)).toContain("SCORE_CACHE_TTL_BOT")
      const badSize = yield* Effect.either(scoreCacheConfig.pipe(withEnv({ SCORE_CACHE_MAX_ENTRIES: "0" })))
      expect(Either.isLeft(badSize)).toBe(true)
    })
  )
})
