// Over ~350 lines on purpose: one in-memory server for all ten groups, checked group by group in one place.
/**
 * The definitions drive both sides: `ItsModelsApi` served in memory with `HttpApiBuilder` (as the simulator will)
 * and called through `HttpApiClient` (as the clients will), over an `HttpClient` that goes straight to the web handler.
 * Checks paths, query encoding (lists, the filter DSL), bodies, and which HTTP status each failure travels with.
 */
import { HttpApiBuilder, HttpApiClient, HttpClient, HttpClientRequest, HttpServerResponse } from "@effect/platform"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Either, Layer, ParseResult } from "effect"
import {
  type AccountListParams,
  AccountId,
  BookmakerId,
  CategoryUrn,
  SportUrn,
  SubBookmakerId,
  type EntityIdsParams,
  encodeFilters,
  encodeSorts,
  EventPath,
  eventItemsOf,
  filter,
  ItsModelsApi,
  MatchUrn,
  sort,
  TournamentUrn,
  WireDecimal
} from "../src/index.ts"
import { makeInMemoryIts } from "./support/InMemoryIts.ts"

const envelope = {
  responseStatus: "SUCCESSFUL",
  responseMessage: "Success",
  requestId: "req-1",
  queryExecutionTime: 2
} as const

// What the server decoded, for assertions on the request side.
const seen: { account?: AccountListParams; sccf?: EntityIdsParams } = {}

const failure = <S extends "VALIDATION_FAILED" | "KEY_NOT_FOUND" | "ERROR">(responseStatus: S) =>
  Effect.fail({ responseStatus, responseMessage: responseStatus.toLowerCase(), requestId: "req-f" })

const LbsLive = HttpApiBuilder.group(ItsModelsApi, "lbs", (handlers) =>
  handlers
    .handle("scoresForAccounts", ({ path, urlParams }) => {
      const [first] = urlParams.customer
      if (first === "missing") return failure("KEY_NOT_FOUND")
      if (first === "invalid") return failure("VALIDATION_FAILED")
      if (first === "broken") return failure("ERROR")
      return Effect.succeed({
        ...envelope,
        responseMessage: `${path.bookmaker}/${path.subBookmaker}`,
        responseItem: {
          customers: urlParams.customer.map((id) => ({
            C: { id, srcId: `src#${id}`, lbs: WireDecimal.fromNumber(0.93, 3) }
          }))
        }
      })
    })
    .handle("scoresInRange", ({ urlParams }) =>
      Effect.succeed({
        ...envelope,
        responseMessage: `${urlParams.lower}..${urlParams.higher}`,
        responseItem: { customers: [] },
        ...(urlParams.startKey === undefined ? { lastEvaluatedKey: "page-2" } : {})
      })
    )
)

