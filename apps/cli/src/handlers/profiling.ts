/** `its events fetch`, `its tournaments fetch`: Event and Tournament Profiling (the commands: `commands/profiling.ts`). */
import { EventRef, Models, TournamentRef } from "@its/models"
import { Effect, Schema } from "effect"
import { InputError } from "../Failure.ts"
import { directOrGateway } from "../Gateway.ts"
import { ModelsLayer } from "../Layers.ts"
import { emit, table } from "../Output.ts"
import { cell, plain } from "../Parse.ts"
import { makeProgress } from "../Progress.ts"
import { bookmaker } from "../Scope.ts"

/** `sr:sport:1/sr:category:1/sr:tournament:17/sr:match:123` → an `EventRef`. */
export const parseEventId = (id: string) =>
  Effect.gen(function* () {
    const [sportId, categoryId, tournamentId, matchId, ...rest] = id.split("/")
    if (rest.length > 0 || matchId === undefined)
      return yield* new InputError({
        message: `event id "${id}": expected sr:sport:N/sr:category:N/sr:tournament:N/sr:match:N`
      })
    return yield* Schema.decodeUnknown(EventRef)({ sportId, categoryId, tournamentId, matchId }).pipe(
      Effect.mapError(() => new InputError({ message: `event id "${id}": not sport/category/tournament/match URNs` }))
    )
  })

/** `sr:sport:1/sr:category:1/sr:tournament:17` → a `TournamentRef`. */
export const parseTournamentId = (id: string) =>
  Effect.gen(function* () {
    const [sportId, categoryId, tournamentId, ...rest] = id.split("/")
    if (rest.length > 0 || tournamentId === undefined)
      return yield* new InputError({
        message: `tournament id "${id}": expected sr:sport:N/sr:category:N/sr:tournament:N`
      })
    return yield* Schema.decodeUnknown(TournamentRef)({ sportId, categoryId, tournamentId }).pipe(
      Effect.mapError(() => new InputError({ message: `tournament id "${id}": not sport/category/tournament URNs` }))
    )
  })

const render = (items: ReadonlyArray<Record<string, unknown>>) => {
  const keys = [...new Set(items.flatMap((item) => Object.keys(item)))]
  return `${table(
    keys,
    items.map((item) => keys.map((k) => cell(item[k])))
  )}\n${items.length} item(s)`
}

/** The gateway takes at most 1000 refs per call: bulk fetches go in batches, with progress between them. */
export const batchSize = 1000

export const inBatches = <R, A, E, Ctx>(
  label: string,
  refs: ReadonlyArray<R>,
  fetch: (batch: ReadonlyArray<R>) => Effect.Effect<ReadonlyArray<A>, E, Ctx>
) =>
  Effect.gen(function* () {
    const progress = yield* makeProgress(label)
    const items: Array<A> = []
    for (let start = 0; start < refs.length; start += batchSize) {
      const fetched = yield* fetch(refs.slice(start, start + batchSize))
      items.push(...fetched)
      yield* progress.add(fetched.length, 1)
    }
    yield* progress.done
    return items
  })

export interface FetchArgs {
  readonly bookmaker: number
  readonly ids: ReadonlyArray<string>
}

/** `its events fetch`. */
export const fetchEvents = ({ bookmaker: b, ids }: FetchArgs) =>
  Effect.gen(function* () {
    const refs = yield* Effect.forEach(ids, parseEventId)
    const bm = yield* bookmaker(b)
    const fetched = yield* directOrGateway(
      Effect.provide(
        Effect.flatMap(Models, (models) => inBatches("events", refs, (batch) => models.events.fetch(bm, batch))),
        ModelsLayer
      ),
      (client) =>
        inBatches("events", refs, (batch) =>
          Effect.map(client.profiles.events({ payload: { bookmaker: bm, events: batch } }), (result) => result.items)
        )
    )
    const items = fetched.map((item) => plain(item) as Record<string, unknown>)
    yield* emit({ items }, () => render(items))
  })

/** `its tournaments fetch`. */
export const fetchTournaments = ({ bookmaker: b, ids }: FetchArgs) =>
  Effect.gen(function* () {
    const refs = yield* Effect.forEach(ids, parseTournamentId)
    const bm = yield* bookmaker(b)
    const fetched = yield* directOrGateway(
      Effect.provide(
        Effect.flatMap(Models, (models) =>
          inBatches("tournaments", refs, (batch) => models.tournaments.fetch(bm, batch))
        ),
        ModelsLayer
      ),
      (client) =>
        inBatches("tournaments", refs, (batch) =>
          Effect.map(
            client.profiles.tournaments({ payload: { bookmaker: bm, tournaments: batch } }),
            (result) => result.items
          )
        )
    )
    const items = fetched.map((item) => plain(item) as Record<string, unknown>)
    yield* emit({ items }, () => render(items))
  })
