/**
 * Handlers of the simulated model APIs (`SimulatedModelsApi`), each group wrapped with `SimulatedApi.protect` for
 * its API id, and the routes that serve them. The data comes from `Data.ts` (deterministic, computed per request).
 */
import { HttpApiBuilder, HttpLayerRouter } from "@effect/platform"
import {
  AccountId,
  type AccountItem,
  BookmakerId,
  type EntityType,
  type EventItem,
  eventPathOf,
  type LtdModelSuggestion,
  type PlayerRiskProfile,
  RgCategoryNames,
  RgRiskCategoryOrder,
  rgRiskCategory,
  SubBookmakerId,
  type SubBookmakerSelector,
  type TournamentItem,
  TournamentUrn,
  WireDecimal,
  encodeSorts
} from "@its/models"
import { Clock, DateTime, Effect, Layer, Random } from "effect"
import { messageResponse } from "../HttpFaults.ts"
import { protect } from "../SimulatedApi.ts"
import { SimulatedModelsApi } from "./Api.ts"
import {
  accountsFrom,
  compareAccounts,
  findAccount,
  formatPosition,
  hash32,
  ModelsData,
  type ModelsDataSettings,
  matchesFilter,
  parsePosition,
  randomFor,
  type ScoreModel,
  type SimAccount,
  scoreText,
  scoreValue
} from "./Data.ts"

// --- the score envelope --------------------------------------------------------------------------------------

const newRequestId = Effect.map(
  Effect.all([Random.nextIntBetween(0, 0x10000000), Random.nextIntBetween(0, 0x10000000)]),
  ([a, b]) => `sim-${a.toString(16).padStart(7, "0")}${b.toString(16).padStart(7, "0")}`
)

/** The envelope fields of an answer to a request that started at `startedAt` (Clock millis). */
const envelopeOf = (startedAt: number, responseMessage: string) =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    return {
      responseMessage,
      requestId: yield* newRequestId,
      queryExecutionTime: Math.max(0, now - startedAt)
    }
  })

const failure = <const Status extends "VALIDATION_FAILED" | "KEY_NOT_FOUND">(
  startedAt: number,
  responseStatus: Status,
  message: string
) => Effect.flatMap(envelopeOf(startedAt, message), (envelope) => Effect.fail({ responseStatus, ...envelope }))

const decimal = (hundredths: number) => new WireDecimal({ text: scoreText(hundredths), value: scoreValue(hundredths) })

const inSubBookmaker = (account: SimAccount, selector: SubBookmakerSelector) =>
  selector === "*" || account.subBookmaker === selector

// --- score lookups and range pages ---------------------------------------------------------------------------

/** The accounts of `ids` (de-duplicated, in request order) of `type` that have a `model` score. */
const scoredAccounts = (
  settings: ModelsDataSettings,
  bookmaker: number,
  selector: SubBookmakerSelector,
  type: EntityType,
  model: ScoreModel,
  ids: ReadonlyArray<string> | undefined
): ReadonlyArray<SimAccount> =>
  [...new Set(ids ?? [])].flatMap((id) => {
    const account = findAccount(settings, bookmaker, id)
    return account !== undefined &&
      account.type === type &&
      inSubBookmaker(account, selector) &&
      account.scores[model] !== undefined
      ? [account]
      : []
  })

interface RangePage {
  readonly accounts: ReadonlyArray<SimAccount>
  readonly lastEvaluatedKey: string | undefined
}

