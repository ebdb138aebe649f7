/**
 * Typed failures of the transport. None carries a header, a token or a secret; HTTP errors name the API, the
 * method, the URL without its query string (queries carry customer ids) and the request id, so a log line can be
 * matched with the upstream's logs. Body excerpts are short and whitespace-collapsed.
 */
import type { TokenError } from "@its/auth"
import { Schema } from "effect"

const RequestInfo = {
  /** Which ITS API (`lbs`, `bot`, …). */
  api: Schema.String,
  method: Schema.String,
  /** Origin + path, never the query string. */
  url: Schema.String,
  /** The `X-Request-Id` sent with the call. */
  requestId: Schema.String
}

const where = (e: { readonly api: string; readonly method: string; readonly url: string }) =>
  `ITS ${e.api} ${e.method} ${e.url}`

/** The API refused our token twice: once with the cached token, once with a freshly fetched one. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  ...RequestInfo,
  excerpt: Schema.String
}) {
  override get message() {
    return `${where(this)}: HTTP 401 Unauthorized even with a freshly fetched token (check credentials and the REST audience)`
  }
}

/** HTTP 403: the service account is not allowed to use this API or resource. Not retried. */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  ...RequestInfo,
  excerpt: Schema.String
}) {
  override get message() {
    return `${where(this)}: HTTP 403 Forbidden (the service account is not entitled to this API or resource)`
  }
}

/** HTTP 429 that retries did not overcome (or a `Retry-After` longer than we are willing to wait). */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  ...RequestInfo,
  attempts: Schema.Number,
  /** The server's `Retry-After`, when it sent one. */
  retryAfterMillis: Schema.optional(Schema.Number)
}) {
  override get message() {
    const after = this.retryAfterMillis === undefined ? "" : `; retry after ${this.retryAfterMillis} ms`
    return `${where(this)}: HTTP 429 Too Many Requests after ${this.attempts} attempt(s)${after}`
  }
}

/** No response within the per-request timeout (after any retries). */
export class Timeout extends Schema.TaggedError<Timeout>()("Timeout", {
  ...RequestInfo,
  attempts: Schema.Number,
  timeoutMillis: Schema.Number
}) {
  override get message() {
    return `${where(this)}: no response within ${this.timeoutMillis} ms (attempt ${this.attempts})`
  }
}

/** Network failure or 408/500/502/503/504 that retries did not overcome (or the request was not retryable). */
export class UpstreamUnavailable extends Schema.TaggedError<UpstreamUnavailable>()("UpstreamUnavailable", {
  ...RequestInfo,
  attempts: Schema.Number,
  /** Absent for network failures. */
  status: Schema.optional(Schema.Number),
  reason: Schema.String,
  retryAfterMillis: Schema.optional(Schema.Number)
}) {
  override get message() {
    const status = this.status === undefined ? "" : ` HTTP ${this.status}`
    return `${where(this)}: upstream unavailable${status} after ${this.attempts} attempt(s): ${this.reason}`
  }
}

/** A status the caller did not expect (e.g. 400, 404) from `execute`/`executeJson`. */
export class UnexpectedStatus extends Schema.TaggedError<UnexpectedStatus>()("UnexpectedStatus", {
  ...RequestInfo,
  status: Schema.Number,
  excerpt: Schema.String
}) {
  override get message() {
    return `${where(this)}: unexpected HTTP ${this.status}${this.excerpt === "" ? "" : `: ${this.excerpt}`}`
  }
}

/** The body is not JSON or does not match the expected Schema. `problems` name JSON paths (`$.items[0].lbs`). */
export class DecodeFailed extends Schema.TaggedError<DecodeFailed>()("DecodeFailed", {
  api: Schema.String,
  method: Schema.String,
  url: Schema.String,
  /** The `X-Request-Id` of the call, when the request went through `ItsHttp`. */
  requestId: Schema.optional(Schema.String),
  status: Schema.Number,
  problems: Schema.Array(Schema.String),
  /** The first characters of the body; never headers. */
  excerpt: Schema.String
}) {
  override get message() {
    return `${where(this)}: cannot decode the HTTP ${this.status} body: ${this.problems.join("; ")} (body starts: ${this.excerpt})`
  }
}

/** Everything an ITS REST call can fail with, token failures of `@its/auth` included. */
export type ItsHttpError =
  | Unauthorized
  | Forbidden
  | RateLimited
  | Timeout
  | UpstreamUnavailable
  | UnexpectedStatus
  | TokenError

// ---------------------------------------------------------------------------------------------------------------
// Data plane (Transaction 3.0 WebSocket)

/** The serialized message exceeds the data plane's limit (128 000 bytes UTF-8); nothing was sent. */
export class MessageTooLarge extends Schema.TaggedError<MessageTooLarge>()("MessageTooLarge", {
  correlationId: Schema.String,
  operation: Schema.String,
  bytes: Schema.Number,
  limit: Schema.Number
}) {
  override get message() {
    return `data-plane message ${this.operation} ${this.correlationId} is ${this.bytes} bytes (UTF-8), over the ${this.limit}-byte limit; not sent`
  }
}

/** The message cannot be sent as is: no string `correlationId`/`operation`, or not JSON-serializable. */
export class InvalidMessage extends Schema.TaggedError<InvalidMessage>()("InvalidMessage", {
  reason: Schema.String
}) {
  override get message() {
    return `invalid data-plane message, not sent: ${this.reason}`
  }
}

/** Another request with the same `correlationId` is still waiting for its reply; nothing was sent. */
export class DuplicateCorrelationId extends Schema.TaggedError<DuplicateCorrelationId>()("DuplicateCorrelationId", {
  correlationId: Schema.String
}) {
  override get message() {
    return `a data-plane request with correlationId ${this.correlationId} is already in flight; not sent`
  }
}

/**
 * The connection that carried the request closed before its reply arrived. The message was sent, so MTS may or
 * may not have processed it; the channel never re-sends by itself (a duplicate ticket is worse than an error).
 */
export class ConnectionLost extends Schema.TaggedError<ConnectionLost>()("ConnectionLost", {
  correlationId: Schema.String,
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `data-plane connection lost before the reply to ${this.operation} ${this.correlationId} (${this.reason}); outcome unknown: the message was sent and may or may not have been processed, and it was not re-sent`
  }
}

/** No reply in time. `sent: false` means the message never left (no connection or waiting for capacity). */
export class ReplyTimeout extends Schema.TaggedError<ReplyTimeout>()("ReplyTimeout", {
  correlationId: Schema.String,
  operation: Schema.String,
  timeoutMillis: Schema.Number,
  sent: Schema.Boolean,
  /** Why it was not sent, e.g. the last connection error. */
  detail: Schema.optional(Schema.String)
}) {
  override get message() {
    const detail = this.detail === undefined ? "" : ` (${this.detail})`
    return this.sent
      ? `no data-plane reply to ${this.operation} ${this.correlationId} within ${this.timeoutMillis} ms; outcome unknown, not re-sent`
      : `data-plane message ${this.operation} ${this.correlationId} was not sent within ${this.timeoutMillis} ms${detail}`
  }
}

/** The channel has been shut down (its scope closed). */
export class ChannelClosed extends Schema.TaggedError<ChannelClosed>()("ChannelClosed", {}) {
  override get message() {
    return "the data-plane channel is closed"
  }
}

export type DataPlaneError =
  | MessageTooLarge
  | InvalidMessage
  | DuplicateCorrelationId
  | ConnectionLost
  | ReplyTimeout
  | ChannelClosed