const emptyScores = { ...envelope, responseItem: {} }
const BotLive = HttpApiBuilder.group(ItsModelsApi, "bot", (handlers) =>
  handlers
    .handle("scoresForAccounts", () => Effect.succeed(emptyScores))
    .handle("scoresInRange", () => Effect.succeed(emptyScores))
)
const MarkerLive = HttpApiBuilder.group(ItsModelsApi, "marker", (handlers) =>
  handlers
    .handle("scoresForAccounts", () => Effect.succeed(emptyScores))
    .handle("scoresInRange", () => Effect.succeed(emptyScores))
)
const SccfLive = HttpApiBuilder.group(ItsModelsApi, "sccf", (handlers) =>
  handlers
    .handle("scoresForAccounts", ({ urlParams }) => {
      seen.sccf = urlParams
      return Effect.succeed({
        ...envelope,
        responseItem: {
          shops: (urlParams.shop ?? []).map((id) => ({ S: { id, srcId: "s", sCcf: WireDecimal.fromNumber(0.6) } }))
        }
      })
    })
    .handle("scoresInRange", () => Effect.succeed(emptyScores))
)
const CcfLive = HttpApiBuilder.group(ItsModelsApi, "ccf", (handlers) =>
  handlers
    .handle("scoresForAccounts", () => Effect.succeed(emptyScores))
    .handle("scoresInRange", () => Effect.succeed(emptyScores))
)
const AccountLive = HttpApiBuilder.group(ItsModelsApi, "account", (handlers) =>
  handlers.handle("accounts", ({ path, urlParams }) => {
    seen.account = urlParams
    return Effect.succeed({
      items: [
        {
          accountId: AccountId.make("John_1"),
          accountType: "C" as const,
          bookmakerId: path.bookmaker,
          sourceId: "s",
          botScore: 0.7
        }
      ],
      metadata: {
        pagination: { currentPage: 1, limit: urlParams.limit ?? 100, offset: 0, pageCount: 1, totalCount: 1 }
      }
    })
  })
)
const EventLive = HttpApiBuilder.group(ItsModelsApi, "event", (handlers) =>
  handlers.handle("fetchEvents", ({ payload }) => {
    const items = payload.ids.map((id) => ({
      eventId: typeof id === "string" ? (id.split("/").at(-1) ?? id) : id.matchId,
      liveTr: 5
    }))
    // Path-form requests get the envelope-wrapped shape, so both response shapes travel.
    return Effect.succeed(typeof payload.ids[0] === "string" ? { ...envelope, responseItem: { items } } : { items })
  })
)
const TournamentLive = HttpApiBuilder.group(ItsModelsApi, "tournament", (handlers) =>
  handlers
    .handle("fetchTournaments", ({ payload }) =>
      Effect.succeed({ items: payload.ids.map(({ tournamentId }) => ({ tournamentId, liveTr: 7, prematchTr: 9 })) })
    )
    .handle("tournamentsByCategory", ({ path }) =>
      Effect.succeed({
        items: [{ tournamentId: TournamentUrn.make(`sr:tournament:${path.categoryId.split(":")[2]}`) }]
      })
    )
)
const LtdLive = HttpApiBuilder.group(ItsModelsApi, "ltd", (handlers) =>
  handlers.handle("suggestion", ({ payload }) =>
    Effect.succeed({
      ltdModelSuggestion: "Delay" as const,
      ltdSuggestion: WireDecimal.fromNumber(30, 0),
      ltdSuggestionEdl: WireDecimal.fromNumber(45, 0),
      ticketId: String(payload.correlationId)
    })
  )
)
const RgLive = HttpApiBuilder.group(ItsModelsApi, "rg", (handlers) =>
  handlers
    .handle("playerRiskProfile", ({ path }) =>
      path.accountId === "unknown"
        ? Effect.succeed(HttpServerResponse.text("Player not found", { status: 404 }))
        : Effect.succeed({
            playerId: path.accountId,
            lastUpdatedDateTime: DateTime.unsafeMake("2025-07-01T00:14:00Z"),
            riskScore: 54,
            riskCategory: 1
          })
    )
    .handle("riskProfiles", () => Effect.succeed([]))
)

const its = makeInMemoryIts(
  Layer.mergeAll(
    LbsLive,
    BotLive,
    MarkerLive,
    SccfLive,
    CcfLive,
    AccountLive,
    EventLive,
    TournamentLive,
    LtdLive,
    RgLive
  )
)
afterAll(() => its.dispose())
const ClientLive = its.layer

const baseUrl = "http://its.test"
const client = HttpApiClient.make(ItsModelsApi, { baseUrl })

const raw = (path: string) =>
  Effect.flatMap(HttpClient.HttpClient, (http) => http.execute(HttpClientRequest.get(`${baseUrl}${path}`)))

const ids = (...values: ReadonlyArray<string>) =>
  values.map((v) => AccountId.make(v)) as [AccountId, ...Array<AccountId>]

