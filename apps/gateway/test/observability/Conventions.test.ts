/**
 * Effect's runtime metrics are exported under Prometheus conventions (what `promtool check metrics` asks for):
 * `_total` counters with HELP, the active-fiber count as a gauge, lifetimes in seconds without a `time_unit` label.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Metric, MetricBoundaries, MetricKey, MetricPair, MetricState } from "effect"
import { renderPrometheus } from "../../src/observability/Prometheus.ts"

describe("Prometheus conventions for Effect's runtime metrics", () => {
  it("renames, retypes and rescales them", () => {
    const started = MetricPair.unsafeMake(MetricKey.counter("effect_fiber_started"), MetricState.counter(3))
    const active = MetricPair.unsafeMake(MetricKey.counter("effect_fiber_active"), MetricState.counter(2))
    const lifetimes = MetricPair.unsafeMake(
      MetricKey.tagged(
        MetricKey.histogram("effect_fiber_lifetimes", MetricBoundaries.fromIterable([500])),
        "time_unit",
        "milliseconds"
      ),
      MetricState.histogram({
        buckets: [
          [500, 1],
          [Number.POSITIVE_INFINITY, 2]
        ],
        count: 2,
        min: 100,
        max: 1500,
        sum: 1600
      })
    )
    const text = renderPrometheus([started, active, lifetimes] as Array<MetricPair.MetricPair.Untyped>)
    expect(text.split("\n")).toEqual([
      "# HELP effect_fiber_lifetime_seconds Fiber lifetimes in seconds",
      "# TYPE effect_fiber_lifetime_seconds histogram",
      'effect_fiber_lifetime_seconds_bucket{le="0.5"} 1',
      'effect_fiber_lifetime_seconds_bucket{le="+Inf"} 2',
      "effect_fiber_lifetime_seconds_sum 1.6",
      "effect_fiber_lifetime_seconds_count 2",
      "# HELP effect_fiber_started_total Fibers started",
      "# TYPE effect_fiber_started_total counter",
      "effect_fiber_started_total 3",
      "# HELP effect_fibers_active Fibers running now",
      "# TYPE effect_fibers_active gauge",
      "effect_fibers_active 2",
      ""
    ])
  })

  it.effect("other metrics keep their names", () =>
    Effect.gen(function* () {
      yield* Metric.increment(Metric.counter("conventions_other_total"))
      const pairs = yield* Metric.snapshot
      expect(renderPrometheus(pairs.filter((p) => p.metricKey.name === "conventions_other_total"))).toContain(
        "conventions_other_total 1"
      )
    })
  )
})
