/**
 * Score cache (gateway §3): per-account answers of the key-value score APIs, keyed by
 * (model, bookmaker, sub-bookmaker, entity type, account id).
 *
 * - A fresh entry (younger than the model's TTL, read from `Clock`) is a hit; "ITS has no score" is cached too
 *   (a negative entry with no items). Upstream errors are never cached.
 * - Partial hits: one upstream call for the accounts that are neither fresh nor already being fetched.
 * - Concurrent misses of the same key share one upstream call: the first lookup registers a `Deferred` per key and
 *   runs the call in a fiber owned by the cache (`FiberSet` in the layer's scope), so interrupting any caller —
 *   including the one that started it — never cancels it for the others; a failure reaches every waiter.
 * - Bounded: at most `maxEntries` entries over all models, least recently used evicted first.
 * - A model with TTL 0 (CCF by default: live) passes through: every lookup goes upstream, `cached: false`.
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
import {
  Array as Arr,
  Clock,
  type ConfigError,
  Context,
  Deferred,
  Duration,
  Effect,
  Exit,
  FiberSet,
  Layer,
  Metric,
  type Option,
  type Scope
} from "effect"
import { ScoreCacheConfig, type ScoreCacheSettings, type ScoreModel } from "./ScoreCacheConfig.ts"
import {
  cacheEntries,
  cacheEvictions,
  cacheHitRatio,
  cacheHits,
  cacheMisses,
  cacheUpstreamCalls,
  cacheUpstreamCallsSaved
} from "./ScoreCacheMetrics.ts"

/** One requested account: its id and kind (`C` for the customer-only models). */
export interface ScoreKey {
  readonly type: EntityType
  readonly id: AccountId
}

/** An item of an upstream answer with the kind of account it belongs to. */
export interface TypedItem<Item> {
  readonly type: EntityType
  readonly item: Item
}

/** The answer for one requested account. */
export interface AccountScores<Item> {
  readonly type: EntityType
  readonly id: AccountId
  /**
   * The account's items: empty when ITS has no score for it; with sub-bookmaker `*` possibly several (one per
   * sub-bookmaker).
   */
  readonly items: ReadonlyArray<Item>
  /** Served from a stored entry (false: fetched for this lookup, shared with a concurrent one, or not cached). */
  readonly cached: boolean
  /** Time since the answer was fetched from ITS (`Clock`), at the moment the lookup returned. */
  readonly ageMillis: number
}

/** How a model is cached. */
export interface ModelCachePolicy {
  /** false: pass-through (TTL 0). */
  readonly enabled: boolean
  readonly ttl: Duration.Duration
}

/** The result of one cached lookup: every requested account (deduplicated, in request order) plus totals. */
export class CachedScores<Item extends ScoredItem> {
  constructor(
    readonly model: ScoreModel,
    readonly accounts: ReadonlyArray<AccountScores<Item>>,
    /** Accounts served from the cache. */
    readonly hits: number,
    /** Accounts not served from the cache. */
    readonly misses: number,
    /** Upstream calls this lookup made (0 or 1). */
    readonly upstreamCalls: number,
    readonly policy: ModelCachePolicy
  ) {}

  /** Every item found, with its account kind. */
  get items(): ReadonlyArray<TypedItem<Item>> {
    return this.accounts.flatMap((account) => account.items.map((item) => ({ type: account.type, item })))
  }

  /** Requested accounts ITS has no score for. */
  get missing(): ReadonlyArray<ScoreKey> {
    return this.accounts.filter((account) => account.items.length === 0).map(({ type, id }) => ({ type, id }))
  }

  /** The (first) item of one account. */
  get(id: AccountId, type: EntityType = "C"): Option.Option<Item> {
    return Arr.head(this.all(id, type))
  }

  /** All items of one account (several with sub-bookmaker `*`). */
  all(id: AccountId, type: EntityType = "C"): ReadonlyArray<Item> {
    return this.accounts.find((account) => account.id === id && account.type === type)?.items ?? []
  }

