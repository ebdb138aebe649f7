/**
 * What a `Tickets` operation can fail with. The split that matters to a caller: `InvalidTicket` and `NotSent` mean
 * nothing reached MTS (safe to fix or retry); `OutcomeUnknown` and `UnexpectedReply` mean it may have been processed.
 */
import { Schema } from "effect"
import { describeProblems, Problem } from "./Problem.ts"

/** The request broke the protocol's rules; nothing was sent. `problems` carry JSON paths and MTS-style codes. */
export class InvalidTicket extends Schema.TaggedError<InvalidTicket>()("@its/tickets/InvalidTicket", {
  operation: Schema.String,
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `${this.operation} not sent, the request is invalid: ${describeProblems(this.problems)}`
  }
}

/** MTS (the Data Plane Router) answered `error-reply` (§7.7), e.g. code 401 "Schema validation failed: …". */
export class ServerError extends Schema.TaggedError<ServerError>()("@its/tickets/ServerError", {
  operation: Schema.String,
  correlationId: Schema.String,
  code: Schema.Int,
  message: Schema.String
}) {}

/**
 * A reply that does not answer the request: another correlation id or operation, an unexpected content type, or a
 * shape that does not decode. Never silently accepted; the request's outcome is unknown.
 */
export class UnexpectedReply extends Schema.TaggedError<UnexpectedReply>()("@its/tickets/UnexpectedReply", {
  operation: Schema.String,
  correlationId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `unexpected reply to ${this.operation} ${this.correlationId}: ${this.reason}; outcome unknown`
  }
}

/**
 * The request was sent but no usable answer came back: no reply in time (`reason: "reply-timeout"`) or the
 * connection died first (`"connection-lost"`). MTS may or may not have processed it — for a ticket, its fate is
 * unknown; follow the docs' timeout handling (e.g. cancel it, or inform). Nothing was re-sent.
 *
 * After a `reply-timeout` the reply may still come: it is kept (bounded, `TicketsSettings.lateReplies`) and found
 * with `Tickets.lateReply(ticketId)` / `lateReplyTo(correlationId)` or seen on `Tickets.lateReplies`.
 */
export class OutcomeUnknown extends Schema.TaggedError<OutcomeUnknown>()("@its/tickets/OutcomeUnknown", {
  operation: Schema.String,
  correlationId: Schema.String,
  reason: Schema.Literal("reply-timeout", "connection-lost"),
  /** The reply timeout applied, for `reply-timeout`. */
  timeoutMillis: Schema.optional(Schema.Number),
  /** The ticket the request refers to, when it names one: the key of `Tickets.lateReply`. */
  ticketId: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  override get message(): string {
    const what =
      this.reason === "reply-timeout"
        ? `no reply within ${this.timeoutMillis ?? "?"} ms`
        : `connection lost before the reply (${this.detail})`
    const later =
      this.reason === "reply-timeout"
        ? `; a late reply is kept: Tickets.lateReply(${JSON.stringify(this.ticketId ?? "<ticketId>")}) or lateReplyTo(${JSON.stringify(this.correlationId)})`
        : ""
    return `${this.operation} ${this.correlationId}: ${what}; outcome unknown (it may or may not have been processed), not re-sent${later}`
  }
}

/** The transport refused the message before it left (too large, no connection in time, closed, …): safe to retry. */
export class NotSent extends Schema.TaggedError<NotSent>()("@its/tickets/NotSent", {
  operation: Schema.String,
  correlationId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.operation} ${this.correlationId} was not sent: ${this.reason}`
  }
}

/** `autoAck` was on and the ticket was accepted, but the ack failed. `reply` is the accepted ticket reply. */
export class AckFailed extends Schema.TaggedError<AckFailed>()("@its/tickets/AckFailed", {
  ticketId: Schema.String,
  signature: Schema.String,
  /** The accepted `ticket-reply` (its content). */
  reply: Schema.Unknown,
  cause: Schema.Unknown
}) {
  override get message(): string {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `ticket ${this.ticketId} was accepted but its ack failed: ${cause}`
  }
}

/** `Tickets.layer` needs `ITS_OPERATOR_ID`. */
export class MissingOperatorId extends Schema.TaggedError<MissingOperatorId>()("@its/tickets/MissingOperatorId", {}) {
  override get message(): string {
    return "ITS_OPERATOR_ID is not set: Transaction 3.0 requests need the operatorId Sportradar assigned"
  }
}

export type TicketsError = InvalidTicket | ServerError | UnexpectedReply | OutcomeUnknown | NotSent

/** For `catchTag`-free checks: whether a failure leaves the request's outcome unknown. */
export const isOutcomeUnknown = (error: unknown): error is OutcomeUnknown | UnexpectedReply =>
  error instanceof OutcomeUnknown || error instanceof UnexpectedReply
