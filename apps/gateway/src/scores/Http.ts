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
  type ScoreRange,
  type ScoreScope,
  type SubBookmakerSelector
} from "@its/models"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { type DomainError, orProblem } from "../problems/DomainErrors.ts"
import { ScoreCache } from "./ScoreCache.ts"
import { toScoreLookupResponse } from "./ScoreLookupResponse.ts"

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
    const range = (params: { readonly lower: number; readonly higher: number }) => ({
      lower: params.lower,
      higher: params.higher
    })
    /** The call (its scope was checked by `Authentication`), its answer shaped for the wire. */
    const serve =
      <P, A, B, E extends DomainError>(call: (params: P) => Effect.Effect<A, E>, shape: (a: A) => B) =>
      ({ urlParams }: { readonly urlParams: P }) =>
        Effect.map(orProblem(call(urlParams)), shape)
    type Customers = ScopeParams & { readonly customer: ReadonlyArray<AccountId> }
    type Entities = ScopeParams & Parameters<typeof entityIds>[0]
    type Range = ScopeParams & { readonly lower: number; readonly higher: number; readonly startKey?: string }
    const page =
      <A>(client: { readonly rangePage: (scope: ScoreScope, range: ScoreRange, startKey?: string) => A }) =>
      (p: Range) =>
        client.rangePage(scopeOf(p), range(p), p.startKey)
    return handlers
      .handle(
        "lbs",
        serve((p: Customers) => cache.lbs(scopeOf(p), p.customer), toScoreLookupResponse)
      )
      .handle(
        "bot",
        serve((p: Customers) => cache.bot(scopeOf(p), p.customer), toScoreLookupResponse)
      )
      .handle(
        "marker",
        serve((p: Customers) => cache.marker(scopeOf(p), p.customer), toScoreLookupResponse)
      )
      .handle(
        "sccf",
        serve((p: Entities) => cache.sccf(scopeOf(p), entityIds(p)), toScoreLookupResponse)
      )
      .handle(
        "ccf",
        serve((p: Entities) => cache.ccf(scopeOf(p), entityIds(p)), toScoreLookupResponse)
      )
      .handle("lbsRange", serve(page(models.lbs), customerPage))
      .handle("botRange", serve(page(models.bot), customerPage))
      .handle("markerRange", serve(page(models.marker), customerPage))
      .handle("sccfRange", serve(page(models.sccf), entityPage))
      .handle("ccfRange", serve(page(models.ccf), entityPage))
  })
)
