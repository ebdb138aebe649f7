/**
 * Clients of Event Profiling and Tournament Profiling (its-api.md §4.8, §4.9): bulk fetches, chunked and merged.
 */
import type { ItsHttpError } from "@its/transport"
import { Effect } from "effect"
import {
  type EventFetchRequest,
  type EventFetchResponse,
  type EventItem,
  type EventRef,
  eventItemsOf,
  eventPathOf
} from "../Event.ts"
import type { BookmakerId, CategoryUrn, SportUrn } from "../Ids.ts"
import type { TournamentFetchRequest, TournamentItem, TournamentRef, TournamentResponse } from "../Tournament.ts"
import { type CallFailure, chunksOf, envelopeFailure, toModelsError } from "./Calls.ts"
import type { ModelsSettings } from "./ModelsConfig.ts"
import type { ModelsError } from "./ModelsErrors.ts"

export interface Events {
  /** Profiles of the given events (those ITS has, i.e. with at least one live bet). */
  readonly fetch: (
    bookmaker: BookmakerId,
    events: ReadonlyArray<EventRef>
  ) => Effect.Effect<ReadonlyArray<EventItem>, ModelsError>
}

export interface Tournaments {
  readonly fetch: (
    bookmaker: BookmakerId,
    tournaments: ReadonlyArray<TournamentRef>
  ) => Effect.Effect<ReadonlyArray<TournamentItem>, ModelsError>
  /** All tournaments of a category (the GET endpoint, ASSUMPTION; limited to 1 request per minute). */
  readonly byCategory: (
    bookmaker: BookmakerId,
    sportId: SportUrn,
    categoryId: CategoryUrn
  ) => Effect.Effect<ReadonlyArray<TournamentItem>, ModelsError>
}

export type EventsCall = (
  bookmaker: BookmakerId,
  payload: EventFetchRequest
) => Effect.Effect<EventFetchResponse, CallFailure | ItsHttpError>

export const makeEvents = (call: EventsCall, settings: ModelsSettings): Events => {
  const api = "event"
  const fetchChunk = (bookmaker: BookmakerId) => (chunk: ReadonlyArray<EventRef>) =>
    call(bookmaker, { ids: settings.eventIdFormat === "path" ? chunk.map(eventPathOf) : chunk }).pipe(
      Effect.mapError(toModelsError(api)),
      Effect.flatMap((response) => {
        // The envelope-wrapped shape (§4.8) can carry a failure status.
        if ("responseStatus" in response && response.responseStatus !== "SUCCESSFUL") {
          return response.responseStatus === "KEY_NOT_FOUND"
            ? Effect.succeed([])
            : Effect.fail(envelopeFailure(api, response))
        }
        return Effect.succeed(eventItemsOf(response))
      })
    )

  return {
    fetch: Effect.fn("Models.events.fetch")(function* (bookmaker: BookmakerId, events: ReadonlyArray<EventRef>) {
      const chunks = yield* Effect.forEach(chunksOf(events, settings.maxIdsPerRequest), fetchChunk(bookmaker), {
        concurrency: settings.concurrency
      })
      return chunks.flat()
    })
  }
}

export interface TournamentCalls {
  readonly fetch: (
    bookmaker: BookmakerId,
    payload: TournamentFetchRequest
  ) => Effect.Effect<TournamentResponse, CallFailure | ItsHttpError>
  readonly byCategory: (
    bookmaker: BookmakerId,
    sportId: SportUrn,
    categoryId: CategoryUrn
  ) => Effect.Effect<TournamentResponse, CallFailure | ItsHttpError>
}

export const makeTournaments = (calls: TournamentCalls, settings: ModelsSettings): Tournaments => {
  const api = "tournament"
  return {
    // The POST limit is 15/min (§4.9): the transport's limiter paces the chunks.
    fetch: Effect.fn("Models.tournaments.fetch")(function* (
      bookmaker: BookmakerId,
      tournaments: ReadonlyArray<TournamentRef>
    ) {
      const chunks = yield* Effect.forEach(
        chunksOf(tournaments, settings.maxIdsPerRequest),
        (ids) => Effect.mapError(calls.fetch(bookmaker, { ids }), toModelsError(api)),
        { concurrency: settings.concurrency }
      )
      return chunks.flatMap((response) => response.items)
    }),
    byCategory: Effect.fn("Models.tournaments.byCategory")(function* (
      bookmaker: BookmakerId,
      sportId: SportUrn,
      categoryId: CategoryUrn
    ) {
      const response = yield* Effect.mapError(calls.byCategory(bookmaker, sportId, categoryId), toModelsError(api))
      return response.items
    })
  }
}
