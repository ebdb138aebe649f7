/**
 * What a score cache lookup returns: per requested account its items, whether they came from the cache and how old
 * they are, plus the lookup's totals (`CachedScores`). Shared by the store (`ScoreStore.ts`), the service
 * (`ScoreCache.ts`) and the response shape (`ScoreLookupResponse.ts`).
 */
import type { AccountId, EntityType, ScoredItem } from "@its/models"
import { Array as Arr, type Duration, type Effect, type Option } from "effect"
import type { ScoreModel } from "./ScoreCacheConfig.ts"

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
