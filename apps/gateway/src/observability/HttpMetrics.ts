/**
 * HTTP server metrics of the gateway (§5). The HTTP middleware calls `recordRequest` once per response.
 *
 * `route` must be the route *template* (`/v1/scores/lbs`, `/v1/tickets/:id`), never the raw path: ids in label
 * values would make the series count unbounded.
 *
 * Cache hit ratio is left to PromQL over `its_gateway_score_cache_{hits,misses}_total` (see
 * `scores/ScoreCacheMetrics.ts`, which also exports a since-start ratio gauge).
 */
import { Effect, Metric, MetricBoundaries, MetricLabel } from "effect"

export const httpRequests = Metric.counter("its_gateway_http_requests_total", {
  description: "HTTP requests served by the gateway, by route, method and status",
  incremental: true
})

/** 5 ms … 10 s: from cache hits to upstream calls that exhaust their retries. */
export const httpDurationBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const

export const httpRequestDuration = Metric.histogram(
  "its_gateway_http_request_duration_seconds",
  MetricBoundaries.fromIterable(httpDurationBoundaries),
  "HTTP request duration in seconds, by route and method"
)

/**
 * Records one served request. Synchronous (metric hooks update in place) so it can be called from any code path,
 * including a finalizer; `trackRequest` is the same as an effect.
 */
export const recordRequest = (route: string, method: string, status: number, durationMillis: number): void => {
  const routeLabel = MetricLabel.make("route", route)
  const methodLabel = MetricLabel.make("method", method.toUpperCase())
  httpRequests.unsafeUpdate(1, [routeLabel, methodLabel, MetricLabel.make("status", String(status))])
  httpRequestDuration.unsafeUpdate(Math.max(0, durationMillis) / 1000, [routeLabel, methodLabel])
}

/** `recordRequest` as an effect. */
export const trackRequest = (route: string, method: string, status: number, durationMillis: number) =>
  Effect.sync(() => recordRequest(route, method, status, durationMillis))
