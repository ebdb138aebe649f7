/**
 * Client of the Player Profiling (Account API, its-api.md §4.7): one page, every page as a `Stream` (offset/limit),
 * and a single account (ASSUMPTION A10: `filters=accountId:eq:<id>`).
 */
import type { ItsHttpError } from "@its/transport"
import { Array as Arr, Chunk, Effect, Either, Option, Stream } from "effect"
import {
  type AccountItem,
  AccountListParams,
  type AccountResponse,
  nextPageOffset,
  type Pagination
} from "../Account.ts"
import { type Filter, filter, type Sort } from "../AccountQuery.ts"
import type { AccountId, BookmakerId } from "../Ids.ts"
import { type CallFailure, toModelsError, validateRequest } from "./Calls.ts"
import type { ModelsSettings } from "./ModelsConfig.ts"
import { ModelRequestInvalid, ModelRequestRejected, ModelResponseInvalid, type ModelsError } from "./ModelsErrors.ts"

export interface AccountQuery {
  readonly sort?: Arr.NonEmptyReadonlyArray<Sort>
  readonly filters?: Arr.NonEmptyReadonlyArray<Filter>
}

export interface AccountPageQuery extends AccountQuery {
  /** 1–10000; ITS's default is 100. */
  readonly limit?: number
  readonly offset?: number
}

export interface AccountPage {
  readonly items: ReadonlyArray<AccountItem>
  /** Absent when ITS sent no `metadata`. */
  readonly pagination: Option.Option<Pagination>
}

export interface Accounts {
  readonly page: (bookmaker: BookmakerId, query?: AccountPageQuery) => Effect.Effect<AccountPage, ModelsError>
  /** Every matching account, page after page (`accountPageSize` per page) until the last page. */
  readonly stream: (bookmaker: BookmakerId, query?: AccountQuery) => Stream.Stream<AccountItem, ModelsError>
  /** One account; `Option.none()` when it does not exist. */
  readonly account: (
    bookmaker: BookmakerId,
    accountId: AccountId
  ) => Effect.Effect<Option.Option<AccountItem>, ModelsError>
}

export type AccountsCall = (
  bookmaker: BookmakerId,
  urlParams: AccountListParams
) => Effect.Effect<AccountResponse, CallFailure | ItsHttpError>

export const makeAccounts = (call: AccountsCall, settings: ModelsSettings): Accounts => {
  const api = "account"
  const { min, max } = settings.sccfRange

  const outOfRange = (items: ReadonlyArray<AccountItem>) =>
    items.flatMap((item) =>
      item.sccf !== undefined && (item.sccf < min || item.sccf > max)
        ? [`${item.accountId}: sccf ${item.sccf} is outside the configured range ${min}–${max}`]
        : []
    )

  const page = Effect.fn("Models.accounts.page")(function* (bookmaker: BookmakerId, query: AccountPageQuery = {}) {
    const urlParams: AccountListParams = query
    yield* validateRequest(api, AccountListParams, urlParams)
    const response = yield* Effect.mapError(call(bookmaker, urlParams), toModelsError(api))
    if (response.items === undefined && response.errorMessage !== undefined) {
      return yield* new ModelRequestRejected({ api, reason: response.errorMessage })
    }
    const items = response.items ?? []
    const problems = outOfRange(items)
    if (problems.length > 0) return yield* new ModelResponseInvalid({ api, problems })
    return { items, pagination: Option.fromNullable(response.metadata?.pagination) }
  })

  const stream = (bookmaker: BookmakerId, query: AccountQuery = {}) =>
    Stream.paginateChunkEffect(0, (offset) =>
      Effect.map(page(bookmaker, { ...query, limit: settings.accountPageSize, offset }), ({ items, pagination }) => {
        const next = Option.match(pagination, {
          onSome: nextPageOffset,
          // Without metadata, a full page suggests there may be more.
          onNone: () => (items.length === settings.accountPageSize ? Option.some(offset + items.length) : Option.none())
        })
        // An empty page ends the scan even if the metadata says otherwise, so a confused server cannot loop us.
        return [Chunk.fromIterable(items), items.length === 0 ? Option.none() : next] as const
      })
    ).pipe(Stream.withSpan("Models.accounts.stream"))

  const account = Effect.fn("Models.accounts.account")(function* (bookmaker: BookmakerId, accountId: AccountId) {
    const byId = yield* Either.mapLeft(
      filter.eq("accountId", accountId),
      (error) => new ModelRequestInvalid({ api, problems: [error.message] })
    )
    const { items } = yield* page(bookmaker, { filters: [byId], limit: 1 })
    return Arr.head(items)
  })

  return { page, stream, account }
}
