/**
 * What the data plane counts: `DataPlaneStats` (per channel, from `DataPlane.stats`) and the `its_dataplane_*`
 * metrics. Metric series are resolved once and updated in place (`unsafeUpdate`) from the event loop: an update is a
 * function call, not a forked fiber.
 */
import type { MetricLabel } from "effect"
import { Metric } from "effect"

export interface DataPlaneStats {
  /** A connection is open and accepting requests. */
  readonly connected: boolean
  /** Sent and waiting for a reply. */
  readonly inFlight: number
  readonly sent: number
  /** Replies paired with a waiting request. */
  readonly replies: number
  /** Replies whose `correlationId` nobody waits for (late after a timeout, unknown, or missing). */
  readonly unmatchedReplies: number
  /** Frames that are not a JSON object. */
  readonly invalidFrames: number
  /** Requests failed with `ConnectionLost`. */
  readonly connectionLost: number
  /** Requests failed with `ReplyTimeout`. */
  readonly timeouts: number
  /** Requests refused before sending (too large, invalid, duplicate correlationId). */
  readonly rejected: number
  /** Connections opened (first, reconnects and rotations). */
  readonly connects: number
  readonly connectFailures: number
  /** Unexpected closes of the active connection. */
  readonly drops: number
  /** Proactive replacements (age or token expiry). */
  readonly rotations: number
}

export type Counter = Exclude<keyof DataPlaneStats, "connected" | "inFlight">

export const emptyStats: DataPlaneStats = {
  connected: false,
  inFlight: 0,
  sent: 0,
  replies: 0,
  unmatchedReplies: 0,
  invalidFrames: 0,
  connectionLost: 0,
  timeouts: 0,
  rejected: 0,
  connects: 0,
  connectFailures: 0,
  drops: 0,
  rotations: 0
}

const requestsMetric = Metric.counter("its_dataplane_requests_total", {
  description: "Data-plane requests by outcome (reply, connection_lost, timeout, rejected)",
  incremental: true
})
const framesMetric = Metric.counter("its_dataplane_ignored_frames_total", {
  description: "Incoming data-plane frames nobody waited for, by kind (unmatched, invalid)",
  incremental: true
})
const connectionsMetric = Metric.counter("its_dataplane_connections_total", {
  description: "Data-plane connection events (opened, failed, dropped, rotated)",
  incremental: true
})
const inFlightMetric = Metric.gauge("its_dataplane_in_flight", {
  description: "Data-plane requests sent and waiting for a reply"
})

/** The metric series each counter also feeds (the `sent` counter has none). */
const seriesOf: Record<Counter, Metric.Metric.Counter<number> | undefined> = {
  sent: undefined,
  replies: Metric.tagged(requestsMetric, "outcome", "reply"),
  connectionLost: Metric.tagged(requestsMetric, "outcome", "connection_lost"),
  timeouts: Metric.tagged(requestsMetric, "outcome", "timeout"),
  rejected: Metric.tagged(requestsMetric, "outcome", "rejected"),
  unmatchedReplies: Metric.tagged(framesMetric, "kind", "unmatched"),
  invalidFrames: Metric.tagged(framesMetric, "kind", "invalid"),
  connects: Metric.tagged(connectionsMetric, "event", "opened"),
  connectFailures: Metric.tagged(connectionsMetric, "event", "failed"),
  drops: Metric.tagged(connectionsMetric, "event", "dropped"),
  rotations: Metric.tagged(connectionsMetric, "event", "rotated")
}

/** Counters of one channel, mirrored into the metrics with the labels in force when the channel was built. */
export class StatsCounters {
  private readonly counts: Record<Counter, number> = { ...emptyStats }
  private lastInFlight = -1

  constructor(private readonly labels: ReadonlyArray<MetricLabel.MetricLabel>) {}

  add(counter: Counter, n = 1): void {
    this.counts[counter] += n
    seriesOf[counter]?.unsafeUpdate(n, this.labels)
  }

  /** The gauge is set when the number changed (once per batch of events, not per message). */
  inFlight(n: number): void {
    if (n === this.lastInFlight) return
    this.lastInFlight = n
    inFlightMetric.unsafeUpdate(n, this.labels)
  }

  snapshot(connected: boolean, inFlight: number): DataPlaneStats {
    return { ...this.counts, connected, inFlight }
  }
}
