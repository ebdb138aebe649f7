/**
 * The `ScoreCache` service: the score models of `Models` behind the store of `ScoreStore.ts` (TTL per model, partial
 * hits, shared in-flight calls, LRU bound), one method per model.
 */
import {
  type AccountId,
  type BotItem,
  type CcfItem,
  type CustomerScores,
  type EntityIds,
  type EntityScores,
  type EntityType,
  type LbsItem,
  type MarkerItem,
  Models,
  type ModelsError,
  type SccfItem,
  type ScoredItem,
  type ScoreScope
} from "@its/models"
import { type ConfigError, Context, Effect, Layer } from "effect"
import type { CachedScores, Fetch, ModelCachePolicy, ScoreKey } from "./CachedScores.ts"
import { ScoreCacheConfig, type ScoreModel } from "./ScoreCacheConfig.ts"
import { makeScoreStore, type ScoreStore } from "./ScoreStore.ts"

export * from "./CachedScores.ts"
export { makeScoreStore, type ScoreStore } from "./ScoreStore.ts"

/** Account keys of an sCCF/CCF request. */
export const entityKeys = (ids: EntityIds): ReadonlyArray<ScoreKey> => [
  ...(ids.customers ?? []).map((id) => ({ type: "C" as const, id })),
  ...(ids.shops ?? []).map((id) => ({ type: "S" as const, id })),
  ...(ids.terminals ?? []).map((id) => ({ type: "T" as const, id }))
]

const customerFetch =
  <Item extends ScoredItem>(client: CustomerScores<Item>, scope: ScoreScope): Fetch<Item, ModelsError> =>
  (missing) =>
    Effect.map(
      client.scores(
        scope,
        missing.map(({ id }) => id)
      ),
      (results) => results.items.map((item) => ({ type: "C" as const, item }))
    )

const entityFetch =
  <Item extends ScoredItem>(client: EntityScores<Item>, scope: ScoreScope): Fetch<Item, ModelsError> =>
  (missing) => {
    const of = (type: EntityType) => missing.filter((key) => key.type === type).map(({ id }) => id)
    const [customers, shops, terminals] = [of("C"), of("S"), of("T")]
    const ids: EntityIds = {
      ...(customers.length > 0 ? { customers } : {}),
      ...(shops.length > 0 ? { shops } : {}),
      ...(terminals.length > 0 ? { terminals } : {})
    }
    return Effect.map(client.scores(scope, ids), (results) => [
      ...results.customers.items.map((item) => ({ type: "C" as const, item })),
      ...results.shops.items.map((item) => ({ type: "S" as const, item })),
      ...results.terminals.items.map((item) => ({ type: "T" as const, item }))
    ])
  }

export interface ScoreCacheShape {
  readonly lbs: (
    scope: ScoreScope,
    customers: ReadonlyArray<AccountId>
  ) => Effect.Effect<CachedScores<LbsItem>, ModelsError>
  readonly bot: (
    scope: ScoreScope,
    customers: ReadonlyArray<AccountId>
  ) => Effect.Effect<CachedScores<BotItem>, ModelsError>
  readonly marker: (
    scope: ScoreScope,
    customers: ReadonlyArray<AccountId>
  ) => Effect.Effect<CachedScores<MarkerItem>, ModelsError>
  readonly sccf: (scope: ScoreScope, ids: EntityIds) => Effect.Effect<CachedScores<SccfItem>, ModelsError>
  readonly ccf: (scope: ScoreScope, ids: EntityIds) => Effect.Effect<CachedScores<CcfItem>, ModelsError>
  /** See `ScoreStore.freshHit`: the all-fresh answer without a fiber, for the fast lookup path. */
  readonly freshHit: ScoreStore["freshHit"]
  /** TTL and whether the model is cached. */
  readonly policy: (model: ScoreModel) => ModelCachePolicy
  readonly size: Effect.Effect<number>
  readonly invalidateAll: Effect.Effect<void>
}

const make = Effect.gen(function* () {
  const models = yield* Models
  const settings = yield* ScoreCacheConfig
  const store = yield* makeScoreStore(settings)

  const customers =
    <Item extends ScoredItem>(model: ScoreModel, client: CustomerScores<Item>) =>
    (scope: ScoreScope, ids: ReadonlyArray<AccountId>) =>
      store.lookup(
        model,
        scope,
        ids.map((id): ScoreKey => ({ type: "C", id })),
        customerFetch(client, scope)
      )
  const entities =
    <Item extends ScoredItem>(model: ScoreModel, client: EntityScores<Item>) =>
    (scope: ScoreScope, ids: EntityIds) =>
      store.lookup(model, scope, entityKeys(ids), entityFetch(client, scope))

  const lbs = customers("lbs", models.lbs)
  const bot = customers("bot", models.bot)
  const marker = customers("marker", models.marker)
  const sccf = entities("sccf", models.sccf)
  const ccf = entities("ccf", models.ccf)

  return ScoreCache.of({
    lbs: Effect.fn("ScoreCache.lbs")(function* (scope: ScoreScope, ids: ReadonlyArray<AccountId>) {
      return yield* lbs(scope, ids)
    }),
    bot: Effect.fn("ScoreCache.bot")(function* (scope: ScoreScope, ids: ReadonlyArray<AccountId>) {
      return yield* bot(scope, ids)
    }),
    marker: Effect.fn("ScoreCache.marker")(function* (scope: ScoreScope, ids: ReadonlyArray<AccountId>) {
      return yield* marker(scope, ids)
    }),
    sccf: Effect.fn("ScoreCache.sccf")(function* (scope: ScoreScope, ids: EntityIds) {
      return yield* sccf(scope, ids)
    }),
    ccf: Effect.fn("ScoreCache.ccf")(function* (scope: ScoreScope, ids: EntityIds) {
      return yield* ccf(scope, ids)
    }),
    freshHit: store.freshHit,
    policy: store.policy,
    size: store.size,
    invalidateAll: store.invalidateAll
  })
})

export class ScoreCache extends Context.Tag("@its/gateway/scores/ScoreCache")<ScoreCache, ScoreCacheShape>() {
  /** Wraps `Models`; settings from `ScoreCacheConfig`. In-flight upstream calls end with the layer's scope. */
  private static readonly fromContext: Layer.Layer<ScoreCache, never, Models | ScoreCacheConfig> = Layer.scoped(
    ScoreCache,
    make
  )

  /** With the `SCORE_CACHE_*` keys (see `ScoreCacheConfig.ts`). */
  static readonly layer: Layer.Layer<ScoreCache, ConfigError.ConfigError, Models> = ScoreCache.fromContext.pipe(
    Layer.provide(ScoreCacheConfig.layer)
  )

  /** With fixed settings (tests, or a gateway that computes them); TTLs given replace the defaults. */
  static readonly layerWith = (settings: Parameters<typeof ScoreCacheConfig.layerWith>[0] = {}) =>
    ScoreCache.fromContext.pipe(Layer.provide(ScoreCacheConfig.layerWith(settings)))
}
