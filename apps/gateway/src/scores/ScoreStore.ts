/**
 * The score cache's store (gateway §3): per-account answers of the key-value score APIs, keyed by
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
import type { ScoredItem, ScoreScope } from "@its/models"
import { Array as Arr, Clock, Deferred, Duration, Effect, Exit, FiberSet, Metric, type Scope } from "effect"
import {
  type AccountScores,
  CachedScores,
  type Fetch,
  type ModelCachePolicy,
  type ScoreKey,
  type TypedItem
} from "./CachedScores.ts"
import { type ScoreCacheSettings, type ScoreModel, scoreModels } from "./ScoreCacheConfig.ts"
import {
  cacheEntries,
  cacheEvictions,
  cacheHitRatio,
  cacheHits,
  cacheMisses,
  cacheUpstreamCalls,
  cacheUpstreamCallsSaved
} from "./ScoreCacheMetrics.ts"

/** The model-agnostic cache the `ScoreCache` service is built on. */
export interface ScoreStore {
  readonly lookup: <Item extends ScoredItem, E>(
    model: ScoreModel,
    scope: ScoreScope,
    keys: ReadonlyArray<ScoreKey>,
    fetch: Fetch<Item, E>
  ) => Effect.Effect<CachedScores<Item>, E>
  /**
   * The cache-only answer, synchronously: when every requested account has a fresh entry at `now`, a function that
   * serves them exactly as `lookup` serves an all-hit lookup (recency, metrics); otherwise `undefined`, and nothing
   * changed. Two steps, so a caller can check something else (a rate limit) between finding and serving.
   */
  readonly freshHit: <Item extends ScoredItem>(
    model: ScoreModel,
    scope: ScoreScope,
    keys: ReadonlyArray<ScoreKey>,
    now: number
  ) => (() => CachedScores<Item>) | undefined
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

    // Settings are fixed for the layer's life: policies and tagged metrics are built once, not per lookup.
    const policies = new Map(
      scoreModels.map((model): [ScoreModel, ModelCachePolicy] => {
        const ttl = settings.ttl[model]
        return [model, { enabled: Duration.toMillis(ttl) > 0, ttl }]
      })
    )
    const policy = (model: ScoreModel): ModelCachePolicy => policies.get(model)!
    const metricsOf = new Map(
      scoreModels.map((model) => {
        const tagged = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) => Metric.tagged(metric, "model", model)
        return [
          model,
          {
            hits: tagged(cacheHits),
            misses: tagged(cacheMisses),
            upstreamCalls: tagged(cacheUpstreamCalls),
            saved: tagged(cacheUpstreamCallsSaved),
            ratio: tagged(cacheHitRatio),
            totals: { hits: 0, misses: 0 } as { hits: number; misses: number }
          }
        ] as const
      })
    )

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

    /** Updates the lookup metrics in place (synchronous: the fast lookup path runs outside any fiber). */
    const recordNow = (model: ScoreModel, hits: number, misses: number, upstreamCalls: number) => {
      const m = metricsOf.get(model)!
      m.totals.hits += hits
      m.totals.misses += misses
      m.hits.unsafeUpdate(hits, [])
      m.misses.unsafeUpdate(misses, [])
      m.upstreamCalls.unsafeUpdate(upstreamCalls, [])
      // Without the cache this lookup would have made one call.
      m.saved.unsafeUpdate(hits + misses > 0 && upstreamCalls === 0 ? 1 : 0, [])
      const seen = m.totals.hits + m.totals.misses
      if (seen > 0) m.ratio.unsafeUpdate(m.totals.hits / seen, [])
    }
    const record = (model: ScoreModel, hits: number, misses: number, upstreamCalls: number) =>
      Effect.sync(() => recordNow(model, hits, misses, upstreamCalls))

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

    const freshHit = <Item extends ScoredItem>(
      model: ScoreModel,
      scope: ScoreScope,
      requested: ReadonlyArray<ScoreKey>,
      now: number
    ): (() => CachedScores<Item>) | undefined => {
      const modelPolicy = policy(model)
      if (!modelPolicy.enabled || requested.length === 0) return undefined
      const keys = Arr.dedupeWith(requested, sameKey)
      const ttlMillis = Duration.toMillis(modelPolicy.ttl)
      const slots: Array<string> = []
      const found: Array<Entry> = []
      for (const key of keys) {
        const slot = slotOf(model, scope, key)
        const entry = entries.get(slot)
        if (entry === undefined || now - entry.fetchedAt >= ttlMillis) return undefined
        slots.push(slot)
        found.push(entry)
      }
      return () => {
        const accounts = keys.map((key, i): AccountScores<Item> => {
          const entry = found[i]!
          store(slots[i]!, entry)
          return {
            ...key,
            items: entry.items as ReadonlyArray<Item>,
            cached: true,
            ageMillis: Math.max(0, now - entry.fetchedAt)
          }
        })
        recordNow(model, keys.length, 0, 0)
        return new CachedScores(model, accounts, keys.length, 0, 0, modelPolicy)
      }
    }

    return {
      lookup,
      freshHit,
      policy,
      size: Effect.sync(() => entries.size),
      inFlight: Effect.sync(() => inFlight.size),
      invalidateAll: Effect.suspend(() => {
        entries.clear()
        return publishSize(0)
      })
    } satisfies ScoreStore
  })