/** One page of the accounts of `types` whose `model` score is in [lower, higher], after `startKey`. */
const rangePage = (
  settings: ModelsDataSettings,
  bookmaker: number,
  selector: SubBookmakerSelector,
  types: ReadonlyArray<EntityType>,
  model: ScoreModel,
  params: { readonly lower: number; readonly higher: number; readonly startKey?: string }
): RangePage | string => {
  if (params.lower > params.higher) return `lower (${params.lower}) is greater than higher (${params.higher})`
  const after = params.startKey === undefined ? undefined : parsePosition(params.startKey)
  if (params.startKey !== undefined && after === undefined) return `startKey "${params.startKey}" is not a key`
  const accounts: Array<SimAccount> = []
  for (const account of accountsFrom(settings, bookmaker, types, after)) {
    const score = account.scores[model]
    if (score === undefined || !inSubBookmaker(account, selector)) continue
    const value = scoreValue(score)
    if (value < params.lower || value > params.higher) continue
    accounts.push(account)
    if (accounts.length >= settings.rangePageSize) {
      return { accounts, lastEvaluatedKey: formatPosition(account) }
    }
  }
  return { accounts, lastEvaluatedKey: undefined }
}

const withKey = (key: string | undefined) => (key === undefined ? {} : { lastEvaluatedKey: key })

const customerTypes: ReadonlyArray<EntityType> = ["C"]
const allTypes: ReadonlyArray<EntityType> = ["C", "S", "T"]

// --- LBS, Bot, Marker ----------------------------------------------------------------------------------------

/**
 * The two answers every score API gives: the requested keys (`KEY_NOT_FOUND` when none has a score) and one range
 * page (`VALIDATION_FAILED` for bad bounds or `startKey`). `queryExecutionTime` covers the lookup.
 */
const lookupAnswer = <Items>(
  find: () => ReadonlyArray<SimAccount>,
  items: (accounts: ReadonlyArray<SimAccount>) => Items
) =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const found = find()
    if (found.length === 0) return yield* failure(startedAt, "KEY_NOT_FOUND", "No score for the requested keys")
    const envelope = yield* envelopeOf(startedAt, "OK")
    return { responseStatus: "SUCCESSFUL" as const, ...envelope, responseItem: items(found) }
  })

const rangeAnswer = <Items>(
  find: () => ReturnType<typeof rangePage>,
  items: (accounts: ReadonlyArray<SimAccount>) => Items
) =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const page = find()
    if (typeof page === "string") return yield* failure(startedAt, "VALIDATION_FAILED", page)
    const envelope = yield* envelopeOf(startedAt, "OK")
    return {
      responseStatus: "SUCCESSFUL" as const,
      ...envelope,
      ...withKey(page.lastEvaluatedKey),
      responseItem: items(page.accounts)
    }
  })

const LbsLive = HttpApiBuilder.group(SimulatedModelsApi, "lbs", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    const item = (account: SimAccount) => ({
      C: { id: AccountId.make(account.id), srcId: account.sourceId, lbs: decimal(account.scores.lbs ?? 0) }
    })
    return handlers
      .handle("scoresForAccounts", ({ path, urlParams }) =>
        lookupAnswer(
          () => scoredAccounts(settings, path.bookmaker, path.subBookmaker, "C", "lbs", urlParams.customer),
          (accounts) => ({ customers: accounts.map(item) })
        )
      )
      .handle("scoresInRange", ({ path, urlParams }) =>
        rangeAnswer(
          () => rangePage(settings, path.bookmaker, path.subBookmaker, customerTypes, "lbs", urlParams),
          (accounts) => ({ customers: accounts.map(item) })
        )
      )
  })
)

const BotLive = HttpApiBuilder.group(SimulatedModelsApi, "bot", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    const item = (account: SimAccount) => ({
      C: { id: AccountId.make(account.id), srcId: account.sourceId, bscore: decimal(account.scores.botScore ?? 1) }
    })
    return handlers
      .handle("scoresForAccounts", ({ path, urlParams }) =>
        lookupAnswer(
          () => scoredAccounts(settings, path.bookmaker, path.subBookmaker, "C", "botScore", urlParams.customer),
          (accounts) => ({ customers: accounts.map(item) })
        )
      )
      .handle("scoresInRange", ({ path, urlParams }) =>
        rangeAnswer(
          () => rangePage(settings, path.bookmaker, path.subBookmaker, customerTypes, "botScore", urlParams),
          (accounts) => ({ customers: accounts.map(item) })
        )
      )
  })
)

