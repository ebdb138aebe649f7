/**
 * Bettor Sense responsible-gaming (RG) profile — `api/rg` (its-api.md §7): a risk score 1–100 per player from 90
 * days of activity, refreshed daily.
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Option, Schema } from "effect"
import { RgChangedSinceParam, RgRiskCategoryOrder } from "./Assumptions.ts"
import { PathSafeAccountId, BookmakerIdFromString, SubBookmakerIdFromString } from "./Ids.ts"
import { AccessDenied, Throttled, Unauthorized } from "./WireErrors.ts"

export const RiskScore = Schema.Int.pipe(
  Schema.between(1, 100, {
    message: (issue) => `riskScore: ${String(issue.actual)} is outside the documented range 1–100 (its-api.md §7.2)`
  })
).annotations({ identifier: "RiskScore" })
export type RiskScore = typeof RiskScore.Type

/** `{ key, score, name }`, e.g. `{ key: 3, score: 3.7177, name: "Losses" }`. */
export const CategoryScore = Schema.Struct({
  key: Schema.Int,
  score: Schema.Finite,
  name: Schema.String
}).annotations({ identifier: "CategoryScore" })
export type CategoryScore = typeof CategoryScore.Type

/**
 * `PlayerRiskProfileDto` (field types from the docs' example). `percentile` and `categoryScores` are treated as
 * optional; the rest as required.
 */
export const PlayerRiskProfile = Schema.Struct({
  playerId: Schema.String,
  lastUpdatedDateTime: Schema.DateTimeUtc,
  riskScore: RiskScore,
  /** See `RgRiskCategoryOrder` (ASSUMPTION A16). */
  riskCategory: Schema.NonNegativeInt,
  percentile: Schema.optionalWith(Schema.Finite, { exact: true }),
  categoryScores: Schema.optionalWith(Schema.Array(CategoryScore), { exact: true })
}).annotations({ identifier: "PlayerRiskProfileDto" })
export type PlayerRiskProfile = typeof PlayerRiskProfile.Type

export const PlayerRiskProfilePathParams = Schema.Struct({
  bookmakerId: BookmakerIdFromString,
  subBookmakerId: SubBookmakerIdFromString,
  accountId: PathSafeAccountId
})

export const RiskProfilesPathParams = Schema.Struct({
  bookmakerId: BookmakerIdFromString,
  subBookmakerId: SubBookmakerIdFromString
})

/** At most 1,000 players per page (§7.2). */
export const RiskProfilesPageSize = 1000

export const RiskProfilesParams = Schema.Struct({
  page: Schema.optionalWith(
    Schema.NumberFromString.pipe(Schema.compose(Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)))),
    { exact: true }
  ),
  [RgChangedSinceParam]: Schema.optionalWith(Schema.DateTimeUtc, { exact: true })
})
export type RiskProfilesParams = typeof RiskProfilesParams.Type

/** ASSUMPTION (§7.2, §10 Q14): the bulk response is an array of profiles. */
export const RiskProfilesPage = Schema.Array(PlayerRiskProfile).annotations({ identifier: "RiskProfilesPage" })

/**
 * 404 ("Player not found", "Player profile not created", "Player profile is inactive") and 500 bodies: the docs
 * give only the messages. ASSUMPTION: `{ message }` JSON or the message as plain text; both decode.
 */
const rgError = (status: number, identifier: string) =>
  [
    Schema.Struct({ message: Schema.String }).annotations({ identifier, ...HttpApiSchema.annotations({ status }) }),
    HttpApiSchema.Text().annotations({ identifier: `${identifier}Text`, ...HttpApiSchema.annotations({ status }) })
  ] as const
export const [RgNotFound, RgNotFoundText] = rgError(404, "RgNotFound")
export const [RgInternalError, RgInternalErrorText] = rgError(500, "RgInternalError")

export class RgApi extends HttpApiGroup.make("rg")
  .add(
    HttpApiEndpoint.get(
      "playerRiskProfile",
      "/v1/Operator/PlayerRiskProfile/bookmakers/:bookmakerId/sub-bookmakers/:subBookmakerId/accountid/:accountId"
    )
      .setPath(PlayerRiskProfilePathParams)
      .addSuccess(PlayerRiskProfile)
      .addError(RgNotFound)
      .addError(RgNotFoundText)
      .annotate(OpenApi.Identifier, "GetPlayerRiskProfile")
  )
  .add(
    HttpApiEndpoint.get(
      "riskProfiles",
      "/v1/Operator/RiskProfiles/bookmakers/:bookmakerId/sub-bookmakers/:subBookmakerId"
    )
      .setPath(RiskProfilesPathParams)
      .setUrlParams(RiskProfilesParams)
      .addSuccess(RiskProfilesPage)
  )
  .addError(RgInternalError)
  .addError(RgInternalErrorText)
  .addError(Unauthorized)
  .addError(AccessDenied)
  .addError(Throttled)
  .annotate(OpenApi.Title, "Bettor Sense API")
  .annotate(OpenApi.Description, "Responsible-gaming risk profile per player, its-api.md §7") {}

/** Risk categories by score (§7.3). */
export type RgRiskCategory = (typeof RgRiskCategoryOrder)[number]

export const RgRiskCategoryLabels: Readonly<Record<RgRiskCategory, string>> = {
  noRisk: "No risk",
  low: "Low",
  medium: "Medium",
  high: "High",
  veryHigh: "Very high"
}

/** < 50 no risk, [50, 68) low, [68, 95) medium, [95, 99) high, [99, 100] very high (100 included: ASSUMPTION). */
export const rgRiskCategory = (riskScore: number): RgRiskCategory =>
  riskScore >= 99
    ? "veryHigh"
    : riskScore >= 95
      ? "high"
      : riskScore >= 68
        ? "medium"
        : riskScore >= 50
          ? "low"
          : "noRisk"

/** The category a `riskCategory` number stands for (ASSUMPTION A16: 0 … 4). */
export const rgRiskCategoryOfNumber = (riskCategory: number): Option.Option<RgRiskCategory> =>
  Option.fromNullable(RgRiskCategoryOrder[riskCategory])

/** Category keys seen in the docs' example (§7.2); key 7 is not documented. */
export const RgCategoryNames: Readonly<Record<number, string>> = {
  1: "Betting behaviour",
  2: "Depositing behaviour",
  3: "Losses",
  4: "Time",
  5: "Speed of play",
  6: "Withdrawal-related behaviour",
  8: "RG activity"
}
