/**
 * Marker Score — `api/mscore` (its-api.md §4.4): the probability of "marker" (sharp) behaviour. Range 0.01–1.00.
 */
import { HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { type DecimalSpec, decimalString } from "./Decimal.ts"
import { customerScoreResponse, scoreItemIdFields, scoresForCustomers, scoresInRange } from "./ScoreApi.ts"

export const MarkerScoreSpec: DecimalSpec = { field: "mscore", min: 0.01, max: 1, reference: "its-api.md §4.4" }

export const MarkerScore = decimalString(MarkerScoreSpec)

/** `C` item: required `id`, `mscore`, `srcId`. */
export const MarkerItem = Schema.Struct({ ...scoreItemIdFields, mscore: MarkerScore }).annotations({
  identifier: "MarkerItem"
})
export type MarkerItem = typeof MarkerItem.Type

export const MarkerResponse = customerScoreResponse("Marker", MarkerItem)
export type MarkerResponse = typeof MarkerResponse.Type

export class MarkerApi extends HttpApiGroup.make("marker")
  .add(scoresForCustomers(MarkerResponse))
  .add(scoresInRange(MarkerResponse, MarkerScoreSpec))
  .annotate(OpenApi.Title, "Marker Score")
  .annotate(OpenApi.Description, "Sharp (marker) behaviour score per customer, its-api.md §4.4") {}