const MarkerLive = HttpApiBuilder.group(SimulatedModelsApi, "marker", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    const item = (account: SimAccount) => ({
      C: { id: AccountId.make(account.id), srcId: account.sourceId, mscore: decimal(account.scores.markerScore ?? 1) }
    })
    return handlers
      .handle("scoresForAccounts", ({ path, urlParams }) =>
        lookupAnswer(
          () => scoredAccounts(settings, path.bookmaker, path.subBookmaker, "C", "markerScore", urlParams.customer),
          (accounts) => ({ customers: accounts.map(item) })
        )
      )
      .handle("scoresInRange", ({ path, urlParams }) =>
        rangeAnswer(
          () => rangePage(settings, path.bookmaker, path.subBookmaker, customerTypes, "markerScore", urlParams),
          (accounts) => ({ customers: accounts.map(item) })
        )
      )
  })
)

// --- sCCF, CCF (customers, shops, terminals) -----------------------------------------------------------------

/** `{ customers: [{ C }], shops: [{ S }], terminals: [{ T }] }`, each list present only when non-empty. */
const byEntity = <Item>(accounts: ReadonlyArray<SimAccount>, item: (account: SimAccount) => Item) => {
  const of = (type: EntityType) => accounts.filter((account) => account.type === type).map(item)
  const customers = of("C").map((C) => ({ C }))
  const shops = of("S").map((S) => ({ S }))
  const terminals = of("T").map((T) => ({ T }))
  return {
    ...(customers.length > 0 ? { customers } : {}),
    ...(shops.length > 0 ? { shops } : {}),
    ...(terminals.length > 0 ? { terminals } : {})
  }
}

const entityLookup = (
  settings: ModelsDataSettings,
  path: { readonly bookmaker: number; readonly subBookmaker: SubBookmakerSelector },
  urlParams: {
    readonly customer?: ReadonlyArray<string>
    readonly shop?: ReadonlyArray<string>
    readonly terminal?: ReadonlyArray<string>
  },
  model: ScoreModel
) => [
  ...scoredAccounts(settings, path.bookmaker, path.subBookmaker, "C", model, urlParams.customer),
  ...scoredAccounts(settings, path.bookmaker, path.subBookmaker, "S", model, urlParams.shop),
  ...scoredAccounts(settings, path.bookmaker, path.subBookmaker, "T", model, urlParams.terminal)
]

const SccfLive = HttpApiBuilder.group(SimulatedModelsApi, "sccf", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    const item = (account: SimAccount) => ({
      id: AccountId.make(account.id),
      srcId: account.sourceId,
      sCcf: decimal(account.scores.sccf ?? 100)
    })
    return handlers
      .handle("scoresForAccounts", ({ path, urlParams }) =>
        lookupAnswer(
          () => entityLookup(settings, path, urlParams, "sccf"),
          (accounts) => byEntity(accounts, item)
        )
      )
      .handle("scoresInRange", ({ path, urlParams }) =>
        rangeAnswer(
          () => rangePage(settings, path.bookmaker, path.subBookmaker, allTypes, "sccf", urlParams),
          (accounts) => byEntity(accounts, item)
        )
      )
  })
)

const CcfLive = HttpApiBuilder.group(SimulatedModelsApi, "ccf", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    const item = (account: SimAccount) => ({
      id: AccountId.make(account.id),
      srcId: account.sourceId,
      ccf: decimal(account.scores.ccf ?? 100)
    })
    return handlers
      .handle("scoresForAccounts", ({ path, urlParams }) =>
        lookupAnswer(
          () => entityLookup(settings, path, urlParams, "ccf"),
          (accounts) => byEntity(accounts, item)
        )
      )
      .handle("scoresInRange", ({ path, urlParams }) =>
        rangeAnswer(
          () => rangePage(settings, path.bookmaker, path.subBookmaker, allTypes, "ccf", urlParams),
          (accounts) => byEntity(accounts, item)
        )
      )
  })
)

