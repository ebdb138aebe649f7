/**
 * The outbox's public data: `OutboxEntry` (a Schema, reused by the gateway's HttpApi definitions), its stats and
 * its errors.
 */
import { HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"

export const OutboxStatus = Schema.Literal("pending", "delivering", "delivered", "dead")
export type OutboxStatus = typeof OutboxStatus.Type

/** One ticket inform in the outbox. Times are ISO-8601 UTC strings. */
export const OutboxEntry = Schema.Struct({
  id: Schema.UUID,
  ticketId: Schema.String,
  /** The API consumer that enqueued it. */
  consumer: Schema.String,
  status: OutboxStatus,
  /** Delivery attempts started (a claim counts as an attempt, so a crash mid-delivery counts too). */
  attempts: Schema.Int,
  createdAt: Schema.String,
  updatedAt: Schema.String,
  /** When a pending entry is due (next retry). */
  nextAttemptAt: Schema.optional(Schema.String),
  deliveredAt: Schema.optional(Schema.String),
  lastError: Schema.optional(Schema.String),
  /** The `ticket-inform-reply` content as encoded JSON (decimals as strings), once delivered. */
  reply: Schema.optional(Schema.Unknown),
  /** Set on `enqueue` when an entry with this `ticketId` already existed (it is returned, nothing is written). */
  duplicate: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "OutboxEntry", description: "A ticket inform in the durable outbox" })

/** The answer to an inform (`POST /v1/tickets/inform`, `/v1/accounts/informs`): the entry, `202` once it is durable. */
export const InformAccepted = OutboxEntry.annotations(HttpApiSchema.annotations({ status: 202 }))
export interface OutboxEntry extends Schema.Schema.Type<typeof OutboxEntry> {}

export const isSettled = (entry: OutboxEntry): boolean => entry.status === "delivered" || entry.status === "dead"

export const OutboxStats = Schema.Struct({
  pending: Schema.Int,
  delivering: Schema.Int,
  delivered: Schema.Int,
  dead: Schema.Int,
  /** Age of the oldest pending or delivering entry; 0 when there is none. */
  oldestPendingAgeMillis: Schema.Number
}).annotations({ identifier: "OutboxStats" })
export interface OutboxStats extends Schema.Schema.Type<typeof OutboxStats> {}

/** The store (SQLite / PostgreSQL) failed or is unreachable. The message never carries the connection URL. */
export class OutboxStoreError extends Schema.TaggedError<OutboxStoreError>()("@its/gateway/OutboxStoreError", {
  operation: Schema.String,
  message: Schema.String
}) {}

/**
 * An inform for a ticketId the outbox already holds from another consumer, or with a different payload: not a
 * duplicate to acknowledge but a conflict (409). The other consumer's entry is not disclosed.
 */
export class OutboxConflict extends Schema.TaggedError<OutboxConflict>()("@its/gateway/OutboxConflict", {
  ticketId: Schema.String,
  reason: Schema.Literal("other-consumer", "different-payload")
}) {
  override get message(): string {
    return this.reason === "other-consumer"
      ? `ticket ${this.ticketId} was informed by another consumer`
      : `ticket ${this.ticketId} was already informed with a different payload`
  }
}

/** No outbox entry has this id. */
export class OutboxEntryNotFound extends Schema.TaggedError<OutboxEntryNotFound>()("@its/gateway/OutboxEntryNotFound", {
  id: Schema.String
}) {
  override get message(): string {
    return `no outbox entry with id ${this.id}`
  }
}