describe("ItsModelsApi in memory", () => {
  it.effect("LBS: the customer list and sub-bookmaker * travel; score strings come back verbatim", () =>
    Effect.gen(function* () {
      const its = yield* client
      const response = yield* its.lbs.scoresForAccounts({
        path: { bookmaker: BookmakerId.make(1234), subBookmaker: "*" },
        urlParams: { customer: ids("cust_1", "cust_2") }
      })
      expect(response.responseMessage).toBe("1234/*")
      expect((response.responseItem.customers ?? []).map(({ C }) => [C.id, C.lbs?.text])).toStrictEqual([
        ["cust_1", "0.930"],
        ["cust_2", "0.930"]
      ])
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("score failures travel with their HTTP status and decode as the envelope", () =>
    Effect.gen(function* () {
      const its = yield* client
      const call = (customer: string) =>
        its.lbs
          .scoresForAccounts({
            path: { bookmaker: BookmakerId.make(1), subBookmaker: "*" },
            urlParams: { customer: ids(customer) },
            withResponse: true
          })
          .pipe(Effect.flip)
      expect(yield* call("missing")).toMatchObject({ responseStatus: "KEY_NOT_FOUND", requestId: "req-f" })
      expect(yield* call("invalid")).toMatchObject({ responseStatus: "VALIDATION_FAILED" })
      expect(yield* call("broken")).toMatchObject({ responseStatus: "ERROR" })
      const statuses = yield* Effect.all(
        ["missing", "invalid", "broken"].map((c) =>
          Effect.map(raw(`/api/lbs/v1/bookmakers/1/sub-bookmakers/*/source?customer=${c}`), (r) => r.status)
        )
      )
      expect(statuses).toStrictEqual([404, 400, 500])
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("LBS range: bounds are plain decimals and lastEvaluatedKey pages on", () =>
    Effect.gen(function* () {
      const its = yield* client
      const path = { bookmaker: BookmakerId.make(1), subBookmaker: "*" as const }
      const first = yield* its.lbs.scoresInRange({ path, urlParams: { lower: 0.7, higher: 1 } })
      expect(first.responseMessage).toBe("0.7..1")
      expect(first.lastEvaluatedKey).toBe("page-2")
      const second = yield* its.lbs.scoresInRange({ path, urlParams: { lower: 0.7, higher: 1, startKey: "page-2" } })
      expect(second.lastEvaluatedKey).toBeUndefined()
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("sCCF: shops and terminals; a request with no ids is refused on both sides", () =>
    Effect.gen(function* () {
      const its = yield* client
      const path = { bookmaker: BookmakerId.make(1), subBookmaker: SubBookmakerId.make(7) }
      const response = yield* its.sccf.scoresForAccounts({
        path,
        urlParams: { shop: ids("shop_1"), terminal: ids("t1") }
      })
      expect(seen.sccf).toStrictEqual({ shop: ["shop_1"], terminal: ["t1"] })
      expect(response.responseItem.shops?.[0]?.S.sCcf.text).toBe("0.60")
      const clientSide = yield* Effect.either(its.sccf.scoresForAccounts({ path, urlParams: {} }))
      expect(Either.isLeft(clientSide) && ParseResult.isParseError(clientSide.left)).toBe(true)
      const serverSide = yield* raw("/api/sccf/v1/bookmakers/1/sub-bookmakers/7/source")
      expect(serverSide.status).toBe(400)
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("Account: the filter and sort DSL arrive typed", () =>
    Effect.gen(function* () {
      const its = yield* client
      const filters = yield* Either.all([filter.gte("botScore", 0.5), filter.in("accountType", ["C", "S"])])
      const response = yield* its.account.accounts({
        path: { bookmaker: BookmakerId.make(1234) },
        urlParams: { limit: 50, sort: [sort.desc("botScore"), sort.asc("sccf")], filters }
      })
      expect(encodeFilters(seen.account?.filters ?? filters)).toBe("botScore:gte:0.5+accountType:in:C,S")
      expect(seen.account?.sort && encodeSorts(seen.account.sort)).toBe("botScore:desc+sccf:asc")
      expect(response.items?.[0]).toMatchObject({ accountId: "John_1", bookmakerId: 1234, botScore: 0.7 })
      expect(response.metadata?.pagination.limit).toBe(50)
      const refused = yield* raw("/api/account/v1/bookmakers/1?filters=accountId:like:John")
      expect(refused.status).toBe(400)
      expect(JSON.stringify(yield* refused.json)).toContain("like values are at most 3 characters")
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("Event: both id forms and both response shapes", () =>
    Effect.gen(function* () {
      const its = yield* client
      const path = { bookmaker: BookmakerId.make(1) }
      const asObjects = yield* its.event.fetchEvents({
        path,
        payload: {
          ids: [
            {
              sportId: SportUrn.make("sr:sport:1"),
              categoryId: CategoryUrn.make("sr:category:1"),
              tournamentId: TournamentUrn.make("sr:tournament:17"),
              matchId: MatchUrn.make("sr:match:1234567")
            }
          ]
        }
      })
      expect("items" in asObjects).toBe(true)
      expect(eventItemsOf(asObjects).map((e) => e.eventId)).toStrictEqual(["sr:match:1234567"])
      const asPaths = yield* its.event.fetchEvents({
        path,
        payload: { ids: [EventPath.make("sr:sport:20/sr:category:1017/sr:tournament:36349/sr:match:45315478")] }
      })
      expect("responseItem" in asPaths).toBe(true)
      expect(eventItemsOf(asPaths).map((e) => e.eventId)).toStrictEqual(["sr:match:45315478"])
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("Tournament: URNs in the path and in the body", () =>
    Effect.gen(function* () {
      const its = yield* client
      const byCategory = yield* its.tournament.tournamentsByCategory({
        path: {
          bookmaker: BookmakerId.make(1),
          sportId: SportUrn.make("sr:sport:1"),
          categoryId: CategoryUrn.make("sr:category:17")
        }
      })
      expect(byCategory.items.map((t) => t.tournamentId)).toStrictEqual(["sr:tournament:17"])
      const fetched = yield* its.tournament.fetchTournaments({
        path: { bookmaker: BookmakerId.make(1) },
        payload: {
          ids: [
            {
              sportId: SportUrn.make("sr:sport:1"),
              categoryId: CategoryUrn.make("sr:category:1"),
              tournamentId: TournamentUrn.make("sr:tournament:17")
            }
          ]
        }
      })
      expect(fetched.items).toStrictEqual([{ tournamentId: "sr:tournament:17", liveTr: 7, prematchTr: 9 }])
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("LTD: an opaque Transaction 3.0 message in, a suggestion out", () =>
    Effect.gen(function* () {
      const its = yield* client
      const response = yield* its.ltd.suggestion({
        path: { bookmaker: BookmakerId.make(9985) },
        payload: { operatorId: 9985, correlationId: "H293vAko5E", operation: "ticket-placement", content: {} }
      })
      expect([response.ltdModelSuggestion, response.ltdSuggestion.text, response.ticketId]).toStrictEqual([
        "Delay",
        "30",
        "H293vAko5E"
      ])
    }).pipe(Effect.provide(ClientLive))
  )

  it.effect("RG: path-safe account ids, and a plain-text 404 decodes", () =>
    Effect.gen(function* () {
      const its = yield* client
      const path = (accountId: string) => ({
        bookmakerId: BookmakerId.make(1),
        subBookmakerId: SubBookmakerId.make(2),
        accountId: AccountId.make(accountId)
      })
      const profile = yield* its.rg.playerRiskProfile({ path: path("john.doe@example.com") })
      expect([profile.playerId, profile.riskScore]).toStrictEqual(["john.doe@example.com", 54])
      expect(yield* Effect.flip(its.rg.playerRiskProfile({ path: path("unknown") }))).toBe("Player not found")
      const unsafe = yield* Effect.either(its.rg.playerRiskProfile({ path: path("a/b") }))
      expect(Either.isLeft(unsafe) && ParseResult.isParseError(unsafe.left)).toBe(true)
    }).pipe(Effect.provide(ClientLive))
  )
})
