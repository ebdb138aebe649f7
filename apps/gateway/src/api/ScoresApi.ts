/**
 * `/v1/scores/{lbs|bot|marker|sccf|ccf}`: lookups for lists of accounts (served from the score cache where the
 * model allows, with each answer's age) and `/range` scans, one upstream page per call (`startKey` passes the
 * upstream `lastEvaluatedKey` through). Items are `@its/models`' Schemas, scores stay decimal strings.
 */
import { HttpApiEndpoint, HttpApiGroup } from "@effect/platform"
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
} from "../scores/ScoreLookupResponse.ts"
import { BadGateway, BadRequest, Forbidden, GatewayTimeout, ServiceUnavailable, TooManyRequests } from "./Problem.ts"
import { Authentication } from "./Security.ts"

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

export class ScoresApi extends HttpApiGroup.make("scores")
  .add(HttpApiEndpoint.get("lbs", "/lbs").setUrlParams(CustomerLookupParams).addSuccess(LbsScoreLookup))
  .add(HttpApiEndpoint.get("bot", "/bot").setUrlParams(CustomerLookupParams).addSuccess(BotScoreLookup))
  .add(HttpApiEndpoint.get("marker", "/marker").setUrlParams(CustomerLookupParams).addSuccess(MarkerScoreLookup))
  .add(HttpApiEndpoint.get("sccf", "/sccf").setUrlParams(EntityLookupParams).addSuccess(SccfScoreLookup))
  .add(HttpApiEndpoint.get("ccf", "/ccf").setUrlParams(EntityLookupParams).addSuccess(CcfScoreLookup))
  .add(HttpApiEndpoint.get("lbsRange", "/lbs/range").setUrlParams(RangeParams).addSuccess(rangeResult("Lbs", LbsItem)))
  .add(HttpApiEndpoint.get("botRange", "/bot/range").setUrlParams(RangeParams).addSuccess(rangeResult("Bot", BotItem)))
  .add(
    HttpApiEndpoint.get("markerRange", "/marker/range")
      .setUrlParams(RangeParams)
      .addSuccess(rangeResult("Marker", MarkerItem))
  )
  .add(
    HttpApiEndpoint.get("sccfRange", "/sccf/range").setUrlParams(RangeParams).addSuccess(rangeResult("Sccf", SccfItem))
  )
  .add(HttpApiEndpoint.get("ccfRange", "/ccf/range").setUrlParams(RangeParams).addSuccess(rangeResult("Ccf", CcfItem)))
  .addError(BadRequest)
  .addError(Forbidden)
  .addError(TooManyRequests)
  .addError(BadGateway)
  .addError(ServiceUnavailable)
  .addError(GatewayTimeout)
  .middleware(Authentication)
  .prefix("/v1/scores") {}