  /** The oldest answer's age (0 when nothing was requested). */
  get maxAgeMillis(): number {
    return this.accounts.reduce((max, account) => Math.max(max, account.ageMillis), 0)
  }
}

/** Fetches the given (non-empty) accounts upstream. */
export type Fetch<Item, E> = (
  missing: Arr.NonEmptyReadonlyArray<ScoreKey>
) => Effect.Effect<ReadonlyArray<TypedItem<Item>>, E>

/** The model-agnostic cache the `ScoreCache` service is built on. */
export interface ScoreStore {
  readonly lookup: <Item extends ScoredItem, E>(
    model: ScoreModel,
    scope: ScoreScope,
    keys: ReadonlyArray<ScoreKey>,
    fetch: Fetch<Item, E>
  ) => Effect.Effect<CachedScores<Item>, E>
  readonly policy: (model: ScoreModel) => ModelCachePolicy
  /** Stored entries (fresh or not yet evicted). */
  readonly size: Effect.Effect<number>
  /** Keys with an upstream call in flight. */
  readonly inFlight: Effect.Effect<number>
  /** Drops every stored entry (in-flight calls still complete and store their answer). */
  readonly invalidateAll: Effect.Effect<void>
}

interface Entry {
  // Items of whichever model the key names; `lookup` reads them back with that model's item type.
  readonly items: ReadonlyArray<unknown>
  readonly fetchedAt: number
}

interface Pending<E> {
  readonly key: ScoreKey
  readonly slot: string
  readonly deferred: Deferred.Deferred<Entry, E>
}

const sameKey = (a: ScoreKey, b: ScoreKey) => a.type === b.type && a.id === b.id

