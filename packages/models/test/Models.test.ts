/**
 * The `Models` clients end to end through `@its/transport`'s `ItsHttp` (static test token, no pacing, no retries)
 * against an in-memory ITS serving `ItsModelsApi`.
 */
import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { afterAll, beforeEach, describe, expect, it } from "@effect/vitest"
import { ItsHttp } from "@its/transport"
import { Chunk, DateTime, Effect, Either, Layer, Option, Stream } from "effect"
import {
  AccountId,
  type AccountItem,
  BookmakerId,
  CategoryUrn,
  type EventRef,
  filter,
  ItsModelsApi,
  MatchUrn,
  Models,
  ModelsConfig,
  type PlayerRiskProfile,
  SportUrn,
  SubBookmakerId,
  sort,
  TournamentUrn,
  WireDecimal
} from "../src/index.ts"
import { makeInMemoryIts } from "./support/InMemoryIts.ts"

// ---------------------------------------------------------------------------------------------------------------
// The in-memory ITS

const envelope = (requestId: string) =>
  ({ responseStatus: "SUCCESSFUL", responseMessage: "Success", requestId, queryExecutionTime: 1 }) as const

const failure = <S extends "VALIDATION_FAILED" | "KEY_NOT_FOUND" | "ERROR">(responseStatus: S, requestId: string) =>
  Effect.fail({ responseStatus, responseMessage: `${responseStatus} for this request`, requestId })

/** LBS: every customer `cust_<n>` has score n/100 (mod 100) except `cust_13`; special ids script failures. */
const lbsOf = (id: string) => {
  const n = Number(id.replace("cust_", ""))
  return Number.isInteger(n) && id !== "cust_13" ? Option.some(WireDecimal.fromNumber((n % 100) / 100)) : Option.none()
}

/** LBS range pages: 5 items over 3 pages chained by keys. */
const rangePages: Record<string, { readonly ids: ReadonlyArray<string>; readonly next?: string }> = {
  first: { ids: ["cust_90", "cust_91"], next: "k1" },
  k1: { ids: ["cust_92", "cust_93"], next: "k2" },
  k2: { ids: ["cust_94"] }
}

const Lbs = HttpApiBuilder.group(ItsModelsApi, "lbs", (handlers) =>
  handlers
    .handle("scoresForAccounts", ({ urlParams }) => {
      const [first] = urlParams.customer
      if (first === "unknown_key") return failure("KEY_NOT_FOUND", "kn-1")
      if (first === "invalid") return failure("VALIDATION_FAILED", "vf-1")
      if (first === "error_500") return failure("ERROR", "er-500")
      if (first === "error_200") {
        return Effect.succeed({ ...envelope("er-200"), responseStatus: "ERROR" as const, responseItem: {} })
      }
      const customers = urlParams.customer.flatMap((id) =>
        Option.match(lbsOf(id), { onNone: () => [], onSome: (lbs) => [{ C: { id, srcId: `1#${id}`, lbs } }] })
      )
      return Effect.succeed({ ...envelope("ok"), responseItem: { customers } })
    })
    .handle("scoresInRange", ({ urlParams }) => {
      const page = rangePages[urlParams.startKey ?? "first"]
      if (page === undefined) return failure("VALIDATION_FAILED", "bad-key")
      const customers = page.ids.map((id) => ({
        C: { id: AccountId.make(id), srcId: `1#${id}`, lbs: WireDecimal.fromNumber(Number(id.slice(5)) / 100) }
      }))
      return Effect.succeed({
        ...envelope(`range-${urlParams.startKey ?? "first"}`),
        responseItem: { customers },
        ...(page.next === undefined ? {} : { lastEvaluatedKey: page.next })
      })
    })
)

const empty = { ...envelope("empty"), responseItem: {} }
const Bot = HttpApiBuilder.group(ItsModelsApi, "bot", (handlers) =>
  handlers.handle("scoresForAccounts", () => Effect.succeed(empty)).handle("scoresInRange", () => Effect.succeed(empty))
)
// A server that repeats the same key forever.
const Marker = HttpApiBuilder.group(ItsModelsApi, "marker", (handlers) =>
  handlers
    .handle("scoresForAccounts", () => Effect.succeed(empty))
    .handle("scoresInRange", () => Effect.succeed({ ...empty, lastEvaluatedKey: "same" }))
)

/** sCCF: shops and terminals score 1.50, customers 0.60; `weird` scores 50 (inside 0–100, outside 0–10). */
const Sccf = HttpApiBuilder.group(ItsModelsApi, "sccf", (handlers) =>
  handlers
    .handle("scoresForAccounts", ({ urlParams }) => {
      const item = (id: AccountId, fallback: number) => ({
        id,
        srcId: `1#${id}`,
        sCcf: WireDecimal.fromNumber(id === "weird" ? 50 : fallback)
      })
      return Effect.succeed({
        ...envelope("sccf"),
        responseItem: {
          ...(urlParams.customer ? { customers: urlParams.customer.map((id) => ({ C: item(id, 0.6) })) } : {}),
          ...(urlParams.shop ? { shops: urlParams.shop.map((id) => ({ S: item(id, 1.5) })) } : {}),
          ...(urlParams.terminal ? { terminals: urlParams.terminal.map((id) => ({ T: item(id, 1.5) })) } : {})
        }
      })
    })
    .handle("scoresInRange", () =>
      Effect.succeed({
        ...envelope("sccf-range"),
        responseItem: {
          customers: [{ C: { id: AccountId.make("c1"), srcId: "s", sCcf: WireDecimal.fromNumber(2) } }],
          terminals: [{ T: { id: AccountId.make("t1"), srcId: "s", sCcf: WireDecimal.fromNumber(3) } }]
        }
      })
    )
)
const Ccf = HttpApiBuilder.group(ItsModelsApi, "ccf", (handlers) =>
  handlers.handle("scoresForAccounts", () => Effect.succeed(empty)).handle("scoresInRange", () => Effect.succeed(empty))
)

