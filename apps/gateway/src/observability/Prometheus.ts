/**
 * Prometheus text exposition format 0.0.4 for every metric in Effect's default registry — the gateway's own and the
 * ones the packages record (`its_auth_*`, `its_http_*`, `its_dataplane_*`, …).
 *
 * - counter → `counter`, gauge → `gauge`, histogram → `histogram` (`_bucket{le}` cumulative, `_sum`, `_count`),
 *   summary → `summary` (`{quantile}`, `_sum`, `_count`), frequency → `counter` with one series per occurrence
 *   key (label `key`).
 * - Names are sanitized to `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names to `[a-zA-Z_][a-zA-Z0-9_]*`; label values and
 *   HELP text are escaped as the format requires.
 * - Output is deterministic: families sorted by name, series by their label sets.
 */
import { Effect, Metric, MetricKeyType, type MetricPair, MetricState, Option } from "effect"

/** The content type of format 0.0.4 (the `/metrics` response header). */
export const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

type PromType = "counter" | "gauge" | "histogram" | "summary" | "untyped"

interface Sample {
  readonly suffix: string
  readonly labels: ReadonlyArray<readonly [string, string]>
  readonly value: number | bigint
}

interface Series {
  readonly labels: ReadonlyArray<readonly [string, string]>
  readonly samples: ReadonlyArray<Sample>
}

interface Family {
  readonly name: string
  readonly type: PromType
  readonly help: Option.Option<string>
  readonly series: Array<Series>
}

/** A valid metric name: invalid characters become `_`, a leading digit gets a `_` prefix. */
export const sanitizeMetricName = (name: string): string => {
  const replaced = name.replace(/[^a-zA-Z0-9_:]/g, "_")
  return replaced === "" ? "_" : /^[0-9]/.test(replaced) ? `_${replaced}` : replaced
}

/** A valid label name (no `:`); `__` is reserved for Prometheus, so such names get an extra prefix. */
export const sanitizeLabelName = (name: string): string => {
  const replaced = name.replace(/[^a-zA-Z0-9_]/g, "_")
  const safe = replaced === "" ? "_" : /^[0-9]/.test(replaced) ? `_${replaced}` : replaced
  return safe.startsWith("__") ? `tag${safe}` : safe
}

/** Label values: backslash, double quote and line feed are escaped. */
export const escapeLabelValue = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")

/** HELP text: backslash and line feed are escaped. */
export const escapeHelp = (text: string): string => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")

/** Go's float syntax as Prometheus parses it. */
export const formatValue = (value: number | bigint): string => {
  if (typeof value === "bigint") return value.toString()
  if (Number.isNaN(value)) return "NaN"
  if (value === Number.POSITIVE_INFINITY) return "+Inf"
  if (value === Number.NEGATIVE_INFINITY) return "-Inf"
  return String(value)
}

/**
 * Metrics Effect's runtime records itself (fiber counts and lifetimes, when runtime metrics are on), exported under
 * Prometheus conventions: `_total` counters, a gauge for the active fibers (it goes down too), lifetimes in seconds
 * (Effect records milliseconds with a `time_unit` label), and a HELP text each.
 */
interface Convention {
  readonly name: string
  readonly type?: PromType
  readonly help: string
  /** Multiplies histogram boundaries and sums (milliseconds → seconds). */
  readonly scale?: number
  readonly dropLabels?: ReadonlyArray<string>
}

export const conventions: ReadonlyMap<string, Convention> = new Map([
  ["effect_fiber_started", { name: "effect_fiber_started_total", help: "Fibers started" }],
  ["effect_fiber_successes", { name: "effect_fiber_successes_total", help: "Fibers that ended with a success" }],
  ["effect_fiber_failures", { name: "effect_fiber_failures_total", help: "Fibers that ended with a failure" }],
  ["effect_fiber_active", { name: "effect_fibers_active", type: "gauge", help: "Fibers running now" }],
  [
    "effect_fiber_lifetimes",
    {
      name: "effect_fiber_lifetime_seconds",
      help: "Fiber lifetimes in seconds",
      scale: 1 / 1000,
      dropLabels: ["time_unit"]
    }
  ]
])

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const labelText = (labels: ReadonlyArray<readonly [string, string]>): string =>
  labels.length === 0 ? "" : `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`

const typeOf = (pair: MetricPair.MetricPair.Untyped): PromType => {
  const keyType = pair.metricKey.keyType
  if (MetricKeyType.isCounterKey(keyType) || MetricKeyType.isFrequencyKey(keyType)) return "counter"
  if (MetricKeyType.isGaugeKey(keyType)) return "gauge"
  if (MetricKeyType.isHistogramKey(keyType)) return "histogram"
  if (MetricKeyType.isSummaryKey(keyType)) return "summary"
  return "untyped"
}

