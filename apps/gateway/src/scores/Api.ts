/**
 * `/v1/scores/{lbs|bot|marker|sccf|ccf}`: lookups for lists of accounts (served from the score cache where the
 * model allows, with each answer's age) and `/range` scans, one upstream page per call (`startKey` passes the
 * upstream `lastEvaluatedKey` through). Items are `@its/models`' Schemas, scores stay decimal strings.
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import {
  AccountIdList,
  BookmakerIdFromString,
  BotItem,
  CcfItem,
  EntityType,
  LbsItem,
  MarkerItem,
  SccfItem,
  SubBookmakerSelector
} from "@its/models"
import { Schema } from "effect"
import {
  BotScoreLookup,
  CcfScoreLookup,
  LbsScoreLookup,
  MarkerScoreLookup,
  SccfScoreLookup
} from "./ScoreLookupResponse.ts"
import {
  BadGateway,
  BadRequest,
  Forbidden,
  GatewayTimeout,
  ServiceUnavailable,
  TooManyRequests
} from "../problems/Problem.ts"
import { operationDoc } from "../docs/OperationDoc.ts"
import { Authentication } from "../keys/Security.ts"

const scope = {
  bookmaker: BookmakerIdFromString,
  /** A sub-bookmaker id, or `*` (the default) for all of them. */
  subBookmaker: Schema.optionalWith(SubBookmakerSelector, { exact: true })
}

export const CustomerLookupParams = Schema.Struct({ ...scope, customer: AccountIdList })
export const EntityLookupParams = Schema.Struct({
  ...scope,
  customer: Schema.optionalWith(AccountIdList, { exact: true }),
  shop: Schema.optionalWith(AccountIdList, { exact: true }),
  terminal: Schema.optionalWith(AccountIdList, { exact: true })
})

/** A decimal bound as the models take it (the range scan validates it against the model's score range). */
const Bound = Schema.NumberFromString.pipe(Schema.compose(Schema.Finite))
export const RangeParams = Schema.Struct({
  ...scope,
  lower: Bound,
  higher: Bound,
  startKey: Schema.optionalWith(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(1024)), { exact: true })
})

const rangeResult = <A, I>(model: string, item: Schema.Schema<A, I>) =>
  Schema.Struct({
    items: Schema.Array(Schema.Struct({ type: EntityType, item })),
    /** Pass as `startKey` for the next page; absent on the last page. */
    nextStartKey: Schema.optional(Schema.String)
  }).annotations({ identifier: `${model}RangePage` })

export const models = {
  lbs: { item: LbsItem, entities: false },
  bot: { item: BotItem, entities: false },
  marker: { item: MarkerItem, entities: false },
  sccf: { item: SccfItem, entities: true },
  ccf: { item: CcfItem, entities: true }
} as const
export type ScoreModel = keyof typeof models

const names: Record<ScoreModel, string> = {
  lbs: "LBS (limit-bet suspicion) score",
  bot: "bot score",
  marker: "marker score",
  sccf: "SCCF (shared customer clustering) score",
  ccf: "CCF (customer clustering) score"
}

const restTimeouts =
  "one ITS REST call per upstream page, per attempt `ITS_HTTP_TIMEOUT`, retried on 429/503/timeouts up to `ITS_HTTP_RETRIES` times within the retry budget."

const lookupDoc = (model: ScoreModel) =>
  operationDoc({
    summary: `Look up the ${names[model]}`,
    description: `The ${names[model]} of a list of accounts (${
      models[model].entities ? "customers, shops or terminals" : "customers"
    }, comma-separated) of one bookmaker. Answers from the score cache where the model allows it, with each answer's age; the rest is fetched from ITS (only the missing accounts). Scores are decimal strings.`,
    scope: "scores:read",
    idempotent: "yes (a read).",
    timeouts: `${restTimeouts} Cache hits answer without calling ITS.`
  })

const rangeDoc = (model: ScoreModel) =>
  operationDoc({
    summary: `Scan accounts by ${names[model]} range`,
    description: `One page of the accounts whose ${names[model]} is between \`lower\` and \`higher\`. Pass \`nextStartKey\` back as \`startKey\` for the next page; it is absent on the last page. Not cached.`,
    scope: "scores:read",
    idempotent: "yes (a read); a page can be fetched again with the same `startKey`.",
    timeouts: restTimeouts
  })

export class ScoresApi extends HttpApiGroup.make("scores")
  .add(
    HttpApiEndpoint.get("lbs", "/lbs")
      .setUrlParams(CustomerLookupParams)
      .addSuccess(LbsScoreLookup)
      .annotateContext(lookupDoc("lbs"))
  )
  .add(
    HttpApiEndpoint.get("bot", "/bot")
      .setUrlParams(CustomerLookupParams)
      .addSuccess(BotScoreLookup)
      .annotateContext(lookupDoc("bot"))
  )
  .add(
    HttpApiEndpoint.get("marker", "/marker")
      .setUrlParams(CustomerLookupParams)
      .addSuccess(MarkerScoreLookup)
      .annotateContext(lookupDoc("marker"))
  )
  .add(
    HttpApiEndpoint.get("sccf", "/sccf")
      .setUrlParams(EntityLookupParams)
      .addSuccess(SccfScoreLookup)
      .annotateContext(lookupDoc("sccf"))
  )
  .add(
    HttpApiEndpoint.get("ccf", "/ccf")
      .setUrlParams(EntityLookupParams)
      .addSuccess(CcfScoreLookup)
      .annotateContext(lookupDoc("ccf"))
  )
  .add(
    HttpApiEndpoint.get("lbsRange", "/lbs/range")
      .setUrlParams(RangeParams)
      .addSuccess(rangeResult("Lbs", LbsItem))
      .annotateContext(rangeDoc("lbs"))
  )
  .add(
    HttpApiEndpoint.get("botRange", "/bot/range")
      .setUrlParams(RangeParams)
      .addSuccess(rangeResult("Bot", BotItem))
      .annotateContext(rangeDoc("bot"))
  )
  .add(
    HttpApiEndpoint.get("markerRange", "/marker/range")
      .setUrlParams(RangeParams)
      .addSuccess(rangeResult("Marker", MarkerItem))
      .annotateContext(rangeDoc("marker"))
  )
  .add(
    HttpApiEndpoint.get("sccfRange", "/sccf/range")
      .setUrlParams(RangeParams)
      .addSuccess(rangeResult("Sccf", SccfItem))
      .annotateContext(rangeDoc("sccf"))
  )
  .add(
    HttpApiEndpoint.get("ccfRange", "/ccf/range")
      .setUrlParams(RangeParams)
      .addSuccess(rangeResult("Ccf", CcfItem))
      .annotateContext(rangeDoc("ccf"))
  )
  .addError(BadRequest)
  .addError(Forbidden)
  .addError(TooManyRequests)
  .addError(BadGateway)
  .addError(ServiceUnavailable)
  .addError(GatewayTimeout)
  .middleware(Authentication)
  .prefix("/v1/scores")
  .annotateContext(
    OpenApi.annotations({
      description: "Risk scores (LBS, bot, marker, SCCF, CCF): lookups for lists of accounts, cached, and range scans."
    })
  ) {}
