/**
 * Handlers of `/v1/scores`: lookups through the score cache (each account says whether it was cached and how old
 * the answer is) and range pages passed through to ITS (`startKey` ↔ `lastEvaluatedKey`).
 */
import { HttpApiBuilder } from "@effect/platform"
import {
  AllSubBookmakers,
  type AccountId,
  type BookmakerId,
  type EntityIds,
  type EntityScore,
  Models,
  type RangePage,
  type SubBookmakerSelector
} from "@its/models"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { requireScope } from "../api/Security.ts"
import { ScoreCache } from "../scores/ScoreCache.ts"
import { toScoreLookupResponse } from "../scores/ScoreLookupResponse.ts"
import { orProblem } from "./TicketsHttp.ts"

interface ScopeParams {
  readonly bookmaker: BookmakerId
  readonly subBookmaker?: SubBookmakerSelector
}

const scopeOf = (params: ScopeParams) => ({
  bookmaker: params.bookmaker,
  subBookmaker: params.subBookmaker ?? AllSubBookmakers
})

const entityIds = (params: {
  readonly customer?: ReadonlyArray<AccountId>
  readonly shop?: ReadonlyArray<AccountId>
  readonly terminal?: ReadonlyArray<AccountId>
}): EntityIds => ({
  ...(params.customer === undefined ? {} : { customers: params.customer }),
  ...(params.shop === undefined ? {} : { shops: params.shop }),
  ...(params.terminal === undefined ? {} : { terminals: params.terminal })
})

const customerPage = <Item>(page: RangePage<Item>) => ({
  items: page.items.map((item) => ({ type: "C" as const, item })),
  ...Option.match(page.lastEvaluatedKey, { onNone: () => ({}), onSome: (nextStartKey) => ({ nextStartKey }) })
})

const entityPage = <Item>(page: RangePage<EntityScore<Item>>) => ({
  items: page.items,
  ...Option.match(page.lastEvaluatedKey, { onNone: () => ({}), onSome: (nextStartKey) => ({ nextStartKey }) })
})

export const ScoresHttp = HttpApiBuilder.group(GatewayApi, "scores", (handlers) =>
  Effect.gen(function* () {
    const cache = yield* ScoreCache
    const models = yield* Models
    const read = requireScope("scores:read")
    const range = (params: { readonly lower: number; readonly higher: number }) => ({
      lower: params.lower,
      higher: params.higher
    })
    return handlers
      .handle("lbs", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(cache.lbs(scopeOf(urlParams), urlParams.customer))),
          Effect.map(toScoreLookupResponse)
        )
      )
      .handle("bot", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(cache.bot(scopeOf(urlParams), urlParams.customer))),
          Effect.map(toScoreLookupResponse)
        )
      )
      .handle("marker", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(cache.marker(scopeOf(urlParams), urlParams.customer))),
          Effect.map(toScoreLookupResponse)
        )
      )
      .handle("sccf", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(cache.sccf(scopeOf(urlParams), entityIds(urlParams)))),
          Effect.map(toScoreLookupResponse)
        )
      )
      .handle("ccf", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(cache.ccf(scopeOf(urlParams), entityIds(urlParams)))),
          Effect.map(toScoreLookupResponse)
        )
      )
      .handle("lbsRange", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(models.lbs.rangePage(scopeOf(urlParams), range(urlParams), urlParams.startKey))),
          Effect.map(customerPage)
        )
      )
      .handle("botRange", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(models.bot.rangePage(scopeOf(urlParams), range(urlParams), urlParams.startKey))),
          Effect.map(customerPage)
        )
      )
      .handle("markerRange", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(models.marker.rangePage(scopeOf(urlParams), range(urlParams), urlParams.startKey))),
          Effect.map(customerPage)
        )
      )
      .handle("sccfRange", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(models.sccf.rangePage(scopeOf(urlParams), range(urlParams), urlParams.startKey))),
          Effect.map(entityPage)
        )
      )
      .handle("ccfRange", ({ urlParams }) =>
        read.pipe(
          Effect.zipRight(orProblem(models.ccf.rangePage(scopeOf(urlParams), range(urlParams), urlParams.startKey))),
          Effect.map(entityPage)
        )
      )
  })
)
