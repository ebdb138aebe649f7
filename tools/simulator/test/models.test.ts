// Over ~350 lines on purpose: one simulator and one client per API family, asserting the same population everywhere.
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import {
  AccountId,
  type AccountItem,
  BookmakerId,
  CategoryUrn,
  encodeFilters,
  EventPath,
  ItsModelsApi,
  type LbsResponse,
  MatchUrn,
  parseFilters,
  parseSorts,
  type SccfResponse,
  SportUrn,
  SubBookmakerId,
  TournamentUrn
} from "@its/models/api"
import { ConfigProvider, Effect, Either, Layer } from "effect"
import {
  accountAt,
  accountIdOf,
  defaultModelsDataSettings,
  type ModelsDataSettings,
  type SimAccount,
  SimulatorInfo
} from "../src/index.ts"
import { fetchToken } from "./dataPlaneClient.ts"
import { restAudience, withSimulator } from "./helpers.ts"

const settings: ModelsDataSettings = { population: 2000, rangePageSize: 150 }

/** A simulator with a small population and small range pages (set through `SIM_*` config keys). */
const withModels =
  (data: ModelsDataSettings = settings) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      withSimulator(),
      Effect.provide(
        Layer.setConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["SIM_POPULATION", String(data.population)],
              ["SIM_RANGE_PAGE_SIZE", String(data.rangePageSize)]
            ])
          )
        )
      )
    )

const modelsClient = Effect.gen(function* () {
  const { baseUrl } = yield* SimulatorInfo
  const token = yield* fetchToken(restAudience)
  return yield* HttpApiClient.make(ItsModelsApi, {
    baseUrl,
    transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(token))
  })
})

const bookmaker = BookmakerId.make(4242)
const scope = { bookmaker, subBookmaker: "*" as const }
const ids = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => AccountId.make(accountIdOf("C", from + k)))

/** Every account of the population (the test's own oracle, from the same pure functions). */
const population = (types: ReadonlyArray<"C" | "S" | "T"> = ["C"]): ReadonlyArray<SimAccount> => {
  const counts = { C: settings.population, S: settings.population / 100, T: settings.population / 50 }
  return types.flatMap((type) => Array.from({ length: counts[type] }, (_, k) => accountAt(bookmaker, type, k + 1)))
}

const firstWithout = (model: "lbs" | "botScore" | "markerScore") => {
  const account = population().find((a) => a.scores[model] === undefined)
  if (account === undefined) throw new Error(`no account without ${model}`)
  return AccountId.make(account.id)
}

const unwrap = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(String(either.left))
  return either.right
}

