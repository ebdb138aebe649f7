/** The metrics of `ItsHttp`: physical attempts and retries of ITS REST calls. */
import { Metric } from "effect"
import type { ItsApi } from "./Assumptions.ts"

/** Physical attempts, tagged `api`, `method`, `outcome` (an HTTP status, `network` or `timeout`). */
export const httpAttempts = Metric.counter("its_http_attempts_total", {
  description: "Physical ITS REST attempts by API, method and outcome",
  incremental: true
})

/** Retries scheduled after a transient failure, tagged `api`. */
export const httpRetries = Metric.counter("its_http_retries_total", {
  description: "ITS REST retries after transient failures, by API",
  incremental: true
})

/**
 * `its_http_attempts_total` for one series, built once: a tagged metric made per request would build its key and
 * look the series up in the registry on every call. Bounded: APIs, methods and outcomes are few.
 */
const attemptSeries = new Map<string, Metric.Metric.Counter<number>>()
export const attemptsOf = (api: ItsApi, method: string, outcome: string) => {
  const series = `${api} ${method} ${outcome}`
  let metric = attemptSeries.get(series)
  if (metric === undefined) {
    metric = httpAttempts.pipe(
      Metric.tagged("api", api),
      Metric.tagged("method", method),
      Metric.tagged("outcome", outcome)
    )
    attemptSeries.set(series, metric)
  }
  return metric
}
