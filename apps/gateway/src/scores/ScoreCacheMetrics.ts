/**
 * Score cache metrics (gateway §3/§5), rendered by `/metrics` through the default Effect registry.
 *
 * Hit ratio: prefer PromQL over the counters, e.g.
 * `sum by (model) (rate(its_gateway_score_cache_hits_total[5m])) / (sum by (model) (rate(its_gateway_score_cache_hits_total[5m])) + sum by (model) (rate(its_gateway_score_cache_misses_total[5m])))`.
 * `its_gateway_score_cache_hit_ratio` is the same since process start, for dashboards without PromQL.
 */
import { Metric } from "effect"

/** Accounts answered from a stored, fresh entry. */
export const cacheHits = Metric.counter("its_gateway_score_cache_hits_total", {
  description: "Score lookups (per account) answered from the cache, by model",
  incremental: true
})

/** Accounts not in the cache (fetched by this lookup or by a concurrent one it joined), or the model is not cached. */
export const cacheMisses = Metric.counter("its_gateway_score_cache_misses_total", {
  description: "Score lookups (per account) not answered from the cache, by model",
  incremental: true
})

/**
 * Upstream calls the cache avoided: a lookup that needed any account counts 1 when it made no upstream call of its
 * own (every account was a hit or joined another lookup's in-flight call).
 */
export const cacheUpstreamCallsSaved = Metric.counter("its_gateway_score_cache_upstream_calls_saved_total", {
  description: "Upstream score calls avoided by the cache (hits and shared in-flight calls), by model",
  incremental: true
})

/** Upstream calls the cache did make (partial hits fetch only the missing accounts). */
export const cacheUpstreamCalls = Metric.counter("its_gateway_score_cache_upstream_calls_total", {
  description: "Upstream score calls made by the score cache, by model",
  incremental: true
})

/** Stored entries over all models (bounded by `SCORE_CACHE_MAX_ENTRIES`). */
export const cacheEntries = Metric.gauge("its_gateway_score_cache_entries", {
  description: "Entries held by the score cache"
})

/** Entries dropped to respect the bound. */
export const cacheEvictions = Metric.counter("its_gateway_score_cache_evictions_total", {
  description: "Score cache entries evicted (least recently used) to respect the size bound",
  incremental: true
})

/** hits / (hits + misses) since process start, by model. */
export const cacheHitRatio = Metric.gauge("its_gateway_score_cache_hit_ratio", {
  description: "Score cache hits / (hits + misses) since start, by model"
})
