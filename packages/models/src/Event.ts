/**
 * Event Profiling ("Event API") — `api/event` (its-api.md §4.8): per-event live time delay and rating, available
 * once the first live bet on the event is placed. Bulk fetch by event ids.
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { AssumedPaths } from "./Assumptions.ts"
import { BookmakerPathParams, CategoryUrn, MatchUrn, SportUrn, TournamentUrn } from "./Ids.ts"
import { LiveTimeDelaySettings, Rating } from "./Profiling.ts"
import { ScoreEnvelopeFields } from "./ScoreApi.ts"
import { AccessDenied, InternalError, Throttled, Unauthorized } from "./WireErrors.ts"

/** An event id in the OpenAPI form: an object of four URNs. */
export const EventRef = Schema.Struct({
  sportId: SportUrn,
  categoryId: CategoryUrn,
  tournamentId: TournamentUrn,
  matchId: MatchUrn
}).annotations({ identifier: "EventRef" })
export type EventRef = typeof EventRef.Type

const urnPart = (kinds: string) => `[a-z][a-z0-9]*:(?:${kinds}):\\d+`

/**
 * An event id in the overview page's form (CONFLICT §4.8):
 * `sr:sport:20/sr:category:1017/sr:tournament:36349/sr:match:45315478`.
 */
export const EventPath = Schema.String.pipe(
  Schema.pattern(
    new RegExp(
      `^${urnPart("sport")}/${urnPart("category")}/${urnPart("tournament|simple_tournament")}/${urnPart("match")}$`
    )
  ),
  Schema.brand("EventPath")
).annotations({ identifier: "EventPath" })
export type EventPath = typeof EventPath.Type

export const eventPathOf = (ref: EventRef): EventPath =>
  EventPath.make(`${ref.sportId}/${ref.categoryId}/${ref.tournamentId}/${ref.matchId}`)

/** `EventFetchRequest` (required `ids`); accepts both id forms. */
export const EventFetchRequest = Schema.Struct({
  ids: Schema.Array(Schema.Union(EventRef, EventPath))
}).annotations({ identifier: "EventFetchRequest" })
export type EventFetchRequest = typeof EventFetchRequest.Type

/**
 * An event's profile. OpenAPI fields: `eventId` (required), `liveTimeDelaySettings`, `liveTr`, `prematchTr`.
 * CONFLICT (§4.8): the prose promises `ltd` (static delay), `sLtd` (suggested delay) and `sEr` (suggested rating)
 * that the OpenAPI lacks; they are accepted when present (ASSUMPTION: numbers, seconds / 1–10).
 */
export const EventItem = Schema.Struct({
  eventId: Schema.String,
  liveTimeDelaySettings: Schema.optionalWith(LiveTimeDelaySettings, { exact: true }),
  liveTr: Schema.optionalWith(Rating, { exact: true }),
  prematchTr: Schema.optionalWith(Rating, { exact: true }),
  ltd: Schema.optionalWith(Schema.NonNegative.pipe(Schema.finite()), { exact: true }),
  sLtd: Schema.optionalWith(Schema.NonNegative.pipe(Schema.finite()), { exact: true }),
  sEr: Schema.optionalWith(Rating, { exact: true })
}).annotations({ identifier: "EventItem" })
export type EventItem = typeof EventItem.Type

/** `EventResponse` as in the OpenAPI (required `items`). */
export const EventResponse = Schema.Struct({ items: Schema.Array(EventItem) }).annotations({
  identifier: "EventResponse"
})
export type EventResponse = typeof EventResponse.Type

/**
 * The same items wrapped in the score envelope — the OpenAPI's `ResponseExample` suggests it (uncertain, §4.8).
 * ASSUMPTION A11: the items are at `responseItem.items`.
 */
export const EventEnvelopeResponse = Schema.Struct({
  ...ScoreEnvelopeFields,
  responseItem: Schema.Struct({ items: Schema.optionalWith(Schema.Array(EventItem), { exact: true }) })
}).annotations({ identifier: "EventEnvelopeResponse" })
export type EventEnvelopeResponse = typeof EventEnvelopeResponse.Type

/** Either response shape decodes (§4.8: "Decode both shapes"). */
export const EventFetchResponse = Schema.Union(EventResponse, EventEnvelopeResponse)
export type EventFetchResponse = typeof EventFetchResponse.Type

export const eventItemsOf = (response: EventFetchResponse): ReadonlyArray<EventItem> =>
  "items" in response ? response.items : (response.responseItem.items ?? [])

export class EventApi extends HttpApiGroup.make("event")
  .add(
    HttpApiEndpoint.post("fetchEvents", AssumedPaths.eventFetch)
      .setPath(BookmakerPathParams)
      .setPayload(EventFetchRequest)
      .addSuccess(EventFetchResponse)
  )
  .addError(Unauthorized)
  .addError(AccessDenied)
  .addError(Throttled)
  .addError(InternalError)
  .annotate(OpenApi.Title, "Event API")
  .annotate(OpenApi.Description, "Event Profiling: live time delay and event rating per event, its-api.md §4.8") {}
