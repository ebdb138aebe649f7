/**
 * Pieces shared by Event Profiling and Tournament Profiling (its-api.md §4.8, §4.9).
 */
import { Schema } from "effect"

/** Event / tournament rating: 1 = highest risk (lowest limits) … 10 = lowest risk (highest limits). */
export const Rating = Schema.Int.pipe(
  Schema.between(1, 10, { message: (issue) => `rating ${String(issue.actual)} is outside 1–10 (its-api.md §4.9)` })
).annotations({ identifier: "Rating" })
export type Rating = typeof Rating.Type

/**
 * LTD settings per coverage type. CONFLICT (§4.8, §10 Q13): the schema says integers 1–10, the prose says seconds;
 * no upper bound is enforced so neither reading fails to decode.
 */
export const LiveTimeDelaySettings = Schema.Struct({
  liveTimeDelayTv: Schema.optionalWith(Schema.NonNegativeInt, { exact: true }),
  liveTimeDelayUmpire: Schema.optionalWith(Schema.NonNegativeInt, { exact: true }),
  liveTimeDelayVenue: Schema.optionalWith(Schema.NonNegativeInt, { exact: true })
}).annotations({ identifier: "LiveTimeDelaySettings" })
export type LiveTimeDelaySettings = typeof LiveTimeDelaySettings.Type
