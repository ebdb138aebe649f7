import { describe, expect, it } from "@effect/vitest"
import { Effect, Metric, MetricBoundaries } from "effect"
import { recordRequest } from "../../src/observability/HttpMetrics.ts"
import {
  escapeLabelValue,
  formatValue,
  prometheusText,
  renderPrometheus,
  sanitizeLabelName,
  sanitizeMetricName
} from "../../src/observability/Prometheus.ts"

// Metrics live in the process-wide registry: each test uses its own names and renders only those.
const only = (prefix: string) =>
  Effect.map(Metric.snapshot, (pairs) => renderPrometheus(pairs.filter((p) => p.metricKey.name.startsWith(prefix))))

describe("Prometheus text format", () => {
  it("sanitizes names and escapes values", () => {
    expect(sanitizeMetricName("its.gateway-latency:seconds")).toBe("its_gateway_latency:seconds")
    expect(sanitizeMetricName("9lives")).toBe("_9lives")
    expect(sanitizeLabelName("sub:bookmaker")).toBe("sub_bookmaker")
    expect(sanitizeLabelName("1st")).toBe("_1st")
    expect(sanitizeLabelName("__name__")).toBe("tag__name__")
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd')
    expect([1, 0.25, 1e21, Number.NaN, Infinity, -Infinity, 12n].map(formatValue)).toEqual([
      "1",
      "0.25",
      "1e+21",
      "NaN",
      "+Inf",
      "-Inf",
      "12"
    ])
  })

  it.effect("golden: counter, gauge, histogram, frequency and summary with tags and escaping", () =>
    Effect.gen(function* () {
      const requests = Metric.counter("golden_requests_total", {
        description: 'Requests with a "quote", a \\ backslash\nand a newline',
        incremental: true
      })
      yield* Metric.incrementBy(Metric.tagged(Metric.tagged(requests, "route", "/v1/b"), "method", "GET"), 2)
      yield* Metric.increment(Metric.tagged(Metric.tagged(requests, "route", '/v1/"a"\\x\ny'), "method", "GET"))

      const depth = Metric.gauge("golden.outbox-depth", { description: "Outbox depth" })
      yield* Metric.set(Metric.tagged(depth, "1st:queue", "main"), 2.5)

      const latency = Metric.histogram(
        "golden_latency_seconds",
        MetricBoundaries.fromIterable([0.1, 1]),
        "Latency"
      ).pipe(Metric.tagged("api", "lbs"))
      for (const value of [0.05, 0.1, 0.5, 3]) yield* Metric.update(latency, value)

      const words = Metric.frequency("golden_outcomes", { description: "Outcomes" })
      for (const word of ["ok", "ok", 'fail"ed']) yield* Metric.update(words, word)

      const sizes = Metric.summary({
        name: "golden_sizes",
        maxAge: "1 hour",
        maxSize: 100,
        error: 0,
        quantiles: [0.5, 1],
        description: "Sizes"
      })
      for (const value of [1, 2, 3]) yield* Metric.update(sizes, value)

      const bare = Metric.counter("golden_bare_total")
      yield* Metric.increment(bare)

      expect(yield* only("golden")).toBe(
        [
          "# TYPE golden_bare_total counter",
          "golden_bare_total 1",
          "# HELP golden_latency_seconds Latency",
          "# TYPE golden_latency_seconds histogram",
          'golden_latency_seconds_bucket{api="lbs",le="0.1"} 2',
          'golden_latency_seconds_bucket{api="lbs",le="1"} 3',
          'golden_latency_seconds_bucket{api="lbs",le="+Inf"} 4',
          'golden_latency_seconds_sum{api="lbs"} 3.65',
          'golden_latency_seconds_count{api="lbs"} 4',
          "# HELP golden_outbox_depth Outbox depth",
          "# TYPE golden_outbox_depth gauge",
          'golden_outbox_depth{_1st_queue="main"} 2.5',
          "# HELP golden_outcomes Outcomes",
          "# TYPE golden_outcomes counter",
          'golden_outcomes{key="fail\\"ed"} 1',
          'golden_outcomes{key="ok"} 2',
          '# HELP golden_requests_total Requests with a "quote", a \\\\ backslash\\nand a newline',
          "# TYPE golden_requests_total counter",
          'golden_requests_total{method="GET",route="/v1/\\"a\\"\\\\x\\ny"} 1',
          'golden_requests_total{method="GET",route="/v1/b"} 2',
          "# HELP golden_sizes Sizes",
          "# TYPE golden_sizes summary",
          // Effect's summary estimate of the median of [1, 2, 3] (error 0) is the lower sample.
          'golden_sizes{quantile="0.5"} 1',
          'golden_sizes{quantile="1"} 3',
          "golden_sizes_sum 6",
          "golden_sizes_count 3",
          ""
        ].join("\n")
      )
    })
  )

  it.effect("the same name under different tags is one family; output is stable", () =>
    Effect.gen(function* () {
      const calls = Metric.counter("family_calls_total", { description: "Calls", incremental: true })
      for (const api of ["rg", "lbs", "ccf"]) yield* Metric.increment(Metric.tagged(calls, "api", api))
      const text = yield* only("family_")
      expect(text.match(/# TYPE/g)?.length).toBe(1)
      expect(text.split("\n").filter((line) => line.startsWith("family_calls_total"))).toEqual([
        'family_calls_total{api="ccf"} 1',
        'family_calls_total{api="lbs"} 1',
        'family_calls_total{api="rg"} 1'
      ])
      expect(yield* only("family_")).toBe(text)
    })
  )

  it.effect("renders the default registry, including the HTTP metrics", () =>
    Effect.gen(function* () {
      recordRequest("/v1/scores/lbs", "get", 200, 12)
      recordRequest("/v1/scores/lbs", "GET", 200, 20_000)
      recordRequest("/v1/scores/lbs", "GET", 503, 3)
      const text = yield* prometheusText
      expect(text).toBe(renderPrometheus())
      expect(text).toContain("# TYPE its_gateway_http_requests_total counter\n")
      expect(text).toContain('its_gateway_http_requests_total{method="GET",route="/v1/scores/lbs",status="200"} 2\n')
      expect(text).toContain('its_gateway_http_requests_total{method="GET",route="/v1/scores/lbs",status="503"} 1\n')
      expect(text).toContain("# TYPE its_gateway_http_request_duration_seconds histogram\n")
      const bucket = (le: string) =>
        `its_gateway_http_request_duration_seconds_bucket{method="GET",route="/v1/scores/lbs",le="${le}"}`
      expect(text).toContain(`${bucket("0.005")} 1\n`)
      expect(text).toContain(`${bucket("0.025")} 2\n`)
      expect(text).toContain(`${bucket("10")} 2\n`)
      expect(text).toContain(`${bucket("+Inf")} 3\n`)
      expect(text).toContain('its_gateway_http_request_duration_seconds_count{method="GET",route="/v1/scores/lbs"} 3\n')
      // Every sample line is `name{labels} value` in the exposition grammar.
      for (const line of text.trimEnd().split("\n")) {
        expect(line).toMatch(/^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+)$/)
      }
    })
  )
})