/** The series one metric key contributes (a frequency contributes one per occurrence key). */
const seriesOf = (pair: MetricPair.MetricPair.Untyped, convention?: Convention): ReadonlyArray<Series> => {
  // Later tags win on duplicate names, as in Effect's own tagging.
  const byName = new Map<string, string>()
  for (const tag of pair.metricKey.tags) byName.set(sanitizeLabelName(tag.key), tag.value)
  for (const label of convention?.dropLabels ?? []) byName.delete(label)
  const scale = convention?.scale ?? 1
  const base = [...byName.entries()].sort(([a], [b]) => compareText(a, b))
  const state = pair.metricState
  const withLabel = (name: string, value: string) => [...base.filter(([n]) => n !== name), [name, value] as const]

  if (MetricState.isCounterState(state))
    return [{ labels: base, samples: [{ suffix: "", labels: base, value: state.count }] }]
  if (MetricState.isGaugeState(state))
    return [{ labels: base, samples: [{ suffix: "", labels: base, value: state.value }] }]
  if (MetricState.isFrequencyState(state)) {
    return [...state.occurrences.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, count]) => {
        const labels = withLabel("key", key)
        return { labels, samples: [{ suffix: "", labels, value: count }] }
      })
  }
  if (MetricState.isHistogramState(state)) {
    const buckets: Array<Sample> = state.buckets
      .filter(([le]) => le !== Number.POSITIVE_INFINITY)
      .map(([le, count]) => ({ suffix: "_bucket", labels: withLabel("le", formatValue(le * scale)), value: count }))
    // `+Inf` is always the total count, whether or not the boundaries listed it.
    buckets.push({ suffix: "_bucket", labels: withLabel("le", "+Inf"), value: state.count })
    return [
      {
        labels: base,
        samples: [
          ...buckets,
          { suffix: "_sum", labels: base, value: state.sum * scale },
          { suffix: "_count", labels: base, value: state.count }
        ]
      }
    ]
  }
  if (MetricState.isSummaryState(state)) {
    return [
      {
        labels: base,
        samples: [
          ...state.quantiles.map(([quantile, value]) => ({
            suffix: "",
            labels: withLabel("quantile", formatValue(quantile)),
            value: Option.getOrElse(value, () => Number.NaN)
          })),
          { suffix: "_sum", labels: base, value: state.sum },
          { suffix: "_count", labels: base, value: state.count }
        ]
      }
    ]
  }
  return []
}

/**
 * Renders metric pairs (by default a snapshot of the default registry) as Prometheus text. Metric keys that share
 * a name (different tags, descriptions or boundaries) form one family. A name must have one type: keys are ordered
 * by (name, type, description) and the first decides the family's type and help; keys of another kind under the
 * same name are skipped.
 */
export const renderPrometheus = (pairs: Iterable<MetricPair.MetricPair.Untyped> = Metric.unsafeSnapshot()): string => {
  const keyed = [...pairs]
    .map((pair) => {
      const convention = conventions.get(pair.metricKey.name)
      return {
        pair,
        convention,
        name: sanitizeMetricName(convention?.name ?? pair.metricKey.name),
        type: convention?.type ?? typeOf(pair),
        help: convention === undefined ? pair.metricKey.description : Option.some(convention.help)
      }
    })
    .sort(
      (a, b) =>
        compareText(a.name, b.name) ||
        compareText(a.type, b.type) ||
        compareText(
          Option.getOrElse(a.help, () => "\uffff"),
          Option.getOrElse(b.help, () => "\uffff")
        )
    )
  const families = new Map<string, Family>()
  for (const { pair, convention, name, type, help } of keyed) {
    const family = families.get(name)
    if (family === undefined) families.set(name, { name, type, help, series: [...seriesOf(pair, convention)] })
    else if (family.type === type) family.series.push(...seriesOf(pair, convention))
  }

  const lines: Array<string> = []
  for (const family of families.values()) {
    if (Option.isSome(family.help)) lines.push(`# HELP ${family.name} ${escapeHelp(family.help.value)}`)
    lines.push(`# TYPE ${family.name} ${family.type}`)
    const series = family.series.map((s) => ({ key: labelText(s.labels), s })).sort((a, b) => compareText(a.key, b.key))
    for (const { s } of series) {
      for (const sample of s.samples) {
        lines.push(`${family.name}${sample.suffix}${labelText(sample.labels)} ${formatValue(sample.value)}`)
      }
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`
}

/** `renderPrometheus` over `Metric.snapshot` (the registry read as an effect). */
export const prometheusText: Effect.Effect<string> = Effect.map(Metric.snapshot, (pairs) => renderPrometheus(pairs))
