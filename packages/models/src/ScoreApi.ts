/**
 * The pattern shared by the key-value score APIs — LBS, Bot, Marker, sCCF, CCF (its-api.md §4.1): the response
 * envelope, the two endpoints ("for specific accounts" and "in a range") and their error bodies. Each model module
 * (Lbs.ts, BotScore.ts, …) builds its own `HttpApiGroup` from these pieces with its item schema.
 */
import { HttpApiEndpoint, HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"
import { AssumedPaths, ScoreFailureHttpStatus } from "./Assumptions.ts"
import { type DecimalSpec, decimalNumberFromString } from "./Decimal.ts"
import { AccountId, AccountIdList, BookmakerIdFromString, SubBookmakerSelector } from "./Ids.ts"
import { AccessDenied, Throttled, Unauthorized } from "./WireErrors.ts"

export const ResponseStatus = Schema.Literal("SUCCESSFUL", "VALIDATION_FAILED", "ERROR", "KEY_NOT_FOUND").annotations({
  identifier: "ResponseStatus"
})
export type ResponseStatus = typeof ResponseStatus.Type

/** ASSUMPTION A6 (§4.1): an integer number of milliseconds. */
export const QueryExecutionTime = Schema.NonNegativeInt.annotations({
  description: "Query execution time (unit not documented; ASSUMPTION: milliseconds)"
})

/** The fields of every score response besides `responseItem`; all but `lastEvaluatedKey` are required. */
export const ScoreEnvelopeFields = {
  responseStatus: ResponseStatus,
  responseMessage: Schema.String,
  requestId: Schema.String,
  queryExecutionTime: QueryExecutionTime,
  /** Present when more pages exist; send it back as `startKey` (ASSUMPTION A6). */
  lastEvaluatedKey: Schema.optionalWith(Schema.String, { exact: true })
}

/** `{ customers: [ { C: item } ] }` — LBS, Bot, Marker. Entries are absent when nothing was found. */
export const customerScoreResponse = <Item extends Schema.Schema.Any>(name: string, item: Item) =>
  Schema.Struct({
    ...ScoreEnvelopeFields,
    responseItem: Schema.Struct({
      customers: Schema.optionalWith(Schema.Array(Schema.Struct({ C: item })), { exact: true })
    })
  }).annotations({ identifier: `${name}Response` })

/** `{ customers: [{ C }], shops: [{ S }], terminals: [{ T }] }` — sCCF, CCF. */
export const entityScoreResponse = <Item extends Schema.Schema.Any>(name: string, item: Item) =>
  Schema.Struct({
    ...ScoreEnvelopeFields,
    responseItem: Schema.Struct({
      customers: Schema.optionalWith(Schema.Array(Schema.Struct({ C: item })), { exact: true }),
      shops: Schema.optionalWith(Schema.Array(Schema.Struct({ S: item })), { exact: true }),
      terminals: Schema.optionalWith(Schema.Array(Schema.Struct({ T: item })), { exact: true })
    })
  }).annotations({ identifier: `${name}Response` })

/** A failure's `responseItem` is not read: any object is accepted (and all are equivalent). */
const IgnoredResponseItem = Schema.Struct({}).annotations({ equivalence: () => () => true })

const scoreFailure = <const Status extends keyof typeof ScoreFailureHttpStatus>(
  responseStatus: Status,
  identifier: string,
  description: string
) =>
  Schema.Struct({
    responseStatus: Schema.Literal(responseStatus),
    responseMessage: Schema.String,
    requestId: Schema.String,
    queryExecutionTime: Schema.optionalWith(QueryExecutionTime, { exact: true }),
    responseItem: Schema.optionalWith(IgnoredResponseItem, { exact: true })
  }).annotations({
    identifier,
    description,
    ...HttpApiSchema.annotations({ status: ScoreFailureHttpStatus[responseStatus] })
  })

/** The envelope carrying a failure; which HTTP status carries which is in `ScoreFailureHttpStatus`. */
export const ScoreValidationFailed = scoreFailure(
  "VALIDATION_FAILED",
  "ScoreValidationFailed",
  "The request was rejected (e.g. a malformed id list)"
)
export const ScoreKeyNotFound = scoreFailure("KEY_NOT_FOUND", "ScoreKeyNotFound", "No score for the requested keys")
export const ScoreInternalError = scoreFailure("ERROR", "ScoreInternalError", "The score service failed")
export type ScoreFailureBody =
  | typeof ScoreValidationFailed.Type
  | typeof ScoreKeyNotFound.Type
  | typeof ScoreInternalError.Type

/** `/v1/bookmakers/{bookmaker}/sub-bookmakers/{sub-bookmaker}/…` (§4.1). */
export const ScorePathParams = Schema.Struct({
  bookmaker: BookmakerIdFromString,
  subBookmaker: SubBookmakerSelector
})
export type ScorePathParams = typeof ScorePathParams.Type

/** LBS, Bot, Marker: `customer` is required (§4.1). */
export const CustomerIdsParams = Schema.Struct({ customer: AccountIdList })
export type CustomerIdsParams = typeof CustomerIdsParams.Type

/** sCCF, CCF: `customer`, `shop`, `terminal`, each optional, at least one required (§4.5, §4.6). */
export const EntityIdsParams = Schema.Struct({
  customer: Schema.optionalWith(AccountIdList, { exact: true }),
  shop: Schema.optionalWith(AccountIdList, { exact: true }),
  terminal: Schema.optionalWith(AccountIdList, { exact: true })
}).pipe(
  Schema.filter(
    (params) =>
      params.customer !== undefined ||
      params.shop !== undefined ||
      params.terminal !== undefined ||
      "at least one of customer, shop or terminal is required (its-api.md §4.6)"
  )
)
export type EntityIdsParams = typeof EntityIdsParams.Type

/** `lower`/`higher` bounds (inclusive or not: unknown, §10 Q7) and the `startKey` continuation (§4.1). */
export const scoreRangeParams = (score: DecimalSpec) => {
  // Bounds are plain decimals in the score's range; the score's own wire pattern (e.g. LBS's) does not apply.
  const bound = (field: string) =>
    decimalNumberFromString({ field, min: score.min, max: score.max, reference: score.reference })
  return Schema.Struct({
    lower: bound("lower"),
    higher: bound("higher"),
    startKey: Schema.optionalWith(Schema.String, { exact: true })
  })
}

/** "Retrieve … for Specific Accounts", for the APIs keyed by customers only. */
export const scoresForCustomers = <Response extends Schema.Schema.Any>(response: Response) =>
  HttpApiEndpoint.get("scoresForAccounts", AssumedPaths.scoresForAccounts)
    .setPath(ScorePathParams)
    .setUrlParams(CustomerIdsParams)
    .addSuccess(response)
    .addError(ScoreValidationFailed)
    .addError(ScoreKeyNotFound)
    .addError(ScoreInternalError)
    .addError(Unauthorized)
    .addError(AccessDenied)
    .addError(Throttled)

/** "Retrieve … for Specific Accounts", for sCCF and CCF (customers, shops and terminals). */
export const scoresForEntities = <Response extends Schema.Schema.Any>(response: Response) =>
  HttpApiEndpoint.get("scoresForAccounts", AssumedPaths.scoresForAccounts)
    .setPath(ScorePathParams)
    .setUrlParams(EntityIdsParams)
    .addSuccess(response)
    .addError(ScoreValidationFailed)
    .addError(ScoreKeyNotFound)
    .addError(ScoreInternalError)
    .addError(Unauthorized)
    .addError(AccessDenied)
    .addError(Throttled)

/** "Retrieve … in a Range": one page; follow `lastEvaluatedKey` with `startKey`. */
export const scoresInRange = <Response extends Schema.Schema.Any>(response: Response, score: DecimalSpec) =>
  HttpApiEndpoint.get("scoresInRange", AssumedPaths.scoresInRange)
    .setPath(ScorePathParams)
    .setUrlParams(scoreRangeParams(score))
    .addSuccess(response)
    .addError(ScoreValidationFailed)
    .addError(ScoreKeyNotFound)
    .addError(ScoreInternalError)
    .addError(Unauthorized)
    .addError(AccessDenied)
    .addError(Throttled)

/** The item fields every score item has: the account id and the "internal compound source identifier" (§2). */
export const scoreItemIdFields = {
  id: AccountId,
  srcId: Schema.String
}
