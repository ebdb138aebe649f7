/**
 * Outbox metrics (gateway §5), in the default Effect registry that `/metrics` renders. Gauges are refreshed by
 * `Outbox.stats` (so by every `/metrics` scrape) and every few seconds by the worker; counters by the worker.
 */
import { Metric } from "effect"

/** Entries not yet settled: pending plus being delivered. */
export const outboxDepth = Metric.gauge("its_gateway_outbox_depth", {
  description: "Ticket informs in the outbox not yet delivered (pending + delivering)"
})

/** Age of the oldest unsettled entry (0 when there is none). */
export const outboxOldestAge = Metric.gauge("its_gateway_outbox_oldest_age_seconds", {
  description: "Age in seconds of the oldest ticket inform not yet delivered"
})

/** Entries currently in the dead-letter state (admin re-queue needed). */
export const outboxDeadLetters = Metric.gauge("its_gateway_outbox_dead_letters", {
  description: "Ticket informs in the dead-letter state"
})

export const outboxEnqueued = Metric.counter("its_gateway_outbox_enqueued_total", {
  description: "Ticket informs written to the outbox (duplicates by ticketId not counted)",
  incremental: true
})

export const outboxDelivered = Metric.counter("its_gateway_outbox_delivered_total", {
  description: "Ticket informs delivered and their reply recorded by this instance",
  incremental: true
})

export const outboxFailures = Metric.counter("its_gateway_outbox_delivery_failures_total", {
  description: "Failed delivery attempts by this instance (retried or dead-lettered)",
  incremental: true
})

export const outboxDeadLettered = Metric.counter("its_gateway_outbox_dead_lettered_total", {
  description: "Ticket informs moved to the dead-letter state by this instance",
  incremental: true
})
