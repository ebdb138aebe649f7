/**
 * Suggested CCF (sCCF) — `api/sccf` (its-api.md §4.5): an ML-suggested confidence factor per customer, shop or
 * terminal; the basis for Auto-CCF in MTS. Daily batch.
 */
import { HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { SccfDecodeRange } from "./Assumptions.ts"
import { type DecimalSpec, decimalString } from "./Decimal.ts"
import { entityScoreResponse, scoreItemIdFields, scoresForEntities, scoresInRange } from "./ScoreApi.ts"

/**
 * CONFLICT (§4.5): 0–10 vs 0–100. Decoding accepts 0–100 (`SccfDecodeRange`); clients check the configured
 * `ModelsAssumptions.sccfRange` (default 0–10).
 */
export const SccfScoreSpec: DecimalSpec = {
  field: "sCcf",
  min: SccfDecodeRange.min,
  max: SccfDecodeRange.max,
  reference: "its-api.md §4.5 (CONFLICT: 0–10 vs 0–100)"
}

export const SccfScore = decimalString(SccfScoreSpec)

/** `C`, `S` and `T` items: required `id`, `sCcf` (camel-case on the wire), `srcId`. */
export const SccfItem = Schema.Struct({ ...scoreItemIdFields, sCcf: SccfScore }).annotations({
  identifier: "SccfItem"
})
export type SccfItem = typeof SccfItem.Type

export const SccfResponse = entityScoreResponse("Sccf", SccfItem)
export type SccfResponse = typeof SccfResponse.Type

export class SccfApi extends HttpApiGroup.make("sccf")
  .add(scoresForEntities(SccfResponse))
  .add(scoresInRange(SccfResponse, SccfScoreSpec))
  .annotate(OpenApi.Title, "Suggested CCF API")
  .annotate(OpenApi.Description, "Suggested confidence factor per customer, shop or terminal, its-api.md §4.5") {}

/** sCCF FAQ bands (§4.5): ≥ 3.00 very high, 1.02–3.00 above average, 0.61–1.01 moderate, < 0.60 high risk. */
export type SccfBand = "veryHighConfidence" | "aboveAverage" | "moderate" | "highRisk"

/**
 * The documented bands leave gaps: 3.00 is in two bands (→ very high), values in (1.01, 1.02) count as above
 * average, and [0.60, 0.61) — which "< 0.60" excludes — counts as moderate.
 */
export const sccfBand = (sccf: number): SccfBand =>
  sccf >= 3 ? "veryHighConfidence" : sccf > 1.01 ? "aboveAverage" : sccf >= 0.6 ? "moderate" : "highRisk"