// --- Account API ---------------------------------------------------------------------------------------------

export const DefaultAccountLimit = 100

/** The Account API's item for `account`: the same scores as the score APIs, as numbers. */
export const accountItemOf = (account: SimAccount): AccountItem => {
  const score = (model: ScoreModel) => {
    const value = account.scores[model]
    return value === undefined ? {} : { [model]: scoreValue(value) }
  }
  return {
    accountId: AccountId.make(account.id),
    accountType: account.type,
    bookmakerId: BookmakerId.make(account.bookmaker),
    subBookmakerId: SubBookmakerId.make(account.subBookmaker),
    sourceId: account.sourceId,
    ...score("sccf"),
    ...score("ccf"),
    ...score("lbs"),
    ...score("markerScore"),
    ...score("botScore")
  }
}

const AccountLive = HttpApiBuilder.group(SimulatedModelsApi, "account", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    return handlers.handle("accounts", ({ path, urlParams }) =>
      Effect.sync(() => {
        const limit = urlParams.limit ?? DefaultAccountLimit
        const offset = urlParams.offset ?? 0
        const filters = urlParams.filters ?? []
        const matching: Array<SimAccount> = []
        for (const account of accountsFrom(settings, path.bookmaker, allTypes)) {
          if (filters.every((f) => matchesFilter(account, f))) matching.push(account)
        }
        if (urlParams.sort !== undefined) matching.sort(compareAccounts(urlParams.sort))
        const totalCount = matching.length
        return {
          items: matching.slice(offset, offset + limit).map(accountItemOf),
          metadata: {
            pagination: {
              currentPage: totalCount === 0 ? 0 : Math.floor(offset / limit) + 1,
              limit,
              offset,
              pageCount: Math.ceil(totalCount / limit),
              totalCount,
              ...(urlParams.sort === undefined ? {} : { sortedBy: encodeSorts(urlParams.sort) })
            }
          }
        }
      })
    )
  })
)

// --- Event and Tournament Profiling --------------------------------------------------------------------------

/** Share of events without a profile yet (no live bet placed). */
export const EventWithoutProfileShare = 0.1

const ratingFrom = (next: () => number) => 1 + Math.floor(next() * 10)

const delaySettings = (next: () => number) => ({
  liveTimeDelayTv: 3 + Math.floor(next() * 8),
  liveTimeDelayUmpire: 2 + Math.floor(next() * 6),
  liveTimeDelayVenue: 1 + Math.floor(next() * 4)
})

/** The profile of an event, or `undefined` when it has none. */
export const eventItemOf = (bookmaker: number, eventId: string): EventItem | undefined => {
  const next = randomFor(bookmaker, eventId, "event")
  if (next() < EventWithoutProfileShare) return undefined
  const settings = delaySettings(next)
  const ltd = settings.liveTimeDelayTv
  return {
    eventId,
    liveTimeDelaySettings: settings,
    liveTr: ratingFrom(next),
    prematchTr: ratingFrom(next),
    ltd,
    sLtd: Math.max(0, ltd + Math.floor(next() * 5) - 2),
    sEr: ratingFrom(next)
  }
}

const EventLive = HttpApiBuilder.group(SimulatedModelsApi, "event", (handlers) =>
  handlers.handle("fetchEvents", ({ path, payload }) =>
    Effect.sync(() => ({
      items: payload.ids.flatMap((id) => {
        const item = eventItemOf(path.bookmaker, typeof id === "string" ? id : eventPathOf(id))
        return item === undefined ? [] : [item]
      })
    }))
  )
)

