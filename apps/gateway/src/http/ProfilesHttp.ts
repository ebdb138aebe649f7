/** Handlers of `/v1/accounts`, `/v1/events/fetch`, `/v1/tournaments/fetch` and `/v1/rg/profile`: pass-through. */
import { HttpApiBuilder } from "@effect/platform"
import { Models, nextPageOffset } from "@its/models"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { problem } from "../api/Problem.ts"
import { requireScope } from "../api/Security.ts"
import { orProblem } from "./TicketsHttp.ts"

export const ProfilesHttp = HttpApiBuilder.group(GatewayApi, "profiles", (handlers) =>
  Effect.gen(function* () {
    const models = yield* Models
    const read = requireScope("scores:read")
    return handlers
      .handle("accounts", ({ urlParams }) =>
        Effect.gen(function* () {
          yield* read
          const page = yield* orProblem(
            models.accounts.page(urlParams.bookmaker, {
              ...(urlParams.filter === undefined ? {} : { filters: urlParams.filter }),
              ...(urlParams.sort === undefined ? {} : { sort: urlParams.sort }),
              ...(urlParams.limit === undefined ? {} : { limit: urlParams.limit }),
              ...(urlParams.offset === undefined ? {} : { offset: urlParams.offset })
            })
          )
          const next = Option.flatMap(page.pagination, nextPageOffset)
          return {
            items: page.items,
            ...Option.match(page.pagination, { onNone: () => ({}), onSome: (pagination) => ({ pagination }) }),
            ...Option.match(next, { onNone: () => ({}), onSome: (nextOffset) => ({ nextOffset }) })
          }
        })
      )
      .handle("events", ({ payload }) =>
        read.pipe(
          Effect.zipRight(orProblem(models.events.fetch(payload.bookmaker, payload.events))),
          Effect.map((items) => ({ items }))
        )
      )
      .handle("tournaments", ({ payload }) =>
        read.pipe(
          Effect.zipRight(orProblem(models.tournaments.fetch(payload.bookmaker, payload.tournaments))),
          Effect.map((items) => ({ items }))
        )
      )
      .handle("rgProfile", ({ path }) =>
        read.pipe(
          Effect.zipRight(
            orProblem(
              models.rg.profile({ bookmakerId: path.bookmaker, subBookmakerId: path.subBookmaker }, path.account)
            )
          ),
          Effect.flatMap(
            Option.match({
              onNone: () =>
                Effect.fail(
                  problem(404, "No risk profile", {
                    detail: "ITS has no active responsible-gaming profile for this player"
                  })
                ),
              onSome: Effect.succeed
            })
          )
        )
      )
  })
)
