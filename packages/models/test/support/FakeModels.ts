/**
 * An in-memory ITS serving `ItsModelsApi` with canned answers, and the `Models` clients over it through
 * `@its/transport`'s `ItsHttp` (static test token, no pacing, no retries). Shared by `Models.test.ts` and
 * `ModelsProfiling.test.ts`; each test file calls `useFakeModels()` once (it registers the reset hooks).
 */
import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { afterAll, beforeEach } from "@effect/vitest"
import { ItsHttp } from "@its/transport"
import { DateTime, Effect, Layer, Option } from "effect"
import {
  AccountId,
  type AccountItem,
  BookmakerId,
  ItsModelsApi,
  Models,
  ModelsConfig,
  type PlayerRiskProfile,
  TournamentUrn,
  WireDecimal
} from "../../src/index.ts"
import { makeInMemoryIts } from "./InMemoryIts.ts"

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
export const allAccounts: ReadonlyArray<AccountItem> = Array.from({ length: 5 }, (_, i) => ({
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
export const totalProfiles = 1500
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

/** The fake ITS for one test file (cleared before each test, disposed after the file), and a `Models` layer over it. */
export const useFakeModels = () => {
  const its = makeInMemoryIts(Layer.mergeAll(Lbs, Bot, Marker, Sccf, Ccf, Account, Event, Tournament, Ltd, Rg))
  afterAll(() => its.dispose())
  beforeEach(() => its.clear())
  const ModelsTest = (settings: Parameters<typeof ModelsConfig.layerWith>[0] = {}) =>
    Models.layer.pipe(
      Layer.provide(ItsHttp.layerTest({ settings: { retries: 0 } })),
      Layer.provide(ModelsConfig.layerWith(settings)),
      Layer.provide(its.layer)
    )
  const targets = (prefix: string) => its.requests().filter((r) => r.target.startsWith(prefix))
  return { its, ModelsTest, targets }
}

export const scope = { bookmaker: BookmakerId.make(1234), subBookmaker: "*" as const }
export const customers = (...ids: ReadonlyArray<string>) => ids.map((id) => AccountId.make(id))