export const tournamentItemOf = (bookmaker: number, tournamentId: TournamentUrn): TournamentItem => {
  const next = randomFor(bookmaker, tournamentId, "tournament")
  return {
    tournamentId,
    liveTr: ratingFrom(next),
    prematchTr: ratingFrom(next),
    liveTimeDelaySettings: delaySettings(next)
  }
}

const urnNumber = (urn: string) => Number(urn.slice(urn.lastIndexOf(":") + 1))

const TournamentLive = HttpApiBuilder.group(SimulatedModelsApi, "tournament", (handlers) =>
  handlers
    .handle("fetchTournaments", ({ path, payload }) =>
      Effect.sync(() => ({ items: payload.ids.map((ref) => tournamentItemOf(path.bookmaker, ref.tournamentId)) }))
    )
    .handle("tournamentsByCategory", ({ path }) =>
      Effect.sync(() => {
        // 3–8 tournaments per category, numbered after the category.
        const next = randomFor(path.bookmaker, `${path.sportId}/${path.categoryId}`, "category")
        const count = 3 + Math.floor(next() * 6)
        const base = (urnNumber(path.categoryId) % 100_000) * 100
        return {
          items: Array.from({ length: count }, (_, k) =>
            tournamentItemOf(path.bookmaker, TournamentUrn.make(`sr:tournament:${base + k + 1}`))
          )
        }
      })
    )
)

// --- Live Time Delay -----------------------------------------------------------------------------------------

/** JSON with sorted keys, so that the same ticket content hashes the same whatever its key order. */
const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** The first string found under `key` anywhere in `value` (depth-first), optionally inside an object at `parent`. */
const findString = (
  value: unknown,
  key: string,
  parent?: string,
  inParent = parent === undefined
): string | undefined => {
  if (value === null || typeof value !== "object") return undefined
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (inParent && k === key && typeof v === "string") return v
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const found = findString(v, key, parent, parent === undefined || k === parent)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The LTD suggestion for a ticket: a customer (`endCustomer.id`) of the population with an LBS ≥ 0.70 is delayed;
 * otherwise the suggestion follows a hash of the ticket's content. `ticketId` echoes the ticket's `ticketId`
 * (else its `correlationId`).
 */
export const ltdSuggestionOf = (settings: ModelsDataSettings, bookmaker: number, ticket: Record<string, unknown>) => {
  const seed = hash32(stableJson(ticket))
  const next = randomFor(bookmaker, String(seed), "ltd")
  const customer = findString(ticket, "id", "endCustomer")
  const account = customer === undefined ? undefined : findAccount(settings, bookmaker, customer)
  const lbs = account?.scores.lbs
  const roll = next()
  const suggestion: LtdModelSuggestion =
    lbs !== undefined && lbs >= 70 ? "Delay" : roll < 0.6 ? "Skip" : roll < 0.85 ? "Delay" : "N/A"
  const delay = suggestion === "Delay" ? 3 + Math.floor(next() * 10) : 0
  const edl = 1 + Math.floor(next() * 10)
  const ticketId =
    findString(ticket, "ticketId") ?? findString(ticket, "correlationId") ?? `ticket-${seed.toString(16)}`
  return {
    ltdModelSuggestion: suggestion,
    ltdSuggestion: new WireDecimal({ text: String(delay), value: delay }),
    ltdSuggestionEdl: new WireDecimal({ text: String(edl), value: edl }),
    ticketId
  }
}

const LtdLive = HttpApiBuilder.group(SimulatedModelsApi, "ltd", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    return handlers.handle("suggestion", ({ path, payload }) =>
      Effect.sync(() => ltdSuggestionOf(settings, path.bookmaker, payload))
    )
  })
)

// --- Bettor Sense (RG) ---------------------------------------------------------------------------------------

/** Share of customers without an RG profile ("Player profile not created"). */
export const RgWithoutProfileShare = 0.07

const DayMs = 86_400_000

