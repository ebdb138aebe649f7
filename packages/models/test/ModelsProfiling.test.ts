/**
 * The `Models` Account, Event, Tournament, LTD and RG clients end to end through `@its/transport`'s `ItsHttp` against
 * an in-memory ITS serving `ItsModelsApi` (`support/FakeModels.ts`).
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Option, Stream } from "effect"
import {
  AccountId,
  BookmakerId,
  CategoryUrn,
  type EventRef,
  filter,
  MatchUrn,
  Models,
  SportUrn,
  SubBookmakerId,
  sort,
  TournamentUrn
} from "../src/index.ts"
import { allAccounts, totalProfiles, useFakeModels } from "./support/FakeModels.ts"

const { its, ModelsTest, targets } = useFakeModels()

describe("accounts", () => {
  const bookmaker = BookmakerId.make(1234)

  it.effect("streams every page with offset/limit", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const filters = yield* filter.gte("botScore", 0.5)
      const items = yield* Stream.runCollect(
        models.accounts.stream(bookmaker, { sort: [sort.desc("botScore")], filters: [filters] })
      )
      expect(Chunk.toReadonlyArray(items).map((a) => a.accountId)).toStrictEqual(allAccounts.map((a) => a.accountId))
      expect(targets("/api/account/").map((r) => r.target)).toStrictEqual([
        "/api/account/v1/bookmakers/1234?limit=2&offset=0&sort=botScore:desc&filters=botScore:gte:0.5",
        "/api/account/v1/bookmakers/1234?limit=2&offset=2&sort=botScore:desc&filters=botScore:gte:0.5",
        "/api/account/v1/bookmakers/1234?limit=2&offset=4&sort=botScore:desc&filters=botScore:gte:0.5"
      ])
    }).pipe(Effect.provide(ModelsTest({ accountPageSize: 2 })))
  )

  it.effect("one page, one account, and absence", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const page = yield* models.accounts.page(bookmaker, { limit: 3, offset: 3 })
      expect(page.items.map((a) => a.accountId)).toStrictEqual(["acc_3", "acc_4"])
      expect(Option.map(page.pagination, (p) => [p.currentPage, p.pageCount])).toStrictEqual(Option.some([2, 2]))
      expect(
        Option.map(yield* models.accounts.account(bookmaker, AccountId.make("acc_2")), (a) => a.sourceId)
      ).toStrictEqual(Option.some("1234#acc_2"))
      expect(yield* models.accounts.account(bookmaker, AccountId.make("nobody"))).toStrictEqual(Option.none())
      expect(targets("/api/account/").at(-1)?.target).toBe(
        "/api/account/v1/bookmakers/1234?limit=1&filters=accountId:eq:nobody"
      )
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("an errorMessage is a typed rejection", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const bySource = yield* filter.startsWith("sourceId", "1234")
      const error = yield* Effect.flip(models.accounts.page(bookmaker, { filters: [bySource] }))
      expect(error).toMatchObject({ _tag: "ModelRequestRejected", reason: "sourceId filters are not supported here" })
      const invalid = yield* Effect.flip(models.accounts.page(bookmaker, { limit: 0 }))
      expect(invalid._tag).toBe("ModelRequestInvalid")
    }).pipe(Effect.provide(ModelsTest()))
  )
})

describe("event, tournament, LTD and RG clients", () => {
  const bookmaker = BookmakerId.make(1234)
  const event = (n: number): EventRef => ({
    sportId: SportUrn.make("sr:sport:1"),
    categoryId: CategoryUrn.make("sr:category:1"),
    tournamentId: TournamentUrn.make("sr:tournament:17"),
    matchId: MatchUrn.make(`sr:match:${n}`)
  })

  it.effect("event fetch is chunked, in the configured id format, and merged", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const items = yield* models.events.fetch(bookmaker, [1, 2, 3, 4, 5].map(event))
      expect(items.map((e) => e.eventId)).toStrictEqual([1, 2, 3, 4, 5].map((n) => `sr:match:${n}`))
      const bodies = targets("/api/event/").map((r) => JSON.parse(r.body ?? "{}").ids)
      expect(bodies.map((ids) => ids.length)).toStrictEqual([2, 2, 1])
      expect(bodies[0][0]).toBe("sr:sport:1/sr:category:1/sr:tournament:17/sr:match:1")
    }).pipe(Effect.provide(ModelsTest({ maxIdsPerRequest: 2, eventIdFormat: "path" })))
  )

  it.effect("tournaments by ids and by category", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const fetched = yield* models.tournaments.fetch(bookmaker, [
        {
          sportId: SportUrn.make("sr:sport:1"),
          categoryId: CategoryUrn.make("sr:category:1"),
          tournamentId: TournamentUrn.make("sr:tournament:7")
        }
      ])
      expect(fetched).toStrictEqual([{ tournamentId: "sr:tournament:7", liveTr: 4 }])
      const byCategory = yield* models.tournaments.byCategory(
        bookmaker,
        SportUrn.make("sr:sport:1"),
        CategoryUrn.make("sr:category:1")
      )
      expect(byCategory.map((t) => t.prematchTr)).toStrictEqual([9])
      expect(targets("/api/tournament/").map((r) => `${r.method} ${r.target}`)).toStrictEqual([
        "POST /api/tournament/v1/bookmakers/1234/fetch",
        "GET /api/tournament/v1/bookmakers/1234/sports/sr:sport:1/categories/sr:category:1"
      ])
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("LTD suggestion for a ticket", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const suggestion = yield* models.ltd.suggest(bookmaker, {
        operatorId: 9985,
        correlationId: "H293vAko5E",
        operation: "ticket-placement",
        version: "3.0",
        content: { type: "ticket" }
      })
      expect([suggestion.ltdModelSuggestion, suggestion.ltdSuggestionEdl.value, suggestion.ticketId]).toStrictEqual([
        "Skip",
        12,
        "H293vAko5E"
      ])
    }).pipe(Effect.provide(ModelsTest()))
  )

  it.effect("RG profile, absence on 404 (text or JSON), and every page of the bulk endpoint", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const rgScope = { bookmakerId: BookmakerId.make(1234), subBookmakerId: SubBookmakerId.make(1) }
      const found = yield* models.rg.profile(rgScope, AccountId.make("player_1"))
      expect(Option.map(found, (p) => p.riskScore)).toStrictEqual(Option.some(54))
      expect(yield* models.rg.profile(rgScope, AccountId.make("unknown"))).toStrictEqual(Option.none())
      expect(yield* models.rg.profile(rgScope, AccountId.make("inactive"))).toStrictEqual(Option.none())
      const unsafe = yield* Effect.either(models.rg.profile(rgScope, AccountId.make("a/b")))
      expect(Either.isLeft(unsafe) && unsafe.left._tag).toBe("ModelRequestInvalid")
      its.clear()
      const all = yield* Stream.runCount(models.rg.profiles(rgScope))
      expect(all).toBe(totalProfiles)
      expect(targets("/api/rg/").map((r) => r.target.split("?")[1])).toStrictEqual(["page=1", "page=2"])
    }).pipe(Effect.provide(ModelsTest()))
  )
})
