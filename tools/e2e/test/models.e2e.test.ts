/**
 * The `Models` client (`@its/models`) over `@its/transport`'s `RestLive`, against the simulator's model APIs on
 * 127.0.0.1: one score call, one range stream, one account stream. The simulator's population and range page size
 * are small (`SIM_POPULATION`, `SIM_RANGE_PAGE_SIZE`) so that the streams cross several pages quickly.
 */
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { AccountId, BookmakerId, Models, ModelsConfig, parseFilters, parseSorts } from "@its/models"
import { accountAt, Simulator, SimulatorInfo } from "@its/simulator"
import { RestLive } from "@its/transport"
import { Chunk, ConfigProvider, Context, Effect, Either, Layer, Option, Stream } from "effect"

const population = 3000
const bookmaker = BookmakerId.make(77)
const scope = { bookmaker, subBookmaker: "*" as const }

const unwrap = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(String(either.left))
  return either.right
}

/** A simulator plus `Models.layer` over `RestLive`, configured with `ITS_ENV=local` and `ITS_API_URL`. */
const startModels = Effect.gen(function* () {
  const simulator = yield* Layer.build(Simulator.layerTest()).pipe(
    Effect.withConfigProvider(
      ConfigProvider.fromMap(
        new Map([
          ["SIM_POPULATION", String(population)],
          ["SIM_RANGE_PAGE_SIZE", "100"]
        ])
      )
    )
  )
  const info = Context.get(simulator, SimulatorInfo)
  const context = yield* Layer.build(
    Models.layer.pipe(Layer.provide([RestLive, ModelsConfig.layer]), Layer.provide(FetchHttpClient.layer))
  ).pipe(
    Effect.withConfigProvider(
      ConfigProvider.fromMap(
        new Map([
          ["ITS_ENV", "local"],
          ["ITS_API_URL", info.baseUrl],
          ["ITS_ACCOUNT_PAGE_SIZE", "250"]
        ])
      )
    )
  )
  return Context.get(context, Models)
})

const customers = () => Array.from({ length: population }, (_, k) => accountAt(bookmaker, "C", k + 1))

describe("Models client against the simulator", () => {
  it.scopedLive("a score, a range stream and an account stream", () =>
    Effect.gen(function* () {
      const models = yield* startModels
      const expected = customers()

      // One score call: the simulator's deterministic value.
      const scored = expected.find((a) => a.scores.lbs !== undefined)!
      const item = yield* models.lbs.score(scope, AccountId.make(scored.id))
      expect(Option.map(item, (i) => i.lbs?.text)).toEqual(Option.some((scored.scores.lbs! / 100).toFixed(2)))
      const missing = expected.find((a) => a.scores.lbs === undefined)!
      expect(yield* models.lbs.score(scope, AccountId.make(missing.id))).toEqual(Option.none())

      // One range stream over several pages: every matching customer exactly once.
      const inRange = yield* Stream.runCollect(models.bot.inRange(scope, { lower: 0.2, higher: 1 }))
      const ids = Chunk.toReadonlyArray(inRange).map((i) => i.id)
      const botExpected = expected.filter((a) => (a.scores.botScore ?? 0) >= 20).map((a) => a.id)
      expect(botExpected.length).toBeGreaterThan(100)
      expect(ids).toEqual(botExpected)

      // One account stream with filters and a sort, across offset pages.
      const accounts = yield* Stream.runCollect(
        models.accounts.stream(bookmaker, {
          filters: unwrap(parseFilters("accountType:eq:C+lbs:gte:0.5")),
          sort: unwrap(parseSorts("lbs:desc"))
        })
      )
      const list = Chunk.toReadonlyArray(accounts)
      expect(list.length).toBe(expected.filter((a) => (a.scores.lbs ?? 0) >= 50).length)
      expect(list.length).toBeGreaterThan(250)
      expect(new Set(list.map((a) => a.accountId)).size).toBe(list.length)
      for (let k = 1; k < list.length; k++) expect(list[k - 1]!.lbs!).toBeGreaterThanOrEqual(list[k]!.lbs!)
      // The Account API reports the score APIs' value.
      const top = list[0]!
      const topLbs = yield* models.lbs.score(scope, top.accountId)
      expect(Option.map(topLbs, (i) => i.lbs?.value)).toEqual(Option.some(top.lbs))
    })
  )
})
