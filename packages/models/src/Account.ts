/**
 * Player Profiling ("Account API") — `api/account` (its-api.md §4.7): sCCF, CCF, Bot, LBS and Marker scores per
 * account in one call, paged with `offset`/`limit`, filtered and sorted with the DSL of `AccountQuery.ts`.
 * Unlike the key-value APIs the scores here are JSON numbers.
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Option, Schema } from "effect"
import { FiltersFromString, SortsFromString } from "./AccountQuery.ts"
import { BotScoreSpec } from "./BotScore.ts"
import { CcfScoreSpec } from "./Ccf.ts"
import { scoreNumber } from "./Decimal.ts"
import { AccountId, BookmakerId, BookmakerPathParams, EntityType, SubBookmakerId } from "./Ids.ts"
import { LbsScoreSpec } from "./Lbs.ts"
import { MarkerScoreSpec } from "./MarkerScore.ts"
import { SccfScoreSpec } from "./Sccf.ts"
import { AccessDenied, Throttled, Unauthorized } from "./WireErrors.ts"

export const DefaultPageLimit = 100
export const MaxPageLimit = 10_000

/** Query parameters (all optional strings on the wire, §4.7). */
export const AccountListParams = Schema.Struct({
  /** Page size; default 100, max 10000. */
  limit: Schema.optionalWith(
    Schema.NumberFromString.pipe(Schema.compose(Schema.Int.pipe(Schema.between(1, MaxPageLimit)))),
    { exact: true }
  ),
  /** Items to skip; default 0. */
  offset: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.compose(Schema.NonNegativeInt)), { exact: true }),
  sort: Schema.optionalWith(SortsFromString, { exact: true }),
  filters: Schema.optionalWith(FiltersFromString, { exact: true })
})
export type AccountListParams = typeof AccountListParams.Type

/** One account (required `accountId`, `accountType`, `bookmakerId`, `sourceId`). */
export const AccountItem = Schema.Struct({
  accountId: AccountId,
  accountType: EntityType,
  bookmakerId: BookmakerId,
  subBookmakerId: Schema.optionalWith(SubBookmakerId, { exact: true }),
  sourceId: Schema.String,
  sccf: Schema.optionalWith(scoreNumber({ ...SccfScoreSpec, field: "sccf" }), { exact: true }),
  ccf: Schema.optionalWith(scoreNumber(CcfScoreSpec), { exact: true }),
  lbs: Schema.optionalWith(scoreNumber(LbsScoreSpec), { exact: true }),
  markerScore: Schema.optionalWith(scoreNumber({ ...MarkerScoreSpec, field: "markerScore" }), { exact: true }),
  botScore: Schema.optionalWith(scoreNumber({ ...BotScoreSpec, field: "botScore" }), { exact: true })
}).annotations({ identifier: "AccountItem" })
export type AccountItem = typeof AccountItem.Type

export const Pagination = Schema.Struct({
  currentPage: Schema.NonNegativeInt,
  limit: Schema.NonNegativeInt,
  offset: Schema.NonNegativeInt,
  pageCount: Schema.NonNegativeInt,
  totalCount: Schema.NonNegativeInt,
  sortedBy: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "Pagination" })
export type Pagination = typeof Pagination.Type

/** `AccountResponse`. No field is documented as required; an error carries `errorMessage`. */
export const AccountResponse = Schema.Struct({
  errorMessage: Schema.optionalWith(Schema.String, { exact: true }),
  items: Schema.optionalWith(Schema.Array(AccountItem), { exact: true }),
  metadata: Schema.optionalWith(Schema.Struct({ pagination: Pagination }), { exact: true })
}).annotations({ identifier: "AccountResponse" })
export type AccountResponse = typeof AccountResponse.Type

/** The Account API's error shape (§8.2); the statuses are ASSUMPTION A8. */
export const AccountErrorBody = Schema.Struct({ errorMessage: Schema.String })
export const AccountBadRequest = AccountErrorBody.annotations({
  identifier: "AccountBadRequest",
  description: "Invalid query (e.g. an unknown filter attribute)",
  ...HttpApiSchema.annotations({ status: 400 })
})
export const AccountInternalError = AccountErrorBody.annotations({
  identifier: "AccountInternalError",
  ...HttpApiSchema.annotations({ status: 500 })
})

export class AccountApi extends HttpApiGroup.make("account")
  .add(
    HttpApiEndpoint.get("accounts", "/v1/bookmakers/:bookmaker")
      .setPath(BookmakerPathParams)
      .setUrlParams(AccountListParams)
      .addSuccess(AccountResponse)
      .addError(AccountBadRequest)
      .addError(AccountInternalError)
      .annotate(OpenApi.Description, "Retrieves accounts that belong to the provided bookmaker.")
  )
  .addError(Unauthorized)
  .addError(AccessDenied)
  .addError(Throttled)
  .annotate(OpenApi.Title, "Account API")
  .annotate(OpenApi.Description, "Player Profiling: every model score per account, its-api.md §4.7") {}

/** Offset pagination (§4.7): the next page starts at `offset + limit` until `currentPage == pageCount`. */
export const nextPageOffset = (pagination: Pagination): Option.Option<number> =>
  pagination.currentPage < pagination.pageCount && pagination.limit > 0
    ? Option.some(pagination.offset + pagination.limit)
    : Option.none()