/**
 * The RG profile of a customer as of `now`: refreshed daily, the last refresh 0–2 days ago (by customer).
 * `undefined` when the customer has no profile.
 */
export const rgProfileOf = (account: SimAccount, now: number): PlayerRiskProfile | undefined => {
  const next = randomFor(account.bookmaker, account.id, "rg")
  if (account.type !== "C" || next() < RgWithoutProfileShare) return undefined
  const riskScore = 1 + Math.floor(99.999 * next() ** 2)
  const day = Math.floor(now / DayMs) * DayMs
  const updated = day - Math.floor(next() * 3) * DayMs + 2 * 3_600_000
  return {
    playerId: account.id,
    lastUpdatedDateTime: DateTime.unsafeMake(updated),
    riskScore,
    riskCategory: RgRiskCategoryOrder.indexOf(rgRiskCategory(riskScore)),
    percentile: Math.round(riskScore * 0.97 * 100) / 100,
    categoryScores: Object.entries(RgCategoryNames).map(([key, name]) => ({
      key: Number(key),
      score: Math.round((riskScore / 10) * (0.5 + next()) * 10_000) / 10_000,
      name
    }))
  }
}

export const RgPageSize = 1000

/**
 * RG's 404 `{ message }`. Sent as a ready-made response (like the guard's answers): as a failure value it would be
 * encoded by the first error schema of that shape, the group's 401 `Unauthorized`.
 */
const rgNotFound = (message: string) => Effect.die(messageResponse(404, message))

const RgLive = HttpApiBuilder.group(SimulatedModelsApi, "rg", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    return handlers
      .handle("playerRiskProfile", ({ path }) =>
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const account = findAccount(settings, path.bookmakerId, path.accountId)
          if (account === undefined || account.type !== "C" || account.subBookmaker !== path.subBookmakerId) {
            return yield* rgNotFound("Player not found")
          }
          const profile = rgProfileOf(account, now)
          if (profile === undefined) return yield* rgNotFound("Player profile not created")
          return profile
        })
      )
      .handle("riskProfiles", ({ path, urlParams }) =>
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const since = urlParams.changedSince
          const skip = ((urlParams.page ?? 1) - 1) * RgPageSize
          const page: Array<PlayerRiskProfile> = []
          let seen = 0
          for (const account of accountsFrom(settings, path.bookmakerId, customerTypes)) {
            if (account.subBookmaker !== path.subBookmakerId) continue
            const profile = rgProfileOf(account, now)
            if (profile === undefined) continue
            if (since !== undefined && DateTime.lessThan(profile.lastUpdatedDateTime, since)) continue
            if (seen++ < skip) continue
            page.push(profile)
            if (page.length >= RgPageSize) break
          }
          return page
        })
      )
  })
)

// --- composition ---------------------------------------------------------------------------------------------

/** Every model group, each behind the guard for its API id. Needs `ModelsData` and the guard's services. */
export const ModelsHttpLive = Layer.mergeAll(
  protect(LbsLive, { apiId: "lbs" }),
  protect(BotLive, { apiId: "bot" }),
  protect(MarkerLive, { apiId: "marker" }),
  protect(SccfLive, { apiId: "sccf" }),
  protect(CcfLive, { apiId: "ccf" }),
  protect(AccountLive, { apiId: "account" }),
  protect(EventLive, { apiId: "event" }),
  protect(TournamentLive, { apiId: "tournament" }),
  protect(LtdLive, { apiId: "ltd" }),
  protect(RgLive, { apiId: "rg" })
)

/**
 * The model routes for `HttpLayerRouter`, with `ModelsData` from `SIM_POPULATION` / `SIM_RANGE_PAGE_SIZE`
 * (an invalid value stops the simulator at start).
 */
export const ModelsRoutesLive = HttpLayerRouter.addHttpApi(SimulatedModelsApi).pipe(
  Layer.provide(ModelsHttpLive),
  Layer.provide(Layer.orDie(ModelsData.Live))
)