describe("simulated model APIs", () => {
  it.live("401 without a token (guarded like every REST API)", () =>
    Effect.gen(function* () {
      const { baseUrl } = yield* SimulatorInfo
      const response = yield* HttpClient.get(
        `${baseUrl}/api/lbs/v1/bookmakers/4242/sub-bookmakers/*/source?customer=cust-000001`
      )
      expect(response.status).toBe(401)
      expect(yield* response.json).toEqual({ message: "Unauthorized" })
      const account = yield* HttpClient.get(`${baseUrl}/api/account/v1/bookmakers/4242`)
      expect(account.status).toBe(401)
    }).pipe(withModels())
  )

  it.live("score APIs and the Account API agree for the same customers", () =>
    Effect.gen(function* () {
      const client = yield* modelsClient
      const customers = ids(1, 60)
      const params = { path: scope, urlParams: { customer: [customers[0]!, ...customers.slice(1)] as const } }
      const lbs = yield* client.lbs.scoresForAccounts(params)
      const bot = yield* client.bot.scoresForAccounts(params)
      const marker = yield* client.marker.scoresForAccounts(params)
      const sccf = yield* client.sccf.scoresForAccounts(params)
      const ccf = yield* client.ccf.scoresForAccounts(params)
      expect(lbs.responseStatus).toBe("SUCCESSFUL")
      expect(lbs.requestId).toMatch(/^sim-/)

      const accounts = yield* client.account.accounts({
        path: { bookmaker },
        urlParams: { filters: unwrap(parseFilters(`accountId:in:${customers.join(",")}`)), limit: 1000 }
      })
      const items = accounts.items ?? []
      expect(items.map((i) => i.accountId)).toEqual(customers)
      expect(accounts.metadata?.pagination).toMatchObject({ totalCount: 60, currentPage: 1, pageCount: 1 })

      const byId = <I extends { readonly id: string }>(list: ReadonlyArray<I> | undefined) =>
        new Map((list ?? []).map((i) => [i.id, i]))
      const lbsById = byId(lbs.responseItem.customers?.map((c) => c.C))
      const botById = byId(bot.responseItem.customers?.map((c) => c.C))
      const markerById = byId(marker.responseItem.customers?.map((c) => c.C))
      const sccfById = byId(sccf.responseItem.customers?.map((c) => c.C))
      const ccfById = byId(ccf.responseItem.customers?.map((c) => c.C))
      for (const item of items) {
        expect(item.lbs).toBe(lbsById.get(item.accountId)?.lbs?.value)
        expect(item.botScore).toBe(botById.get(item.accountId)?.bscore?.value)
        expect(item.markerScore).toBe(markerById.get(item.accountId)?.mscore.value)
        expect(item.sccf).toBe(sccfById.get(item.accountId)?.sCcf.value)
        expect(item.ccf).toBe(ccfById.get(item.accountId)?.ccf?.value)
        expect(item.sourceId).toBe(lbsById.get(item.accountId)?.srcId ?? item.sourceId)
        expect(item.accountType).toBe("C")
      }
      // A realistic spread, not one value.
      expect(new Set(items.map((i) => i.lbs)).size).toBeGreaterThan(10)
      // Scores are two-decimal strings on the key-value APIs.
      for (const { C } of lbs.responseItem.customers ?? []) expect(C.lbs?.text).toMatch(/^[01]\.\d\d$/)
    }).pipe(withModels())
  )

  it.live("the same request gives the same scores on another simulator (deterministic)", () =>
    Effect.gen(function* () {
      const shop = AccountId.make(population(["S"]).find((a) => a.scores.sccf !== undefined)!.id)
      const run = Effect.gen(function* () {
        const client = yield* modelsClient
        const response = yield* client.sccf.scoresForAccounts({
          path: scope,
          urlParams: { customer: [AccountId.make("cust-000007"), AccountId.make("cust-001234")], shop: [shop] }
        })
        const { responseItem } = response
        return JSON.stringify(responseItem)
      }).pipe(withModels())
      const first = yield* run
      expect(yield* run).toBe(first)
      expect(first).toContain(shop)
    })
  )

  it.live("missing scores: absent from the answer, KEY_NOT_FOUND when nothing is found", () =>
    Effect.gen(function* () {
      const client = yield* modelsClient
      const missing = firstWithout("lbs")
      const scored = AccountId.make(population().find((a) => a.scores.lbs !== undefined)!.id)
      const partial = yield* client.lbs.scoresForAccounts({ path: scope, urlParams: { customer: [scored, missing] } })
      expect(partial.responseItem.customers?.map((c) => c.C.id)).toEqual([scored])

      const none = yield* Effect.flip(client.lbs.scoresForAccounts({ path: scope, urlParams: { customer: [missing] } }))
      expect(none).toMatchObject({ responseStatus: "KEY_NOT_FOUND" })
      const unknown = yield* Effect.flip(
        client.marker.scoresForAccounts({ path: scope, urlParams: { customer: [AccountId.make("nobody")] } })
      )
      expect(unknown).toMatchObject({ responseStatus: "KEY_NOT_FOUND" })
      const { baseUrl } = yield* SimulatorInfo
      const raw = yield* HttpClient.execute(
        HttpClientRequest.get(`${baseUrl}/api/lbs/v1/bookmakers/4242/sub-bookmakers/*/source?customer=${missing}`).pipe(
          HttpClientRequest.bearerToken(yield* fetchToken(restAudience))
        )
      )
      expect(raw.status).toBe(404)
      expect(yield* raw.json).toMatchObject({ responseStatus: "KEY_NOT_FOUND" })

      const account = yield* client.account.accounts({
        path: { bookmaker },
        urlParams: { filters: unwrap(parseFilters(`accountId:eq:${missing}`)) }
      })
      expect(account.items?.[0]?.accountId).toBe(missing)
      expect(account.items?.[0]).not.toHaveProperty("lbs")
    }).pipe(withModels())
  )

  it.live("range pages return every matching account exactly once", () =>
    Effect.gen(function* () {
      const client = yield* modelsClient
      const seen: Array<string> = []
      let startKey: string | undefined
      let pages = 0
      do {
        const page: LbsResponse = yield* client.lbs.scoresInRange({
          path: scope,
          urlParams: { lower: 0.3, higher: 0.8, ...(startKey === undefined ? {} : { startKey }) }
        })
        pages++
        for (const { C } of page.responseItem.customers ?? []) {
          expect(C.lbs!.value).toBeGreaterThanOrEqual(0.3)
          expect(C.lbs!.value).toBeLessThanOrEqual(0.8)
          seen.push(C.id)
        }
        startKey = page.lastEvaluatedKey
      } while (startKey !== undefined)
      const expected = population()
        .filter((a) => a.scores.lbs !== undefined && a.scores.lbs >= 30 && a.scores.lbs <= 80)
        .map((a) => a.id)
      expect(pages).toBeGreaterThan(1)
      expect(new Set(seen).size).toBe(seen.length)
      expect(seen).toEqual(expected)

      // sCCF ranges span customers, shops and terminals.
      const sccfSeen: Array<string> = []
      startKey = undefined
      do {
        const page: SccfResponse = yield* client.sccf.scoresInRange({
          path: scope,
          urlParams: { lower: 2, higher: 10, ...(startKey === undefined ? {} : { startKey }) }
        })
        const { customers = [], shops = [], terminals = [] } = page.responseItem
        sccfSeen.push(...customers.map((c) => c.C.id), ...shops.map((s) => s.S.id), ...terminals.map((t) => t.T.id))
        startKey = page.lastEvaluatedKey
      } while (startKey !== undefined)
      const sccfExpected = population(["C", "S", "T"])
        .filter((a) => a.scores.sccf !== undefined && a.scores.sccf >= 200)
        .map((a) => a.id)
      expect(sccfSeen).toEqual(sccfExpected)
      expect(sccfSeen.some((id) => id.startsWith("shop-") || id.startsWith("term-"))).toBe(true)

      const invalid = yield* Effect.flip(
        client.bot.scoresInRange({ path: scope, urlParams: { lower: 0.9, higher: 0.1 } })
      )
      expect(invalid).toMatchObject({ responseStatus: "VALIDATION_FAILED" })
    }).pipe(withModels())
  )

  it.live("Account API: filters, sort and offset/limit pages", () =>
    Effect.gen(function* () {
      const client = yield* modelsClient
      const filters = unwrap(parseFilters("botScore:gte:0.3+accountType:in:C"))
      const sort = unwrap(parseSorts("botScore:desc"))
      const collected: Array<AccountItem> = []
      let offset = 0
      for (;;) {
        const page = yield* client.account.accounts({
          path: { bookmaker },
          urlParams: { filters, sort, limit: 40, offset }
        })
        collected.push(...(page.items ?? []))
        const pagination = page.metadata!.pagination
        expect(pagination.sortedBy).toBe("botScore:desc")
        if (pagination.currentPage >= pagination.pageCount) break
        offset += 40
      }
      const expected = population().filter((a) => a.scores.botScore !== undefined && a.scores.botScore >= 30)
      expect(collected.length).toBe(expected.length)
      expect(new Set(collected.map((i) => i.accountId)).size).toBe(expected.length)
      for (const [k, item] of collected.entries()) {
        expect(item.botScore).toBeGreaterThanOrEqual(0.3)
        if (k > 0) expect(collected[k - 1]!.botScore).toBeGreaterThanOrEqual(item.botScore!)
      }

      // Shops and terminals are accounts too; sub-bookmakers are 1–3.
      const shops = yield* client.account.accounts({
        path: { bookmaker },
        urlParams: { filters: unwrap(parseFilters("accountType:eq:S")) }
      })
      expect(shops.metadata?.pagination.totalCount).toBe(settings.population / 100)
      expect(shops.items?.every((i) => i.lbs === undefined && i.subBookmakerId !== undefined)).toBe(true)

      // starts_with and an unknown attribute (400 from the query decoding).
      const prefixed = yield* client.account.accounts({
        path: { bookmaker },
        urlParams: { filters: unwrap(parseFilters("accountId:starts_with:cust-0001")), limit: 1000 }
      })
      expect(prefixed.metadata?.pagination.totalCount).toBe(100)
      const { baseUrl } = yield* SimulatorInfo
      const token = yield* fetchToken(restAudience)
      const bad = yield* HttpClient.execute(
        HttpClientRequest.get(`${baseUrl}/api/account/v1/bookmakers/4242?filters=colour:eq:red`).pipe(
          HttpClientRequest.bearerToken(token)
        )
      )
      expect(bad.status).toBe(400)
      expect(encodeFilters(filters)).toBe("botScore:gte:0.3+accountType:in:C")
    }).pipe(withModels())
  )

  it.live("events, tournaments, LTD and RG answer deterministically per their schemas", () =>
    Effect.gen(function* () {
      const client = yield* modelsClient
      const refs = Array.from({ length: 20 }, (_, k) => ({
        sportId: SportUrn.make("sr:sport:1"),
        categoryId: CategoryUrn.make("sr:category:1"),
        tournamentId: TournamentUrn.make("sr:tournament:17"),
        matchId: MatchUrn.make(`sr:match:${1000 + k}`)
      }))
      const events = yield* client.event.fetchEvents({ path: { bookmaker }, payload: { ids: refs } })
      const items = "items" in events ? events.items : []
      expect(items.length).toBeGreaterThan(10)
      expect(items.length).toBeLessThanOrEqual(20)
      const again = yield* client.event.fetchEvents({
        path: { bookmaker },
        payload: { ids: [EventPath.make("sr:sport:1/sr:category:1/sr:tournament:17/sr:match:1000")] }
      })
      const first = items.find((i) => i.eventId.endsWith("sr:match:1000"))
      expect("items" in again ? again.items[0] : undefined).toEqual(first)

      const tournaments = yield* client.tournament.fetchTournaments({
        path: { bookmaker },
        payload: {
          ids: [{ sportId: refs[0]!.sportId, categoryId: refs[0]!.categoryId, tournamentId: refs[0]!.tournamentId }]
        }
      })
      expect(tournaments.items[0]?.tournamentId).toBe("sr:tournament:17")
      const byCategory = yield* client.tournament.tournamentsByCategory({
        path: { bookmaker, sportId: refs[0]!.sportId, categoryId: refs[0]!.categoryId }
      })
      expect(byCategory.items.length).toBeGreaterThanOrEqual(3)

      const ticket = { ticketId: "T-1", content: { type: "ticket", context: { endCustomer: { id: "cust-000001" } } } }
      const ltd = yield* client.ltd.suggestion({ path: { bookmaker }, payload: ticket })
      expect(ltd.ticketId).toBe("T-1")
      expect(["Delay", "Skip", "N/A"]).toContain(ltd.ltdModelSuggestion)
      const ltdAgain = yield* client.ltd.suggestion({ path: { bookmaker }, payload: { ...ticket } })
      expect(ltdAgain).toEqual(ltd)
      const risky = population().find((a) => (a.scores.lbs ?? 0) >= 90)!
      const delayed = yield* client.ltd.suggestion({
        path: { bookmaker },
        payload: { ticketId: "T-2", context: { endCustomer: { id: risky.id } } }
      })
      expect(delayed.ltdModelSuggestion).toBe("Delay")

      const customer = population().find((a) => a.subBookmaker === 1)!
      const profile = yield* client.rg
        .playerRiskProfile({
          path: {
            bookmakerId: bookmaker,
            subBookmakerId: SubBookmakerId.make(1),
            accountId: AccountId.make(customer.id)
          }
        })
        .pipe(Effect.either)
      if (Either.isRight(profile)) {
        expect(profile.right.playerId).toBe(customer.id)
        expect(profile.right.riskScore).toBeGreaterThanOrEqual(1)
        expect(profile.right.riskScore).toBeLessThanOrEqual(100)
        expect(profile.right.categoryScores?.length).toBe(7)
      }
      const unknown = yield* Effect.flip(
        client.rg.playerRiskProfile({
          path: { bookmakerId: bookmaker, subBookmakerId: SubBookmakerId.make(1), accountId: AccountId.make("nobody") }
        })
      )
      expect(unknown).toMatchObject({ message: "Player not found" })
      const { baseUrl } = yield* SimulatorInfo
      const token = yield* fetchToken(restAudience)
      const raw = yield* HttpClient.execute(
        HttpClientRequest.get(
          `${baseUrl}/api/rg/v1/Operator/PlayerRiskProfile/bookmakers/4242/sub-bookmakers/1/accountid/nobody`
        ).pipe(HttpClientRequest.bearerToken(token))
      )
      expect(raw.status).toBe(404)

      const page = yield* client.rg.riskProfiles({
        path: { bookmakerId: bookmaker, subBookmakerId: SubBookmakerId.make(2) },
        urlParams: {}
      })
      expect(page.length).toBeGreaterThan(100)
      expect(page.length).toBeLessThanOrEqual(1000)
    }).pipe(withModels())
  )

  it("the default population is 50 000 customers", () => {
    expect(defaultModelsDataSettings.population).toBe(50_000)
  })
})
