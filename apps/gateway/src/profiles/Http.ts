/** Handlers of `profiles/Api.ts`: `/v1/accounts`, `/v1/events/fetch`, `/v1/tournaments/fetch` and `/v1/rg/profile`: pass-through. */
import { HttpApiBuilder } from "@effect/platform"
import { Models, nextPageOffset } from "@its/models"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { orProblem } from "../problems/DomainErrors.ts"
import { problem } from "../problems/Problem.ts"

export const ProfilesHttp = HttpApiBuilder.group(GatewayApi, "profiles", (handlers) =>
  Effect.gen(function* () {
    const models = yield* Models
    return handlers
      .handle("accounts", ({ urlParams }) =>
        Effect.gen(function* () {
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
        orProblem(models.events.fetch(payload.bookmaker, payload.events)).pipe(Effect.map((items) => ({ items })))
      )
      .handle("tournaments", ({ payload }) =>
        orProblem(models.tournaments.fetch(payload.bookmaker, payload.tournaments)).pipe(
          Effect.map((items) => ({ items }))
        )
      )
      .handle("rgProfile", ({ path }) =>
        orProblem(
          models.rg.profile({ bookmakerId: path.bookmaker, subBookmakerId: path.subBookmaker }, path.account)
        ).pipe(
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
