/**
 * The simulated Bettor Sense (RG) API (its-api.md §7): a daily-refreshed risk profile per customer, one at a time or
 * in pages of `RgPageSize`.
 */
import { HttpApiBuilder } from "@effect/platform"
import { type PlayerRiskProfile, RgCategoryNames, RgRiskCategoryOrder, rgRiskCategory } from "@its/models/api"
import { Clock, DateTime, Effect } from "effect"
import { messageResponse } from "../HttpFaults.ts"
import { SimulatedModelsApi } from "./Api.ts"
import { accountsFrom, findAccount, ModelsData, randomFor, type SimAccount } from "./Data.ts"

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

export const RgLive = HttpApiBuilder.group(SimulatedModelsApi, "rg", (handlers) =>
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
          for (const account of accountsFrom(settings, path.bookmakerId, ["C"])) {
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
