/**
 * Tournament Profiling ("Tournament API") — `api/tournament` (its-api.md §4.9): pre-match and live ratings per
 * tournament (weighted over the next two weeks) plus LTD settings. Call periodically, not per ticket: POST is
 * limited to 15/min, GET to 1/min.
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { AssumedPaths } from "./Assumptions.ts"
import { BookmakerIdFromString, BookmakerPathParams, CategoryUrn, SportUrn, TournamentUrn } from "./Ids.ts"
import { LiveTimeDelaySettings, Rating } from "./Profiling.ts"
import { AccessDenied, InternalError, Throttled, Unauthorized } from "./WireErrors.ts"

export const TournamentRef = Schema.Struct({
  sportId: SportUrn,
  categoryId: CategoryUrn,
  tournamentId: TournamentUrn
}).annotations({ identifier: "TournamentRef" })
export type TournamentRef = typeof TournamentRef.Type

/** `TournamentFetchRequest` (required `ids`). */
export const TournamentFetchRequest = Schema.Struct({ ids: Schema.Array(TournamentRef) }).annotations({
  identifier: "TournamentFetchRequest"
})
export type TournamentFetchRequest = typeof TournamentFetchRequest.Type

/** A tournament's profile (required `tournamentId`). The FAQ hints at further optional metadata (unknown). */
export const TournamentItem = Schema.Struct({
  tournamentId: TournamentUrn,
  liveTr: Schema.optionalWith(Rating, { exact: true }),
  prematchTr: Schema.optionalWith(Rating, { exact: true }),
  liveTimeDelaySettings: Schema.optionalWith(LiveTimeDelaySettings, { exact: true })
}).annotations({ identifier: "TournamentItem" })
export type TournamentItem = typeof TournamentItem.Type

/** `TournamentResponse` (required `items`). */
export const TournamentResponse = Schema.Struct({ items: Schema.Array(TournamentItem) }).annotations({
  identifier: "TournamentResponse"
})
export type TournamentResponse = typeof TournamentResponse.Type

export const TournamentCategoryPathParams = Schema.Struct({
  bookmaker: BookmakerIdFromString,
  sportId: SportUrn,
  categoryId: CategoryUrn
})

export class TournamentApi extends HttpApiGroup.make("tournament")
  .add(
    HttpApiEndpoint.post("fetchTournaments", AssumedPaths.tournamentFetch)
      .setPath(BookmakerPathParams)
      .setPayload(TournamentFetchRequest)
      .addSuccess(TournamentResponse)
  )
  .add(
    HttpApiEndpoint.get("tournamentsByCategory", AssumedPaths.tournamentsByCategory)
      .setPath(TournamentCategoryPathParams)
      .addSuccess(TournamentResponse)
  )
  .addError(Unauthorized)
  .addError(AccessDenied)
  .addError(Throttled)
  .addError(InternalError)
  .annotate(OpenApi.Title, "Tournament API")
  .annotate(OpenApi.Description, "Tournament Profiling: ratings and LTD settings per tournament, its-api.md §4.9") {}
