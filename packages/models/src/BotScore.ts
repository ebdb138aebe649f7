/**
 * Bot Score — base path unknown (its-api.md §4.3; `Assumptions.ts`): the probability that an account is not
 * human-operated. Range 0.01–1.00.
 */
import { HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { type DecimalSpec, decimalString } from "./Decimal.ts"
import { customerScoreResponse, scoreItemIdFields, scoresForCustomers, scoresInRange } from "./ScoreApi.ts"

export const BotScoreSpec: DecimalSpec = { field: "bscore", min: 0.01, max: 1, reference: "its-api.md §4.3" }

export const BotScore = decimalString(BotScoreSpec)

/**
 * `C` item `{ bscore, id, srcId }`. The docs do not say which are required: `id` is (results are keyed by it),
 * `bscore` and `srcId` may be absent.
 */
export const BotItem = Schema.Struct({
  id: scoreItemIdFields.id,
  srcId: Schema.optionalWith(scoreItemIdFields.srcId, { exact: true }),
  bscore: Schema.optionalWith(BotScore, { exact: true })
}).annotations({ identifier: "BotItem" })
export type BotItem = typeof BotItem.Type

export const BotResponse = customerScoreResponse("Bot", BotItem)
export type BotResponse = typeof BotResponse.Type

export class BotApi extends HttpApiGroup.make("bot")
  .add(scoresForCustomers(BotResponse))
  .add(scoresInRange(BotResponse, BotScoreSpec))
  .annotate(OpenApi.Title, "Bot Score API")
  .annotate(OpenApi.Description, "Automation (non-human operation) score per customer, its-api.md §4.3") {}
