/**
 * The simulated Player Profiling (Account) API: the population's accounts, filtered, sorted and paged as
 * `AccountApi.accounts` describes (its-api.md §4.7), with the same scores the score APIs report.
 */
import { HttpApiBuilder } from "@effect/platform"
import { AccountId, type AccountItem, BookmakerId, encodeSorts, SubBookmakerId } from "@its/models/api"
import { Effect } from "effect"
import { SimulatedModelsApi } from "./Api.ts"
import {
  accountsFrom,
  compareAccounts,
  EntityTypes,
  ModelsData,
  matchesFilter,
  type ScoreModel,
  type SimAccount,
  scoreValue
} from "./Data.ts"

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

export const AccountLive = HttpApiBuilder.group(SimulatedModelsApi, "account", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    return handlers.handle("accounts", ({ path, urlParams }) =>
      Effect.sync(() => {
        const limit = urlParams.limit ?? DefaultAccountLimit
        const offset = urlParams.offset ?? 0
        const filters = urlParams.filters ?? []
        const matching: Array<SimAccount> = []
        for (const account of accountsFrom(settings, path.bookmaker, EntityTypes)) {
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
