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

interface Labels {
  readonly counter: ReadonlyArray<MetricLabel.MetricLabel>
  readonly histogram: ReadonlyArray<MetricLabel.MetricLabel>
}

// The same label arrays for the same series: Effect caches a metric's hook per label *array* (by identity), so a
// fresh array per request would build a metric key and look the series up in the registry every time. Bounded:
// routes are templates, methods and statuses few.
const labelsBySeries = new Map<string, Labels>()

const labelsOf = (route: string, method: string, status: number): Labels => {
  const series = `${route} ${method} ${status}`
  let labels = labelsBySeries.get(series)
  if (labels === undefined) {
    const routeLabel = MetricLabel.make("route", route)
    const methodLabel = MetricLabel.make("method", method.toUpperCase())
    labels = {
      counter: [routeLabel, methodLabel, MetricLabel.make("status", String(status))],
      histogram: [routeLabel, methodLabel]
    }
    labelsBySeries.set(series, labels)
  }
  return labels
}

/**
 * Records one served request. Synchronous (metric hooks update in place) so it can be called from any code path,
 * including a finalizer; `trackRequest` is the same as an effect.
 */
export const recordRequest = (route: string, method: string, status: number, durationMillis: number): void => {
  const labels = labelsOf(route, method, status)
  httpRequests.unsafeUpdate(1, labels.counter)
  httpRequestDuration.unsafeUpdate(Math.max(0, durationMillis) / 1000, labels.histogram)
}

/** `recordRequest` as an effect. */
export const trackRequest = (route: string, method: string, status: number, durationMillis: number) =>
  Effect.sync(() => recordRequest(route, method, status, durationMillis))
