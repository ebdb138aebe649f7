/**
 * Customer Confidence Factor (CCF) — base path unknown (its-api.md §4.6; `Assumptions.ts`): the operational
 * confidence factor MTS applies (manual or Auto-CCF). Live. New accounts default to 1.00.
 */
import { HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { type DecimalSpec, decimalString } from "./Decimal.ts"
import { entityScoreResponse, scoreItemIdFields, scoresForEntities, scoresInRange } from "./ScoreApi.ts"

/** "Typically 0.01–10.00", UI page 0.00–10.00 (§4.6): the wider range is accepted. */
export const CcfScoreSpec: DecimalSpec = { field: "ccf", min: 0, max: 10, reference: "its-api.md §4.6" }

export const CcfScore = decimalString(CcfScoreSpec)

/** The value a new account starts with (§4.6, §9). */
export const DefaultCcf = 1

/** `C`, `S`, `T` items `{ ccf, id, srcId }`; requiredness undocumented: `id` required, the others may be absent. */
export const CcfItem = Schema.Struct({
  id: scoreItemIdFields.id,
  srcId: Schema.optionalWith(scoreItemIdFields.srcId, { exact: true }),
  ccf: Schema.optionalWith(CcfScore, { exact: true })
}).annotations({ identifier: "CcfItem" })
export type CcfItem = typeof CcfItem.Type

export const CcfResponse = entityScoreResponse("Ccf", CcfItem)
export type CcfResponse = typeof CcfResponse.Type

export class CcfApi extends HttpApiGroup.make("ccf")
  .add(scoresForEntities(CcfResponse))
  .add(scoresInRange(CcfResponse, CcfScoreSpec))
  .annotate(OpenApi.Title, "Customer Confidence Factor API")
  .annotate(OpenApi.Description, "Current confidence factor per customer, shop or terminal, its-api.md §4.6") {}

/** CCF bands (§4.6): ≥ 3.01 VIP (green), 1.00–3.00 default (light green), 0.61–0.99 caution (orange), < 0.60 restricted (red). */
export type CcfBand = "vip" | "default" | "caution" | "restricted"

export const CcfBandColour: Readonly<Record<CcfBand, string>> = {
  vip: "green",
  default: "light green",
  caution: "orange",
  restricted: "red"
}

/**
 * Gaps in the documented bands are closed downwards: values above 3.00 are VIP, [0.99, 1.00) is caution and
 * [0.60, 0.61) — which "< 0.60" excludes — is caution too.
 */
export const ccfBand = (ccf: number): CcfBand =>
  ccf > 3 ? "vip" : ccf >= 1 ? "default" : ccf >= 0.6 ? "caution" : "restricted"
