/**
 * Late Bet Score (LBS) — `api/lbs` (its-api.md §4.2): the probability that an account exploits latency in live
 * betting. Daily batch; 0.00–1.00, higher is more suspicious.
 */
import { HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { type DecimalSpec, decimalString } from "./Decimal.ts"
import { customerScoreResponse, scoreItemIdFields, scoresForCustomers, scoresInRange } from "./ScoreApi.ts"

/** The documented schema pattern: "0" … "1" with at most 3 decimals. */
export const LbsPattern = /^(0(\.[0-9]{1,3})?|1(\.0{1,3})?)$/

export const LbsScoreSpec: DecimalSpec = {
  field: "lbs",
  min: 0,
  max: 1,
  pattern: LbsPattern,
  reference: "its-api.md §4.2"
}

/** An LBS score string, e.g. "0.93". */
export const LbsScore = decimalString(LbsScoreSpec)

/** `C` item: required `id`, `srcId`; `lbs` optional (as in the OpenAPI schema). */
export const LbsItem = Schema.Struct({
  ...scoreItemIdFields,
  lbs: Schema.optionalWith(LbsScore, { exact: true })
}).annotations({
  identifier: "LbsItem"
})
export type LbsItem = typeof LbsItem.Type

export const LbsResponse = customerScoreResponse("Lbs", LbsItem)
export type LbsResponse = typeof LbsResponse.Type

export class LbsApi extends HttpApiGroup.make("lbs")
  .add(scoresForCustomers(LbsResponse))
  .add(scoresInRange(LbsResponse, LbsScoreSpec))
  .annotate(OpenApi.Title, "Late Bet Score API")
  .annotate(OpenApi.Description, "Late betting (latency exploitation) score per customer, its-api.md §4.2") {}

/** LBS FAQ bands (§4.2): ≥ 0.90 strong indication, 0.70–0.89 moderate, < 0.70 typical. */
export type LbsBand = "strong" | "moderate" | "typical"

/** Values between 0.89 and 0.90 (three-decimal scores such as 0.895) count as moderate: only ≥ 0.90 is strong. */
export const lbsBand = (lbs: number): LbsBand => (lbs >= 0.9 ? "strong" : lbs >= 0.7 ? "moderate" : "typical")
