/**
 * What the gateway returns for a cached score lookup. Items are `@its/models`' own Schemas, so scores travel as the
 * models' wire strings ("0.93" stays "0.93"); the cache adds per-account freshness and lookup totals.
 */
import { AccountId, BotItem, CcfItem, EntityType, LbsItem, MarkerItem, SccfItem, type ScoredItem } from "@its/models"
import { Duration, Schema } from "effect"
import type { CachedScores } from "./ScoreCache.ts"

/** Per requested account: found or not, served from the cache or not, and how old the answer is. */
export const ScoreAccountFreshness = Schema.Struct({
  id: AccountId,
  type: EntityType,
  /** ITS has at least one item for the account. */
  found: Schema.Boolean,
  /** Served from the cache (false: fetched for this request, or the model is not cached). */
  cached: Schema.Boolean,
  /** Seconds since the answer was fetched from ITS. */
  ageSeconds: Schema.NonNegative
}).annotations({ identifier: "ScoreAccountFreshness" })
export type ScoreAccountFreshness = typeof ScoreAccountFreshness.Type

/** Totals of one lookup. */
export const ScoreCacheStats = Schema.Struct({
  /** Whether this model is cached at all (CCF is live and not cached by default). */
  enabled: Schema.Boolean,
  ttlSeconds: Schema.NonNegative,
  /** Accounts served from the cache. */
  hits: Schema.NonNegativeInt,
  /** Accounts fetched upstream (by this request or a concurrent one it joined). */
  misses: Schema.NonNegativeInt,
  /** Upstream calls this request made (0 when everything was cached or shared). */
  upstreamCalls: Schema.NonNegativeInt,
  /** The oldest answer's age in seconds. */
  maxAgeSeconds: Schema.NonNegative
}).annotations({ identifier: "ScoreCacheStats" })
export type ScoreCacheStats = typeof ScoreCacheStats.Type

/** The response Schema of a cached lookup of one model. */
export const scoreLookupResponse = <A, I>(model: string, item: Schema.Schema<A, I>) =>
  Schema.Struct({
    items: Schema.Array(Schema.Struct({ type: EntityType, item })),
    /** Requested accounts ITS has no score for. */
    missing: Schema.Array(Schema.Struct({ type: EntityType, id: AccountId })),
    accounts: Schema.Array(ScoreAccountFreshness),
    cache: ScoreCacheStats
  }).annotations({ identifier: `${model}ScoreLookup` })

export const LbsScoreLookup = scoreLookupResponse("Lbs", LbsItem)
export type LbsScoreLookup = typeof LbsScoreLookup.Type
export const BotScoreLookup = scoreLookupResponse("Bot", BotItem)
export type BotScoreLookup = typeof BotScoreLookup.Type
export const MarkerScoreLookup = scoreLookupResponse("Marker", MarkerItem)
export type MarkerScoreLookup = typeof MarkerScoreLookup.Type
export const SccfScoreLookup = scoreLookupResponse("Sccf", SccfItem)
export type SccfScoreLookup = typeof SccfScoreLookup.Type
export const CcfScoreLookup = scoreLookupResponse("Ccf", CcfItem)
export type CcfScoreLookup = typeof CcfScoreLookup.Type

/** The decoded (`Type`) side of `scoreLookupResponse(…, Item)`. */
export interface ScoreLookupResponse<Item> {
  readonly items: ReadonlyArray<{ readonly type: EntityType; readonly item: Item }>
  readonly missing: ReadonlyArray<{ readonly type: EntityType; readonly id: AccountId }>
  readonly accounts: ReadonlyArray<ScoreAccountFreshness>
  readonly cache: ScoreCacheStats
}

const seconds = (millis: number) => millis / 1000

/** A `CachedScores` as the response's `Type`; the handler returns it and the Schema encodes the wire strings. */
export const toScoreLookupResponse = <Item extends ScoredItem>(
  result: CachedScores<Item>
): ScoreLookupResponse<Item> => ({
  items: result.items,
  missing: result.missing,
  accounts: result.accounts.map((account) => ({
    id: account.id,
    type: account.type,
    found: account.items.length > 0,
    cached: account.cached,
    ageSeconds: seconds(account.ageMillis)
  })),
  cache: {
    enabled: result.policy.enabled,
    ttlSeconds: seconds(Duration.toMillis(result.policy.ttl)),
    hits: result.hits,
    misses: result.misses,
    upstreamCalls: result.upstreamCalls,
    maxAgeSeconds: seconds(result.maxAgeMillis)
  }
})