/** Five accounts, served with offset/limit pagination; `accountId:eq:` filters. */
const allAccounts: ReadonlyArray<AccountItem> = Array.from({ length: 5 }, (_, i) => ({
  accountId: AccountId.make(`acc_${i}`),
  accountType: "C" as const,
  bookmakerId: BookmakerId.make(1234),
  sourceId: `1234#acc_${i}`,
  sccf: i === 4 ? 1 : 2
}))
const Account = HttpApiBuilder.group(ItsModelsApi, "account", (handlers) =>
  handlers.handle("accounts", ({ urlParams }) => {
    const byId = urlParams.filters?.find((f) => f.attribute === "accountId" && f.operator === "eq")?.value
    if (urlParams.filters?.some((f) => f.attribute === "sourceId")) {
      return Effect.fail({ errorMessage: "sourceId filters are not supported here" })
    }
    const matching = byId === undefined ? allAccounts : allAccounts.filter((a) => a.accountId === byId)
    const limit = urlParams.limit ?? 100
    const offset = urlParams.offset ?? 0
    const pageCount = Math.max(1, Math.ceil(matching.length / limit))
    return Effect.succeed({
      items: matching.slice(offset, offset + limit),
      metadata: {
        pagination: {
          currentPage: Math.floor(offset / limit) + 1,
          limit,
          offset,
          pageCount,
          totalCount: matching.length
        }
      }
    })
  })
)

const Event = HttpApiBuilder.group(ItsModelsApi, "event", (handlers) =>
  handlers.handle("fetchEvents", ({ payload }) =>
    Effect.succeed({
      items: payload.ids.map((id) => ({ eventId: typeof id === "string" ? (id.split("/")[3] ?? id) : id.matchId }))
    })
  )
)
const Tournament = HttpApiBuilder.group(ItsModelsApi, "tournament", (handlers) =>
  handlers
    .handle("fetchTournaments", ({ payload }) =>
      Effect.succeed({ items: payload.ids.map(({ tournamentId }) => ({ tournamentId, liveTr: 4 })) })
    )
    .handle("tournamentsByCategory", () =>
      Effect.succeed({ items: [{ tournamentId: TournamentUrn.make("sr:tournament:17"), prematchTr: 9 }] })
    )
)
const Ltd = HttpApiBuilder.group(ItsModelsApi, "ltd", (handlers) =>
  handlers.handle("suggestion", ({ payload }) =>
    Effect.succeed({
      ltdModelSuggestion: "Skip" as const,
      ltdSuggestion: WireDecimal.fromNumber(0, 0),
      ltdSuggestionEdl: WireDecimal.fromNumber(12, 0),
      ticketId: String(payload.correlationId)
    })
  )
)

const profile = (playerId: string): PlayerRiskProfile => ({
  playerId,
  lastUpdatedDateTime: DateTime.unsafeMake("2025-07-01T00:14:00Z"),
  riskScore: 54,
  riskCategory: 1
})
const totalProfiles = 1500
const Rg = HttpApiBuilder.group(ItsModelsApi, "rg", (handlers) =>
  handlers
    .handle("playerRiskProfile", ({ path }) => {
      if (path.accountId === "unknown") {
        return Effect.succeed(HttpServerResponse.text("Player not found", { status: 404 }))
      }
      if (path.accountId === "inactive") {
        return Effect.succeed(HttpServerResponse.unsafeJson({ message: "Player profile is inactive" }, { status: 404 }))
      }
      return Effect.succeed(profile(path.accountId))
    })
    .handle("riskProfiles", ({ urlParams }) => {
      const start = ((urlParams.page ?? 1) - 1) * 1000
      const count = Math.max(0, Math.min(1000, totalProfiles - start))
      return Effect.succeed(Array.from({ length: count }, (_, i) => profile(`p${start + i}`)))
    })
)

const its = makeInMemoryIts(Layer.mergeAll(Lbs, Bot, Marker, Sccf, Ccf, Account, Event, Tournament, Ltd, Rg))
afterAll(() => its.dispose())
beforeEach(() => its.clear())

const ModelsTest = (settings: Parameters<typeof ModelsConfig.layer>[0] = {}) =>
  Models.Live.pipe(
    Layer.provide(ItsHttp.layerTest({ settings: { retries: 0 } })),
    Layer.provide(ModelsConfig.layer(settings)),
    Layer.provide(its.layer)
  )

const scope = { bookmaker: BookmakerId.make(1234), subBookmaker: "*" as const }
const customers = (...ids: ReadonlyArray<string>) => ids.map((id) => AccountId.make(id))
const targets = (prefix: string) => its.requests().filter((r) => r.target.startsWith(prefix))

// ---------------------------------------------------------------------------------------------------------------

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