/** Needs a `Scope`: in-flight upstream calls belong to it and are interrupted when it closes. */
export const makeScoreStore = (settings: ScoreCacheSettings): Effect.Effect<ScoreStore, never, Scope.Scope> =>
  Effect.gen(function* () {
    const fibers = yield* FiberSet.make<void, never>()
    // Insertion order is recency order: a hit re-inserts its entry, so the first key is the least recently used.
    const entries = new Map<string, Entry>()
    const inFlight = new Map<string, Deferred.Deferred<Entry, unknown>>()
    const totals = new Map<ScoreModel, { hits: number; misses: number }>()

    const policy = (model: ScoreModel): ModelCachePolicy => {
      const ttl = settings.ttl[model]
      return { enabled: Duration.toMillis(ttl) > 0, ttl }
    }

    // `|` cannot occur in the other parts, and the id comes last, so slots are unambiguous.
    const slotOf = (model: ScoreModel, scope: ScoreScope, key: ScoreKey) =>
      `${model}|${scope.bookmaker}|${scope.subBookmaker}|${key.type}|${key.id}`

    /** Stores an entry as the most recent; returns how many entries were evicted. */
    const store = (slot: string, entry: Entry): number => {
      entries.delete(slot)
      entries.set(slot, entry)
      let evicted = 0
      for (const oldest of entries.keys()) {
        if (entries.size <= settings.maxEntries) break
        entries.delete(oldest)
        evicted++
      }
      return evicted
    }

    const publishSize = (evicted: number) =>
      Effect.zipRight(
        evicted > 0 ? Metric.incrementBy(cacheEvictions, evicted) : Effect.void,
        Metric.set(cacheEntries, entries.size)
      )

    const record = (model: ScoreModel, hits: number, misses: number, upstreamCalls: number) =>
      Effect.suspend(() => {
        const total = totals.get(model) ?? { hits: 0, misses: 0 }
        total.hits += hits
        total.misses += misses
        totals.set(model, total)
        const tagged = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) => Metric.tagged(metric, "model", model)
        return Effect.all(
          [
            Metric.incrementBy(tagged(cacheHits), hits),
            Metric.incrementBy(tagged(cacheMisses), misses),
            Metric.incrementBy(tagged(cacheUpstreamCalls), upstreamCalls),
            // Without the cache this lookup would have made one call.
            Metric.incrementBy(tagged(cacheUpstreamCallsSaved), hits + misses > 0 && upstreamCalls === 0 ? 1 : 0),
            total.hits + total.misses > 0
              ? Metric.set(tagged(cacheHitRatio), total.hits / (total.hits + total.misses))
              : Effect.void
          ],
          { discard: true }
        )
      })

    const groupBySlot = <Item extends ScoredItem>(
      model: ScoreModel,
      scope: ScoreScope,
      items: ReadonlyArray<TypedItem<Item>>
    ) => {
      const bySlot = new Map<string, Array<Item>>()
      for (const { type, item } of items) {
        const slot = slotOf(model, scope, { type, id: item.id })
        const list = bySlot.get(slot)
        if (list === undefined) bySlot.set(slot, [item])
        else list.push(item)
      }
      return bySlot
    }

    const passThrough = <Item extends ScoredItem, E>(
      model: ScoreModel,
      scope: ScoreScope,
      keys: Arr.NonEmptyReadonlyArray<ScoreKey>,
      fetch: Fetch<Item, E>
    ) =>
      fetch(keys).pipe(
        Effect.map((items) => {
          const bySlot = groupBySlot(model, scope, items)
          const accounts = keys.map(
            (key): AccountScores<Item> => ({
              ...key,
              items: bySlot.get(slotOf(model, scope, key)) ?? [],
              cached: false,
              ageMillis: 0
            })
          )
          return new CachedScores(model, accounts, 0, keys.length, 1, policy(model))
        }),
        Effect.tap(() => record(model, 0, keys.length, 1))
      )

    /** Completes a fetch: stores the answers (misses included) or hands the failure to every waiter. */
    const settle = <Item extends ScoredItem, E>(
      model: ScoreModel,
      scope: ScoreScope,
      mine: Arr.NonEmptyReadonlyArray<Pending<E>>,
      exit: Exit.Exit<ReadonlyArray<TypedItem<Item>>, E>
    ) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.suspend(() => {
          const bySlot = Exit.isSuccess(exit) ? groupBySlot(model, scope, exit.value) : undefined
          let evicted = 0
          for (const { slot, deferred } of mine) {
            // `invalidateAll` may have dropped the slot and a newer lookup registered its own call.
            if (inFlight.get(slot) === deferred) inFlight.delete(slot)
            if (bySlot === undefined) {
              Deferred.unsafeDone(deferred, Exit.failCause((exit as Exit.Failure<unknown, E>).cause))
            } else {
              const entry: Entry = { items: bySlot.get(slot) ?? [], fetchedAt: now }
              evicted += store(slot, entry)
              Deferred.unsafeDone(deferred, Exit.succeed(entry))
            }
          }
          return publishSize(evicted)
        })
      )

    const lookup = <Item extends ScoredItem, E>(
      model: ScoreModel,
      scope: ScoreScope,
      requested: ReadonlyArray<ScoreKey>,
      fetch: Fetch<Item, E>
    ): Effect.Effect<CachedScores<Item>, E> => {
      const keys = Arr.dedupeWith(requested, sameKey)
      const modelPolicy = policy(model)
      if (!Arr.isNonEmptyReadonlyArray(keys)) return Effect.succeed(new CachedScores(model, [], 0, 0, 0, modelPolicy))
      if (!modelPolicy.enabled) return passThrough(model, scope, keys, fetch)
      const ttlMillis = Duration.toMillis(modelPolicy.ttl)

      // Deciding and registering must not be split by an interruption (a registered key nobody fetches would
      // block later lookups), so this part is uninterruptible; waiting afterwards is not.
      const plan = Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const fiberId = yield* Effect.fiberId
        // Synchronous: no other fiber can run between reading the maps and registering in them.
        const hits = new Map<string, Entry>()
        const waits: Array<Pending<E>> = []
        const mine: Array<Pending<E>> = []
        let expired = 0
        for (const key of keys) {
          const slot = slotOf(model, scope, key)
          const entry = entries.get(slot)
          if (entry !== undefined && now - entry.fetchedAt < ttlMillis) {
            store(slot, entry)
            hits.set(slot, entry)
            continue
          }
          if (entry !== undefined && entries.delete(slot)) expired++
          const running = inFlight.get(slot) as Deferred.Deferred<Entry, E> | undefined
          if (running !== undefined) {
            waits.push({ key, slot, deferred: running })
          } else {
            const deferred = Deferred.unsafeMake<Entry, E>(fiberId)
            inFlight.set(slot, deferred as Deferred.Deferred<Entry, unknown>)
            mine.push({ key, slot, deferred })
          }
        }
        if (Arr.isNonEmptyReadonlyArray(mine)) {
          const call = fetch(Arr.map(mine, ({ key }) => key)).pipe(
            Effect.withSpan("ScoreCache.upstream", { attributes: { model, accounts: mine.length } }),
            Effect.onExit((exit) => settle(model, scope, mine, exit)),
            Effect.exit,
            Effect.asVoid
          )
          // Forked inside an uninterruptible region the fiber would inherit it; the cache's scope must be able
          // to interrupt it on shutdown.
          yield* FiberSet.run(fibers, Effect.interruptible(call))
        }
        if (expired > 0) yield* publishSize(0)
        return { hits, pending: [...waits, ...mine], fetched: mine.length > 0 }
      }).pipe(Effect.uninterruptible)

      return Effect.gen(function* () {
        const { hits, pending, fetched } = yield* plan
        const answered = new Map<string, Entry>()
        for (const { slot, deferred } of pending) answered.set(slot, yield* Deferred.await(deferred))
        const now = yield* Clock.currentTimeMillis
        const accounts = keys.map((key): AccountScores<Item> => {
          const slot = slotOf(model, scope, key)
          const hit = hits.get(slot)
          const entry = hit ?? answered.get(slot)
          return {
            ...key,
            items: (entry?.items ?? []) as ReadonlyArray<Item>,
            cached: hit !== undefined,
            ageMillis: entry === undefined ? 0 : Math.max(0, now - entry.fetchedAt)
          }
        })
        const upstreamCalls = fetched ? 1 : 0
        yield* record(model, hits.size, pending.length, upstreamCalls)
        return new CachedScores(model, accounts, hits.size, pending.length, upstreamCalls, modelPolicy)
      })
    }

    yield* Metric.set(cacheEntries, 0)

    return {
      lookup,
      policy,
      size: Effect.sync(() => entries.size),
      inFlight: Effect.sync(() => inFlight.size),
      invalidateAll: Effect.suspend(() => {
        entries.clear()
        return publishSize(0)
      })
    } satisfies ScoreStore
  })

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
    policy: store.policy,
    size: store.size,
    invalidateAll: store.invalidateAll
  })
})

export class ScoreCache extends Context.Tag("@its/gateway/scores/ScoreCache")<ScoreCache, ScoreCacheShape>() {
  /** Wraps `Models`; settings from `ScoreCacheConfig`. In-flight upstream calls end with the layer's scope. */
  static readonly Live: Layer.Layer<ScoreCache, never, Models | ScoreCacheConfig> = Layer.scoped(ScoreCache, make)

  /** `Live` with the `SCORE_CACHE_*` keys (see `ScoreCacheConfig.ts`). */
  static readonly layer: Layer.Layer<ScoreCache, ConfigError.ConfigError, Models> = ScoreCache.Live.pipe(
    Layer.provide(ScoreCacheConfig.fromEnv)
  )

  /** `Live` with fixed settings (tests, or a gateway that computes them); TTLs given replace the defaults. */
  static readonly layerWith = (settings: Parameters<typeof ScoreCacheConfig.layer>[0] = {}) =>
    ScoreCache.Live.pipe(Layer.provide(ScoreCacheConfig.layer(settings)))
}
