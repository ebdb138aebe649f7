/**
 * The simulated Event and Tournament Profiling APIs (its-api.md §4.8, §4.9): ratings and live-time-delay settings,
 * a deterministic function of (bookmaker, event or tournament).
 */
import { HttpApiBuilder } from "@effect/platform"
import { type EventItem, eventPathOf, type TournamentItem, TournamentUrn } from "@its/models/api"
import { Effect } from "effect"
import { SimulatedModelsApi } from "./Api.ts"
import { randomFor } from "./Data.ts"

/** Share of events without a profile yet (no live bet placed). */
export const EventWithoutProfileShare = 0.1

const ratingFrom = (next: () => number) => 1 + Math.floor(next() * 10)

const delaySettings = (next: () => number) => ({
  liveTimeDelayTv: 3 + Math.floor(next() * 8),
  liveTimeDelayUmpire: 2 + Math.floor(next() * 6),
  liveTimeDelayVenue: 1 + Math.floor(next() * 4)
})

/** The profile of an event, or `undefined` when it has none. */
export const eventItemOf = (bookmaker: number, eventId: string): EventItem | undefined => {
  const next = randomFor(bookmaker, eventId, "event")
  if (next() < EventWithoutProfileShare) return undefined
  const settings = delaySettings(next)
  const ltd = settings.liveTimeDelayTv
  return {
    eventId,
    liveTimeDelaySettings: settings,
    liveTr: ratingFrom(next),
    prematchTr: ratingFrom(next),
    ltd,
    sLtd: Math.max(0, ltd + Math.floor(next() * 5) - 2),
    sEr: ratingFrom(next)
  }
}

export const EventLive = HttpApiBuilder.group(SimulatedModelsApi, "event", (handlers) =>
  handlers.handle("fetchEvents", ({ path, payload }) =>
    Effect.sync(() => ({
      items: payload.ids.flatMap((id) => {
        const item = eventItemOf(path.bookmaker, typeof id === "string" ? id : eventPathOf(id))
        return item === undefined ? [] : [item]
      })
    }))
  )
)

export const tournamentItemOf = (bookmaker: number, tournamentId: TournamentUrn): TournamentItem => {
  const next = randomFor(bookmaker, tournamentId, "tournament")
  return {
    tournamentId,
    liveTr: ratingFrom(next),
    prematchTr: ratingFrom(next),
    liveTimeDelaySettings: delaySettings(next)
  }
}

const urnNumber = (urn: string) => Number(urn.slice(urn.lastIndexOf(":") + 1))

export const TournamentLive = HttpApiBuilder.group(SimulatedModelsApi, "tournament", (handlers) =>
  handlers
    .handle("fetchTournaments", ({ path, payload }) =>
      Effect.sync(() => ({ items: payload.ids.map((ref) => tournamentItemOf(path.bookmaker, ref.tournamentId)) }))
    )
    .handle("tournamentsByCategory", ({ path }) =>
      Effect.sync(() => {
        // 3–8 tournaments per category, numbered after the category.
        const next = randomFor(path.bookmaker, `${path.sportId}/${path.categoryId}`, "category")
        const count = 3 + Math.floor(next() * 6)
        const base = (urnNumber(path.categoryId) % 100_000) * 100
        return {
          items: Array.from({ length: count }, (_, k) =>
            tournamentItemOf(path.bookmaker, TournamentUrn.make(`sr:tournament:${base + k + 1}`))
          )
        }
      })
    )
)
